// Messages that arrive while a board is still loading are held in order and delivered once it is
// ready, up to a bound (two of the largest messages): a link-holder cannot make the server hold
// unbounded memory for a board whose storage is slow to answer. With PostgreSQL the load is a
// real round trip; the test holds it by locking the updates table, as a long migration or a
// vacuum would, so the messages are certain to arrive first.
import * as encoding from 'lib0/encoding';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createCard, listCards } from '#shared/schema/card.js';
import { CLOSE_CODES, MESSAGE_SYNC } from '#shared/syncWire.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { dropSchema, isolatedNames, POSTGRES_URL, scaleOutServicesAvailable } from '../fixtures/services.js';

const servicesUp = await scaleOutServicesAvailable();
const { schema } = isolatedNames();
const MAX_MESSAGE_BYTES = 64 * 1024;

let server: TestServer;
let board: CreatedBoard;
let database: pg.Client;

beforeAll(async () => {
  if (!servicesUp) return;
  server = await startServer({ DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema, MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) });
  board = await createBoard(server.url, { title: 'Slow storage' });
  const writer = connectClient(server.wsUrl, board.id, board.tokens.editor);
  await waitForSync(writer.provider);
  createCard(writer.doc, { student: 'Already here', pages: [] });
  const reader = connectClient(server.wsUrl, board.id, board.tokens.viewer);
  await waitFor(() => listCards(reader.doc).length === 1, 'the card reaches the server');
  reader.provider.destroy();
  writer.provider.destroy();
  database = new pg.Client({ connectionString: POSTGRES_URL });
  await database.connect();
});

afterAll(async () => {
  await database?.end();
  await server?.close();
  if (servicesUp) await dropSchema(schema);
});

/** Until the returned function is called, no board can be loaded: its update log is locked. */
async function holdLoads(): Promise<() => Promise<void>> {
  await waitFor(async () => (await server.app.rooms.loaded(board.id)) === null, 'the board is unloaded', 20_000);
  await database.query('BEGIN');
  await database.query(`LOCK TABLE "${schema}".updates IN ACCESS EXCLUSIVE MODE`);
  return async () => {
    await database.query('ROLLBACK');
  };
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, 2); // y-protocols: an update
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** A raw socket that sends `messages` the moment it opens. */
async function sendOnOpen(messages: Uint8Array[]) {
  const socket = new WebSocket(`${server.wsUrl}/sync/${board.id}?token=${board.tokens.editor}`);
  socket.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve) => socket.once('open', resolve));
  for (const message of messages) socket.send(message);
  // A ping answered means every frame sent before it has reached the server (or it hung up).
  const answered = Promise.race([new Promise((resolve) => socket.once('pong', resolve)), closed]);
  socket.ping();
  await answered;
  return { socket, closed };
}

describe.runIf(servicesUp)('messages sent before a board has loaded', { timeout: 20_000 }, () => {
  it('past two of the largest messages, the sender is disconnected and told why', async () => {
    const release = await holdLoads();
    try {
      const bulky = [0, 1, 2].map((index) => {
        const doc = new Y.Doc();
        doc.getText(`filler${index}`).insert(0, 'x'.repeat(MAX_MESSAGE_BYTES - 1024));
        return updateMessage(Y.encodeStateAsUpdate(doc));
      });
      // Each is under the message limit; together they are past what is held for a loading board.
      for (const message of bulky) expect(message.byteLength).toBeLessThan(MAX_MESSAGE_BYTES);
      expect(bulky.reduce((sum, message) => sum + message.byteLength, 0)).toBeGreaterThan(2 * MAX_MESSAGE_BYTES);
      const { closed } = await sendOnOpen(bulky);
      expect(await closed).toEqual({ code: CLOSE_CODES.limitExceeded, reason: 'too much sent before the board loaded' });
    } finally {
      await release();
    }
  });

  it('within the bound, they are kept in order and applied once the board is ready', async () => {
    const release = await holdLoads();
    const early = new Y.Doc();
    createCard(early, { student: 'Early bird', pages: [] });
    const first = Y.encodeStateAsUpdate(early);
    const vector = Y.encodeStateVector(early);
    createCard(early, { student: 'Second early bird', pages: [] });
    // The second builds on the first: applied out of order, it would wait for it.
    const { socket } = await sendOnOpen([updateMessage(first), updateMessage(Y.encodeStateAsUpdate(early, vector))]);
    await release();
    const reader = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    try {
      await waitFor(() => listCards(reader.doc).length === 3, 'the early cards reach others', 20_000);
      expect(
        listCards(reader.doc)
          .map((card) => card.student)
          .sort(),
      ).toEqual(['Already here', 'Early bird', 'Second early bird']);
      expect(socket.readyState).toBe(WebSocket.OPEN);
    } finally {
      reader.provider.destroy();
      socket.close();
    }
  });
});
