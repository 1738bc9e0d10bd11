// Snapshots: a team saves the sort under a name, lists what was saved, and the owner can bring
// the board back to a snapshot as a new change everyone sees live, without losing any history.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type ExportModel, exportModelOfDoc } from '#shared/exportModel.js';
import { boardCards } from '#shared/schema/board.js';
import { createCard, getCard, placeCard } from '#shared/schema/card.js';
import { writeMeta } from '#shared/schema/meta.js';
import { createPile, deletePile, pileText, updatePile } from '#shared/schema/pile.js';
import { connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverWithBoard() {
  const server = await startServer();
  cleanups.push(() => server.close());
  const board = await createBoard(server.url, { title: 'Solve 48 + 27 two ways', task: 'Show two strategies.' });
  return { server, board };
}

function client(server: TestServer, boardId: string, token: string) {
  const connection = connectClient(server.wsUrl, boardId, token);
  cleanups.push(() => connection.provider.destroy());
  return connection;
}

function api(server: TestServer, token: string | undefined, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
}

async function saveSnapshot(
  server: TestServer,
  boardId: string,
  token: string,
  name: string,
): Promise<{ id: string; name: string; createdAt: string }> {
  const response = await api(server, token, 'POST', `/api/boards/${boardId}/snapshots`, { name });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; name: string; createdAt: string };
}

/** What a sort says, without the time of the export. */
function sortOf(model: ExportModel) {
  return { board: model.board, piles: model.piles, unsorted: model.unsorted };
}

