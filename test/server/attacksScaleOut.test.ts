// The check against pending updates, across server processes on PostgreSQL and Redis: an honest
// tab's update that reaches one process before the change it builds on (accepted by the other
// process) waits for that change to arrive through the fan-out, then applies.
import * as encoding from 'lib0/encoding';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createCard, getCard, placeCard } from '#shared/schema/card.js';
import { MESSAGE_SYNC } from '#shared/syncWire.js';
import { HOLD_MS } from '../../server/sync/room.js';
import { type ServerProcess, startServerProcess } from '../fixtures/process.js';
import { connectClient, createBoard, tempDataDir, waitFor, waitForSync } from '../fixtures/server.js';
import { dropSchema, isolatedNames, POSTGRES_URL, REDIS_URL, scaleOutServicesAvailable } from '../fixtures/services.js';

const servicesUp = await scaleOutServicesAvailable();
const { schema, prefix } = isolatedNames();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  if (servicesUp) await dropSchema(schema);
});

async function replica(): Promise<ServerProcess> {
  const server = await startServerProcess({
    DATABASE_URL: POSTGRES_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    DATA_DIR: tempDataDir(),
  });
  cleanups.push(() => server.stop('SIGKILL'));
  return server;
}

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

async function rawSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url);
  cleanups.push(() => socket.terminate());
  socket.on('error', () => {});
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade answered ${response.statusCode}`)));
  });
  return socket;
}

describe.skipIf(!servicesUp)('pending updates across processes', () => {
  it('an update reaching one process before what it builds on waits for it through the fan-out', { timeout: 60_000 }, async () => {
    const [one, two] = await Promise.all([replica(), replica()]);
    const board = await createBoard(one.url, { title: 'Two tabs, two processes' });
    const watcher = connectClient(two.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => watcher.provider.destroy());
    await waitForSync(watcher.provider);

    // One person's tab: a card, then a move of it, as two updates.
    const tab = new Y.Doc();
    Y.applyUpdate(tab, Y.encodeStateAsUpdate(watcher.doc));
    const updates: Uint8Array[] = [];
    tab.on('update', (update: Uint8Array) => updates.push(update));
    const card = createCard(tab, { student: 'Ana M.', pages: [] });
    placeCard(tab, card, { pileId: null, x: 640, y: 80 });
    const [created, moved] = updates as [Uint8Array, Uint8Array];

    // The move reaches process two first; the card reaches process one.
    const late = await rawSocket(`${two.wsUrl}/sync/${board.id}?token=${board.tokens.editor}`);
    late.send(syncUpdateMessage(moved));
    const early = await rawSocket(`${one.wsUrl}/sync/${board.id}?token=${board.tokens.editor}`);
    const sent = performance.now();
    early.send(syncUpdateMessage(created));

    await waitFor(() => getCard(watcher.doc, card)?.x === 640, 'the card and its move reach the watcher on process two');
    // Through the fan-out, not the re-read of storage a waiting update gets when its time is up.
    expect(performance.now() - sent).toBeLessThan(HOLD_MS);
    expect(late.readyState).toBe(WebSocket.OPEN);
    // Both are stored: a fresh reader on process one sees the move.
    const reader = connectClient(one.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => reader.provider.destroy());
    await waitFor(() => getCard(reader.doc, card)?.x === 640, 'a fresh reader sees the move');
  });
});
