// Protocol mode over real WebSockets with stock y-websocket clients: the facilitator's phases and
// timer reach everyone; locks, owner-only protocol state and the built-in pile are enforced by the
// server (a refused update reaches no other client and no storage, and its sender is told);
// private-first layers and the disagreement view.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { compareLayers, openDisagreements } from '#shared/disagreements.js';
import { nextPhase, setPhaseLock, setPhaseMinutes, setPrivateSort, startProtocol, startTimer } from '#shared/protocolSession.js';
import { boardPiles } from '#shared/schema/board.js';
import { addCardTag, createCard, getCard, placeCard } from '#shared/schema/card.js';
import { NOT_SURE_YET_PILE_ID } from '#shared/schema/notSureYet.js';
import { createPile, getPile, pileText, updatePile } from '#shared/schema/pile.js';
import { markSettled, placePrivately, readPrivateLayers, readSettled, setPrivateSorter } from '#shared/schema/privateSort.js';
import { type ProtocolState, readProtocol, writeProtocol } from '#shared/schema/protocol.js';
import { CLOSE_CODES } from '#shared/syncWire.js';
import { type CreatedBoard, connectClient, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverWithBoard() {
  const server = await startServer();
  cleanups.push(() => server.close());
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Solve 48 + 27 two ways', task: 'Show two strategies.', template: 'strategy' }),
  });
  const board = (await response.json()) as CreatedBoard;
  return { server, board };
}

interface Client {
  doc: Y.Doc;
  provider: ReturnType<typeof connectClient>['provider'];
  /** Resolves with the code and reason of the first close the server sends this client. */
  closed: Promise<{ code: number; reason: string }>;
}

function client(server: TestServer, boardId: string, token: string): Client {
  const connection = connectClient(server.wsUrl, boardId, token);
  cleanups.push(() => connection.provider.destroy());
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    connection.provider.on('connection-close', (event) => {
      if (event) resolve({ code: event.code, reason: event.reason });
    }),
  );
  return { ...connection, closed };
}

async function synced(...clients: Client[]) {
  await Promise.all(clients.map((c) => waitForSync(c.provider)));
}

/** The facilitator's move, written as the owner's client writes it. */
function facilitate(doc: Y.Doc, move: (state: ProtocolState) => Partial<ProtocolState>) {
  writeProtocol(doc, move(readProtocol(doc)));
}

/** The board as storage holds it: every stored update applied to a fresh document. */
async function stored(server: TestServer, boardId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of await server.app.storage.loadUpdates(boardId)) Y.applyUpdate(doc, update);
  return doc;
}

/** A class set of three cards and two strategy piles, made by the owner; everyone waits for it. */
async function classSet(owner: Client, ...others: Client[]) {
  const numberLine = createPile(owner.doc, { title: 'Number line', x: 600, y: 0, w: 400, h: 300 });
  const baseTen = createPile(owner.doc, { title: 'Base ten', x: 1100, y: 0, w: 400, h: 300 });
  const cards = ['Ana M.', 'Ben K.', 'Cai L.'].map((student) => createCard(owner.doc, { student, pages: [] }));
  await waitFor(() => others.every((other) => cards.every((id) => getCard(other.doc, id) !== null)), 'the class set reaches everyone');
  return { numberLine, baseTen, cards };
}

describe('protocol phases', () => {
  it('the facilitator’s phase, minutes and running timer reach every participant, viewers included', async () => {
    const { server, board } = await serverWithBoard();
    const owner = client(server, board.id, board.tokens.owner);
    const editor = client(server, board.id, board.tokens.editor);
    const viewer = client(server, board.id, board.tokens.viewer);
    await synced(owner, editor, viewer);

    facilitate(owner.doc, startProtocol);
    facilitate(owner.doc, (state) => setPhaseMinutes(state, 'sort', 40));
    facilitate(owner.doc, (state) => nextPhase(state, 1_000));
    facilitate(owner.doc, (state) => startTimer(state, 2_000));
    for (const participant of [editor, viewer]) {
      await waitFor(() => readProtocol(participant.doc).timer.startedAt === 2_000, 'the running timer arrives');
      expect(readProtocol(participant.doc)).toMatchObject({
        active: true,
        phase: 'sort',
        minutes: { task: 5, sort: 40, trends: 10, nextSteps: 20 },
        timer: { startedAt: 2_000, elapsedMs: 0 },
      });
    }
    expect(readProtocol(await stored(server, board.id)).phase).toBe('sort');
  });

  it('an editor cannot change the protocol: the update is refused, the editor is told, everyone else carries on', async () => {
    const { server, board } = await serverWithBoard();
    const owner = client(server, board.id, board.tokens.owner);
    const editor = client(server, board.id, board.tokens.editor);
    const other = client(server, board.id, board.tokens.editor);
    await synced(owner, editor, other);

    facilitate(editor.doc, startProtocol);
    facilitate(editor.doc, (state) => setPhaseLock(state, 'sort', true));
    expect(await editor.closed).toEqual({ code: CLOSE_CODES.editRefused, reason: 'only the facilitator can change the protocol' });

    // Sent after the refused one: once it arrives, the refused update would have too.
    const marker = createCard(other.doc, { student: 'Marker', pages: [] });
    await waitFor(() => getCard(owner.doc, marker) !== null, 'the other editor’s edit still flows');
    expect(readProtocol(owner.doc).active).toBe(false);
    expect(readProtocol(other.doc).locks.sort).toBe(false);
    const fromStorage = await stored(server, board.id);
    expect(getCard(fromStorage, marker)).not.toBeNull();
    expect(readProtocol(fromStorage).active).toBe(false);
  });
});