describe('snapshots', () => {
  it('an editor saves named snapshots and everyone with a link lists them, newest first', async () => {
    const { server, board } = await serverWithBoard();
    const first = await saveSnapshot(server, board.id, board.tokens.editor, 'after first sort');
    const second = await saveSnapshot(server, board.id, board.tokens.owner, '  final  ');
    expect(first).toEqual({ id: expect.any(String), name: 'after first sort', createdAt: expect.any(String) });
    expect(new Date(first.createdAt).toISOString()).toBe(first.createdAt);
    expect(second.name).toBe('final');

    const response = await api(server, board.tokens.viewer, 'GET', `/api/boards/${board.id}/snapshots`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([second, first]);
  });

  it('refuses whoever may not: a viewer saving, an editor restoring, no or another board’s token, a blank name', async () => {
    const { server, board } = await serverWithBoard();
    const other = await createBoard(server.url);
    const snapshot = await saveSnapshot(server, board.id, board.tokens.editor, 'before');
    const base = `/api/boards/${board.id}/snapshots`;
    expect((await api(server, board.tokens.viewer, 'POST', base, { name: 'x' })).status).toBe(403);
    expect((await api(server, board.tokens.editor, 'POST', `${base}/${snapshot.id}/restore`)).status).toBe(403);
    expect((await api(server, undefined, 'GET', base)).status).toBe(401);
    expect((await api(server, other.tokens.owner, 'GET', base)).status).toBe(401);
    const blank = await api(server, board.tokens.editor, 'POST', base, { name: '   ' });
    expect(blank.status).toBe(400);
    expect(((await blank.json()) as { message: string }).message).toMatch(/name/);
    const unknown = await api(server, board.tokens.owner, 'POST', `${base}/nosuchsnapshot/restore`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'not_found', message: expect.stringMatching(/snapshot/i) });
    // A snapshot of one board is not reachable through another board.
    expect((await api(server, other.tokens.owner, 'POST', `/api/boards/${other.id}/snapshots/${snapshot.id}/restore`)).status).toBe(404);
  });

  it('restoring brings every connected client back to the snapshot, as a new change that keeps all history', async () => {
    const { server, board } = await serverWithBoard();
    const a = client(server, board.id, board.tokens.editor);
    const b = client(server, board.id, board.tokens.owner);
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)]);

    // The first sort.
    const placeValue = createPile(a.doc, {
      title: 'Place value',
      x: 0,
      y: 0,
      w: 400,
      h: 300,
      description: 'Tens and ones.',
      nextSteps: 'Blocks.',
    });
    const ana = createCard(a.doc, { student: 'Ana', pages: [], pileId: placeValue, order: 1, tags: ['regroups'] });
    const ben = createCard(a.doc, { student: 'Ben', pages: ['page-b'], pileId: placeValue, order: 2 });
    const cy = createCard(a.doc, { student: 'Cy', pages: [], order: 3 });
    await waitFor(() => boardCards(b.doc).size === 3, 'the first sort reaches the owner');
    const firstSort = await saveSnapshot(server, board.id, board.tokens.editor, 'after first sort');
    const expected = sortOf(exportModelOfDoc(a.doc, { boardId: board.id, exportedAt: '' }));

    // Then the team changes its mind, from both clients.
    placeCard(b.doc, ana, { pileId: null, x: 50, y: 600 });
    updatePile(b.doc, placeValue, { title: 'Decomposes by place value', color: '#56b4e9' });
    pileText(b.doc, placeValue, 'description')?.insert(0, 'Splits numbers. ');
    boardCards(a.doc).delete(ben);
    const counting = createPile(a.doc, { title: 'Counting on', x: 500, y: 0, w: 400, h: 300 });
    placeCard(a.doc, cy, { pileId: counting, x: 0, y: 0 });
    const dee = createCard(a.doc, { student: 'Dee', pages: [], pileId: counting });
    writeMeta(b.doc, { task: 'Show two strategies, then explain.' });
    await waitFor(() => getCard(b.doc, dee) !== null && getCard(a.doc, ana)?.pileId === null, 'the second sort reaches everyone');
    const secondSort = await saveSnapshot(server, board.id, board.tokens.editor, 'second sort');
    const secondExpected = sortOf(exportModelOfDoc(b.doc, { boardId: board.id, exportedAt: '' }));
    const stateBefore = Y.decodeStateVector(Y.encodeStateVector(a.doc));

    const restore = await api(server, board.tokens.owner, 'POST', `/api/boards/${board.id}/snapshots/${firstSort.id}/restore`);
    expect(restore.status).toBe(200);
    const result = (await restore.json()) as { restored: { id: string }; backup: { id: string; name: string } };
    expect(result.restored.id).toBe(firstSort.id);
    expect(result.backup.name).toBe('Before restoring “after first sort”');

    // Both clients converge on the first sort, without reconnecting.
    const live = (doc: Y.Doc) => sortOf(exportModelOfDoc(doc, { boardId: board.id, exportedAt: '' }));
    await waitFor(
      () => JSON.stringify(live(a.doc)) === JSON.stringify(expected) && JSON.stringify(live(b.doc)) === JSON.stringify(expected),
      'both clients show the first sort again',
    );
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(Y.encodeStateAsUpdate(b.doc));
    expect(getCard(a.doc, ben)).toMatchObject({ student: 'Ben', pages: ['page-b'], pileId: placeValue });
    expect(getCard(a.doc, dee)).toBeNull();

    // A new change, not a rewind: every clock only moved forward.
    const stateAfter = Y.decodeStateVector(Y.encodeStateVector(a.doc));
    for (const [clientId, clock] of stateBefore) expect(stateAfter.get(clientId) ?? 0).toBeGreaterThanOrEqual(clock);
    expect(
      [...stateAfter.keys()].some(
        (clientId) => !stateBefore.has(clientId) || (stateAfter.get(clientId) ?? 0) > (stateBefore.get(clientId) ?? 0),
      ),
    ).toBe(true);

    // History is intact: the second sort still exports what it had, and the backup holds it too.
    for (const snapshotId of [secondSort.id, result.backup.id]) {
      const exported = await api(server, board.tokens.viewer, 'GET', `/api/boards/${board.id}/snapshots/${snapshotId}/export.json`);
      expect(sortOf((await exported.json()) as ExportModel)).toEqual(secondExpected);
    }
    const list = (await (await api(server, board.tokens.viewer, 'GET', `/api/boards/${board.id}/snapshots`)).json()) as { id: string }[];
    expect(list.map((snapshot) => snapshot.id)).toEqual([result.backup.id, secondSort.id, firstSort.id]);

    // The board goes on as usual after a restore.
    const eve = createCard(a.doc, { student: 'Eve', pages: [] });
    await waitFor(() => getCard(b.doc, eve) !== null, 'an edit after the restore reaches the owner');
    // And the restore survives the board being unloaded and loaded again.
    a.provider.destroy();
    b.provider.destroy();
    await waitFor(async () => (await server.app.rooms.loaded(board.id)) === null, 'the board is unloaded');
    const fresh = client(server, board.id, board.tokens.viewer);
    await waitForSync(fresh.provider);
    await waitFor(() => getCard(fresh.doc, eve) !== null, 'a fresh client loads the restored board');
    expect(live(fresh.doc).piles).toEqual(expected.piles);
  });

  it('restoring deletes piles the snapshot did not have, and the cards in them come back where they were', async () => {
    const { server, board } = await serverWithBoard();
    const a = client(server, board.id, board.tokens.owner);
    await waitForSync(a.provider);
    const keep = createPile(a.doc, { title: 'Keep', x: 0, y: 0, w: 300, h: 300 });
    const card = createCard(a.doc, { student: 'Zoë', pages: [], pileId: keep });
    await waitFor(
      async () => (await server.app.rooms.withRoom(board.id, (room) => getCard(room.doc, card))) !== null,
      'the card is on the server',
    );
    const snapshot = await saveSnapshot(server, board.id, board.tokens.owner, 'one pile');
    const extra = createPile(a.doc, { title: 'Extra', x: 400, y: 0, w: 300, h: 300 });
    placeCard(a.doc, card, { pileId: extra, x: 0, y: 0 });
    deletePile(a.doc, keep);
    await waitFor(
      async () => (await server.app.rooms.withRoom(board.id, (room) => getCard(room.doc, card)?.pileId)) === extra,
      'the move reaches the server',
    );

    expect((await api(server, board.tokens.owner, 'POST', `/api/boards/${board.id}/snapshots/${snapshot.id}/restore`)).status).toBe(200);
    await waitFor(() => getCard(a.doc, card)?.pileId === keep, 'the card is back in its pile');
    const model = exportModelOfDoc(a.doc, { boardId: board.id, exportedAt: '' });
    expect(model.piles.map((pile) => pile.title)).toEqual(['Keep']);
  });

  it('a snapshot holds the document only, not copies of the images', async () => {
    const { server, board } = await serverWithBoard();
    const a = client(server, board.id, board.tokens.editor);
    await waitForSync(a.provider);
    for (let i = 0; i < 30; i++) createCard(a.doc, { student: `Student ${i}`, pages: [`${i}`.padStart(32, 'a')] });
    await waitFor(
      async () => (await server.app.rooms.withRoom(board.id, (room) => boardCards(room.doc).size)) === 30,
      'the cards are on the server',
    );
    const snapshot = await saveSnapshot(server, board.id, board.tokens.editor, 'thirty cards');
    const stored = await server.app.storage.getSnapshot(board.id, snapshot.id);
    expect(stored?.state.byteLength).toBeGreaterThan(0);
    expect(stored?.state.byteLength).toBeLessThan(10_000);
  });

  it('deleting a board deletes its snapshots', async () => {
    const { server, board } = await serverWithBoard();
    const snapshot = await saveSnapshot(server, board.id, board.tokens.editor, 'doomed');
    expect(await server.app.storage.getSnapshot(board.id, snapshot.id)).not.toBeNull();
    expect((await api(server, board.tokens.owner, 'DELETE', `/api/boards/${board.id}`)).status).toBe(204);
    expect(await server.app.storage.getSnapshot(board.id, snapshot.id)).toBeNull();
    expect(await server.app.storage.listSnapshots(board.id)).toEqual([]);
    expect((await api(server, board.tokens.owner, 'GET', `/api/boards/${board.id}/snapshots/${snapshot.id}/export.json`)).status).toBe(401);
  });
});
