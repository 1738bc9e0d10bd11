// Live sync over real WebSockets with the stock y-websocket client: convergence, read-only
// viewers, refusal before upgrade, and persistence across restarts.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardCards } from '#shared/schema/board.js';
import { createCard, getCard, placeCard } from '#shared/schema/card.js';
import { readMeta } from '#shared/schema/meta.js';
import { createPile, listPiles } from '#shared/schema/pile.js';
import { connectClient, createBoard, startServer, type TestServer, tryUpgrade, waitFor, waitForSync } from '../fixtures/server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverWithBoard(dataDir?: string) {
  const server = await startServer({}, dataDir);
  cleanups.push(() => server.close());
  const board = await createBoard(server.url, { title: 'Solve 48 + 27 two ways', task: 'Show two strategies.' });
  return { server, board };
}

function client(server: TestServer, boardId: string, token: string) {
  const connection = connectClient(server.wsUrl, boardId, token);
  cleanups.push(() => connection.provider.destroy());
  return connection;
}

describe('live sync', () => {
  it('a new client receives the board as created: schema version, title and task', async () => {
    const { server, board } = await serverWithBoard();
    const { doc, provider } = client(server, board.id, board.tokens.viewer);
    await waitForSync(provider);
    expect(readMeta(doc)).toEqual({ schemaVersion: 1, title: 'Solve 48 + 27 two ways', task: 'Show two strategies.', classId: null });
  });

  it('two editors converge on the same cards and piles', async () => {
    const { server, board } = await serverWithBoard();
    const a = client(server, board.id, board.tokens.editor);
    const b = client(server, board.id, board.tokens.owner);
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)]);

    const cardId = createCard(a.doc, { student: 'Ana M.', pages: [], x: 10, y: 20 });
    const pileId = createPile(b.doc, { title: 'Decomposes by place value', x: 400, y: 0, w: 400, h: 300 });
    await waitFor(() => getCard(b.doc, cardId) !== null && listPiles(a.doc).length === 1, 'both edits reach both clients');
    placeCard(b.doc, cardId, { pileId, x: 416, y: 52 });
    await waitFor(() => getCard(a.doc, cardId)?.pileId === pileId, 'the drop reaches the first client');
    expect(Y.encodeStateAsUpdate(a.doc)).toEqual(Y.encodeStateAsUpdate(b.doc));
  });

  it("a viewer's edits never reach other participants or storage", async () => {
    const { server, board } = await serverWithBoard();
    const viewer = client(server, board.id, board.tokens.viewer);
    const editor = client(server, board.id, board.tokens.editor);
    await Promise.all([waitForSync(viewer.provider), waitForSync(editor.provider)]);

    createCard(viewer.doc, { student: 'Sneaky', pages: [] });
    // A marker edit from the editor, sent after the viewer's: once it arrives, the viewer's would have too.
    createCard(editor.doc, { student: 'Marker', pages: [] });
    const fresh = client(server, board.id, board.tokens.owner);
    await waitForSync(fresh.provider);
    await waitFor(() => boardCards(fresh.doc).size === 1, 'the marker card reaches a new client');
    const students = [...boardCards(fresh.doc).values()].map((card) => card.get('student'));
    expect(students).toEqual(['Marker']);
    expect([...boardCards(editor.doc).values()].map((card) => card.get('student'))).toEqual(['Marker']);
  });

  it("a viewer's awareness (cursor, name) is relayed", async () => {
    const { server, board } = await serverWithBoard();
    const viewer = client(server, board.id, board.tokens.viewer);
    const editor = client(server, board.id, board.tokens.editor);
    await Promise.all([waitForSync(viewer.provider), waitForSync(editor.provider)]);
    viewer.provider.awareness.setLocalState({ user: { name: 'Projector', color: '#2e86ab', role: 'viewer' }, cursor: { x: 5, y: 6 } });
    await waitFor(
      () => [...editor.provider.awareness.getStates().values()].some((state) => state.user?.name === 'Projector'),
      'the viewer cursor reaches the editor',
    );
  });

  for (const [label, token] of [
    ['no token', ''],
    ['an unknown token', 'bogus-token'],
  ] as const) {
    it(`an upgrade with ${label} is refused before any document data is sent`, async () => {
      const { server, board } = await serverWithBoard();
      const { status, messages } = await tryUpgrade(`${server.wsUrl}/sync/${board.id}${token ? `?token=${token}` : ''}`);
      expect(status).toBe(401);
      expect(messages).toEqual([]);
    });
  }

  it('a token of another board cannot open this board', async () => {
    const { server, board } = await serverWithBoard();
    const other = await createBoard(server.url, { title: 'Other' });
    const { status, messages } = await tryUpgrade(`${server.wsUrl}/sync/${board.id}?token=${other.tokens.owner}`);
    expect(status).toBe(401);
    expect(messages).toEqual([]);
  });

  it('a restart on the same data folder keeps everything', async () => {
    const { server, board } = await serverWithBoard();
    const editor = client(server, board.id, board.tokens.editor);
    await waitForSync(editor.provider);
    const pileId = createPile(editor.doc, { title: 'Counts on by ones', x: 0, y: 0, w: 400, h: 300 });
    const cardId = createCard(editor.doc, { student: 'José R.', pages: [], pileId });
    const observer = client(server, board.id, board.tokens.viewer);
    await waitFor(() => getCard(observer.doc, cardId)?.pileId === pileId, 'the edits were relayed');
    editor.provider.destroy();
    observer.provider.destroy();
    await server.close();

    const restarted = await startServer({}, server.dataDir);
    cleanups.push(() => restarted.close());
    const reader = client(restarted, board.id, board.tokens.viewer);
    await waitForSync(reader.provider);
    expect(getCard(reader.doc, cardId)).toMatchObject({ student: 'José R.', pileId });
    expect(listPiles(reader.doc).map((pile) => pile.title)).toEqual(['Counts on by ones']);
  });

  it('rotating a token closes the WebSockets opened with it', async () => {
    const { server, board } = await serverWithBoard();
    const viewer = client(server, board.id, board.tokens.viewer);
    await waitForSync(viewer.provider);
    const closed = new Promise<number>((resolve) => viewer.provider.ws?.addEventListener('close', (event) => resolve(event.code)));
    viewer.provider.shouldConnect = false;
    await fetch(`${server.url}/api/boards/${board.id}/tokens/viewer/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.owner}` },
    });
    expect(await closed).toBe(4401);
  });
});