describe('locked phases are enforced by the server', () => {
  it('once sort is locked, a card move is refused: it reaches no other client and no storage; tags still flow', async () => {
    const { server, board } = await serverWithBoard();
    const owner = client(server, board.id, board.tokens.owner);
    const mover = client(server, board.id, board.tokens.editor);
    const tagger = client(server, board.id, board.tokens.editor);
    await synced(owner, mover, tagger);
    const { numberLine, cards } = await classSet(owner, mover, tagger);
    const [ana = '', ben = ''] = cards;
    placeCard(mover.doc, ana, { pileId: numberLine, x: 0, y: 0 });
    await waitFor(() => getCard(owner.doc, ana)?.pileId === numberLine, 'a move before the lock flows');

    facilitate(owner.doc, startProtocol);
    facilitate(owner.doc, (state) => setPhaseLock(state, 'sort', true));
    await waitFor(() => readProtocol(mover.doc).locks.sort && readProtocol(tagger.doc).locks.sort, 'the lock reaches the editors');

    placeCard(mover.doc, ben, { pileId: numberLine, x: 0, y: 0 });
    expect(await mover.closed).toEqual({ code: CLOSE_CODES.editRefused, reason: 'the sort phase is locked by the facilitator' });

    addCardTag(tagger.doc, ben, 'counting on');
    await waitFor(() => getCard(owner.doc, ben)?.tags.includes('counting on') === true, 'a tag (not owned by sort) still flows');
    expect(getCard(owner.doc, ben)?.pileId).toBeNull();
    expect(getCard(tagger.doc, ben)?.pileId).toBeNull();
    const fromStorage = await stored(server, board.id);
    expect(getCard(fromStorage, ben)).toMatchObject({ pileId: null, tags: ['counting on'] });

    // A fresh connection of the refused editor loads the board as it is and may move again once unlocked.
    facilitate(owner.doc, (state) => setPhaseLock(state, 'sort', false));
    const again = client(server, board.id, board.tokens.editor);
    await synced(again);
    await waitFor(() => !readProtocol(again.doc).locks.sort, 'the unlock reaches the editor');
    placeCard(again.doc, ben, { pileId: numberLine, x: 0, y: 0 });
    await waitFor(() => getCard(owner.doc, ben)?.pileId === numberLine, 'moves flow again after unlocking');
  });

  it('locked trends refuse typing in a pile’s description, while next steps (unlocked) still flow', async () => {
    const { server, board } = await serverWithBoard();
    const owner = client(server, board.id, board.tokens.owner);
    const writer = client(server, board.id, board.tokens.editor);
    await synced(owner, writer);
    const { numberLine } = await classSet(owner, writer);
    await waitFor(() => pileText(writer.doc, numberLine, 'description') !== null, 'the pile reaches the writer');
    pileText(writer.doc, numberLine, 'description')?.insert(0, 'Counts on by ones.');
    await waitFor(() => getPile(owner.doc, numberLine)?.description === 'Counts on by ones.', 'typing before the lock flows');

    facilitate(owner.doc, startProtocol);
    facilitate(owner.doc, (state) => setPhaseLock(state, 'trends', true));
    await waitFor(() => readProtocol(writer.doc).locks.trends, 'the lock reaches the writer');
    pileText(writer.doc, numberLine, 'nextSteps')?.insert(0, 'Jumps of ten.');
    await waitFor(() => getPile(owner.doc, numberLine)?.nextSteps === 'Jumps of ten.', 'next steps still flow');
    pileText(writer.doc, numberLine, 'description')?.insert(18, ' Sometimes skips.');
    expect((await writer.closed).code).toBe(CLOSE_CODES.editRefused);

    // The owner is bound by the lock too, for the title as for the text.
    updatePile(owner.doc, numberLine, { title: 'Renamed' });
    expect((await owner.closed).reason).toBe('the trends phase is locked by the facilitator');
    const fromStorage = await stored(server, board.id);
    expect(getPile(fromStorage, numberLine)).toMatchObject({
      title: 'Number line',
      description: 'Counts on by ones.',
      nextSteps: 'Jumps of ten.',
    });
  });

  it('nobody can delete the built-in Not sure yet pile, the owner included', async () => {
    const { server, board } = await serverWithBoard();
    const owner = client(server, board.id, board.tokens.owner);
    const observer = client(server, board.id, board.tokens.viewer);
    await synced(owner, observer);
    expect(getPile(owner.doc, NOT_SURE_YET_PILE_ID)?.title).toBe('Not sure yet');
    boardPiles(owner.doc).delete(NOT_SURE_YET_PILE_ID);
    expect(await owner.closed).toEqual({ code: CLOSE_CODES.editRefused, reason: 'the Not sure yet pile cannot be deleted' });
    expect(getPile(observer.doc, NOT_SURE_YET_PILE_ID)).not.toBeNull();
    expect(getPile(await stored(server, board.id), NOT_SURE_YET_PILE_ID)).not.toBeNull();
  });
});

