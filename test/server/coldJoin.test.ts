// Opening a board nobody has open: the server loads it from storage and sends it once, in the
// handshake, not a second time as an update (a 500-card board is over 100 KB).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCard, listCards } from '#shared/schema/card.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

let server: TestServer;
let board: CreatedBoard;

beforeAll(async () => {
  server = await startServer();
  board = await createBoard(server.url);
  const writer = connectClient(server.wsUrl, board.id, board.tokens.editor);
  await waitForSync(writer.provider);
  writer.doc.transact(() => {
    for (let i = 0; i < 50; i++) createCard(writer.doc, { student: `Student ${i}`, pages: [] });
  });
  // Once another client has all fifty, the server has them; then everyone leaves, so the board is
  // unloaded and the next join loads it from storage.
  const reader = connectClient(server.wsUrl, board.id, board.tokens.viewer);
  await waitFor(() => listCards(reader.doc).length === 50, 'the cards reach the server');
  reader.provider.destroy();
  writer.provider.destroy();
  await waitFor(async () => (await server.app.rooms.loaded(board.id)) === null, 'the board is unloaded');
});
afterAll(async () => {
  await server?.close();
});

describe('joining a board nobody has open', { timeout: 30_000 }, () => {
  it('sends the document once, in answer to the handshake', async () => {
    const socket = new WebSocket(`${server.wsUrl}/sync/${board.id}?token=${board.tokens.viewer}`);
    const received: { type: number; bytes: number }[] = [];
    socket.on('message', (data: Buffer) => {
      if (data[0] === 0) received.push({ type: data[1] ?? -1, bytes: data.length });
    });
    await new Promise((resolve) => socket.once('open', resolve));
    // Sync step 1 with an empty state vector: "send me everything".
    socket.send(Uint8Array.from([0, 0, 1, 0]));
    await waitFor(() => received.some((message) => message.type === 1), 'the answer to the handshake');
    // A later edit by someone else reaches this socket as an update: anything the load would have
    // sent again as an update is on the socket before it.
    const writer = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await waitForSync(writer.provider);
    const updatesBefore = received.filter((message) => message.type === 2).length;
    createCard(writer.doc, { student: 'Late arrival', pages: [] });
    await waitFor(() => received.filter((message) => message.type === 2).length > updatesBefore, 'the later edit arrives as an update');
    writer.provider.destroy();
    socket.close();
    const big = received.filter((message) => message.bytes > 1000);
    expect(big).toHaveLength(1);
    expect(big[0]?.type).toBe(1);
  });
});
