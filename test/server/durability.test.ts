// What the server relays is already on disk: `kill -9` the instant after relaying loses nothing.
// Also: the update log is compacted, and a board leaves memory when its last client leaves.
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardCards } from '#shared/schema/board.js';
import { createCard, getCard, placeCard } from '#shared/schema/card.js';
import { startServerProcess } from '../fixtures/process.js';
import { connectClient, createBoard, startServer, tempDataDir, waitFor, waitForSync } from '../fixtures/server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('durability', () => {
  it('kill -9 right after an update is relayed loses nothing', { timeout: 90_000 }, async () => {
    const dataDir = tempDataDir();
    let server = await startServerProcess({ DATA_DIR: dataDir });
    cleanups.push(() => server.stop('SIGKILL'));
    const board = await createBoard(server.url);
    const expected: string[] = [];

    for (let round = 0; round < 3; round++) {
      const writer = connectClient(server.wsUrl, board.id, board.tokens.editor);
      const watcher = connectClient(server.wsUrl, board.id, board.tokens.viewer);
      await Promise.all([waitForSync(writer.provider), waitForSync(watcher.provider)]);
      const cardId = createCard(writer.doc, { student: `Student of round ${round}`, pages: [] });
      expected.push(cardId);
      // The instant the watcher sees the card, the server has relayed it: kill it right then.
      await new Promise<void>((resolve) => {
        const check = () => {
          if (!boardCards(watcher.doc).has(cardId)) return;
          server.child.kill('SIGKILL');
          watcher.doc.off('update', check);
          resolve();
        };
        watcher.doc.on('update', check);
        check();
      });
      writer.provider.destroy();
      watcher.provider.destroy();
      await server.stop('SIGKILL');
      server = await startServerProcess({ DATA_DIR: dataDir });
    }

    const reader = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => reader.provider.destroy());
    await waitForSync(reader.provider);
    for (const cardId of expected) expect(getCard(reader.doc, cardId)).not.toBeNull();
  });

  it('the update log is compacted, so storage does not grow with history', async () => {
    const server = await startServer({ COMPACT_AFTER_UPDATES: '50' });
    cleanups.push(() => server.close());
    const board = await createBoard(server.url);
    const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
    cleanups.push(() => editor.provider.destroy());
    await waitForSync(editor.provider);
    const cardId = createCard(editor.doc, { student: 'Mei L.', pages: [] });
    for (let move = 1; move <= 200; move++) placeCard(editor.doc, cardId, { pileId: null, x: move, y: move });
    await waitFor(async () => {
      const room = await server.app.rooms.loaded(board.id);
      return room !== null && getCard(room.doc, cardId)?.x === 200;
    }, 'every move reached the server');
    const size = await server.app.storage.documentSize(board.id);
    expect(size.updates).toBeLessThan(60);
    // What the compactions stored holds every move: the log alone rebuilds the card where it was left.
    const stored = new Y.Doc();
    for (const update of await server.app.storage.loadUpdates(board.id)) Y.applyUpdate(stored, update);
    expect(getCard(stored, cardId)?.x).toBe(200);
  });

  it('a board is unloaded from memory when its last client leaves, and saved compacted', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const board = await createBoard(server.url);
    const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await waitForSync(editor.provider);
    for (let i = 0; i < 20; i++) createCard(editor.doc, { student: `Student ${i}`, pages: [] });
    await waitFor(async () => (await server.app.rooms.loaded(board.id))?.doc.getMap('cards').size === 20, 'cards reached the server');
    expect(server.app.rooms.loadedCount).toBe(1);
    editor.provider.destroy();
    await waitFor(() => server.app.rooms.loadedCount === 0, 'the board is unloaded');
    expect((await server.app.storage.documentSize(board.id)).updates).toBe(1);

    const reader = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => reader.provider.destroy());
    await waitForSync(reader.provider);
    expect(boardCards(reader.doc).size).toBe(20);
  });
});