describe('private first', () => {
  it('each person sorts on their own layer; the comparison shows who put a card where; settling moves it for everyone', async () => {
    const { server, board } = await serverWithBoard();
    const owner = client(server, board.id, board.tokens.owner);
    const rivera = client(server, board.id, board.tokens.editor);
    const chen = client(server, board.id, board.tokens.editor);
    await synced(owner, rivera, chen);
    const { numberLine, baseTen, cards } = await classSet(owner, rivera, chen);
    const [ana = '', ben = '', cai = ''] = cards;
    facilitate(owner.doc, startProtocol);
    facilitate(owner.doc, (state) => nextPhase(state, 0));
    facilitate(owner.doc, () => setPrivateSort('private'));
    await waitFor(() => readProtocol(chen.doc).privateSort === 'private', 'private first reaches the team');

    setPrivateSorter(rivera.doc, { id: 'rivera', name: 'Ms. Rivera', color: '#d7263d' });
    placePrivately(
      rivera.doc,
      'rivera',
      new Map([
        [ana, { pileId: numberLine, order: 0 }],
        [ben, { pileId: baseTen, order: 0 }],
      ]),
    );
    setPrivateSorter(chen.doc, { id: 'chen', name: 'Mr. Chen', color: '#1b998b' });
    placePrivately(
      chen.doc,
      'chen',
      new Map([
        [ana, { pileId: numberLine, order: 0 }],
        [ben, { pileId: numberLine, order: 1 }],
        [cai, { pileId: null, order: 0 }],
      ]),
    );
    await waitFor(
      () => readPrivateLayers(owner.doc).get('chen')?.placements.size === 3 && readPrivateLayers(owner.doc).size === 2,
      'layers',
    );
    // Private placements leave the shared board alone.
    expect(cards.map((id) => getCard(owner.doc, id)?.pileId)).toEqual([null, null, null]);

    facilitate(owner.doc, () => setPrivateSort('revealed'));
    const piles = new Set([numberLine, baseTen, NOT_SURE_YET_PILE_ID]);
    await waitFor(() => readProtocol(rivera.doc).privateSort === 'revealed', 'the reveal reaches the team');
    const comparisons = compareLayers(cards, readPrivateLayers(rivera.doc).values(), piles);
    const open = openDisagreements(comparisons, readSettled(rivera.doc));
    expect(open.map((c) => c.cardId)).toEqual([ben]);
    const votes = new Map(open[0]?.votes.map((vote) => [vote.pileId, vote.people.map((person) => person.name)]));
    expect(votes).toEqual(
      new Map([
        [baseTen, ['Ms. Rivera']],
        [numberLine, ['Mr. Chen']],
      ]),
    );
    // Ana's card was agreed on; Cai's was left unsorted by the one person who looked at it.
    expect(comparisons.find((c) => c.cardId === ana)?.disagreement).toBe(false);
    expect(comparisons.some((c) => c.cardId === cai)).toBe(false);

    // The team settles Ben's card: it moves for everyone and leaves the list of open disagreements.
    rivera.doc.transact(() => {
      placeCard(rivera.doc, ben, { pileId: baseTen, x: 0, y: 0 });
      markSettled(rivera.doc, ben, baseTen);
    });
    await waitFor(() => getCard(chen.doc, ben)?.pileId === baseTen, 'the settled card moves for everyone');
    expect(openDisagreements(compareLayers(cards, readPrivateLayers(chen.doc).values(), piles), readSettled(chen.doc))).toEqual([]);

    // Once sort is locked, nobody's layer changes any more.
    facilitate(owner.doc, (state) => setPhaseLock(state, 'sort', true));
    await waitFor(() => readProtocol(chen.doc).locks.sort, 'the lock reaches Mr. Chen');
    placePrivately(chen.doc, 'chen', new Map([[cai, { pileId: baseTen, order: 0 }]]));
    expect((await chen.closed).code).toBe(CLOSE_CODES.editRefused);
    expect(
      readPrivateLayers(await stored(server, board.id))
        .get('chen')
        ?.placements.get(cai),
    ).toEqual({ pileId: null, order: 0 });
  });
});
