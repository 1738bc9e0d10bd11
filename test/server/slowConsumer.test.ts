// A participant whose connection stops reading (a tablet asleep with the board open): the server
// stops buffering for it once its backlog stays over the cap, closes it with retry advice, and
// everyone else carries on untouched.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import {
  BacklogWatch,
  MAX_BUFFERED_BYTES,
  retryAdvice,
  SLOW_BYTES,
  SLOW_GRACE_MS,
  withRetryAdvice,
} from '../../server/sync/backpressure.js';
import { connectClient, createBoard, startServer, waitFor, waitForSync } from '../fixtures/server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('backlog watch', () => {
  const limits = { congested: 100, slow: 1000, graceMs: 5000, max: 10_000 };

  it('is congested over the soft limit, hopeless only when over the cap for the whole grace or past the ceiling', () => {
    const watch = new BacklogWatch(limits);
    expect(watch.check(50, 0)).toBe('ok');
    expect(watch.check(500, 10)).toBe('congested');
    expect(watch.check(2000, 1000)).toBe('congested');
    expect(watch.check(2000, 5999)).toBe('congested');
    expect(watch.check(2000, 6000)).toBe('hopeless');
    expect(new BacklogWatch(limits).check(20_000, 0)).toBe('hopeless');
  });

  it('starts the grace again whenever the backlog drains below the cap', () => {
    const watch = new BacklogWatch(limits);
    expect(watch.check(2000, 0)).toBe('congested');
    expect(watch.check(900, 4000)).toBe('congested');
    expect(watch.check(2000, 4500)).toBe('congested');
    expect(watch.check(2000, 9000)).toBe('congested');
    expect(watch.check(2000, 9500)).toBe('hopeless');
  });

  it('advises a retry delay drawn at random between once and twice the minimum', () => {
    expect(withRetryAdvice('the server is restarting', 1000, () => 0)).toBe('the server is restarting; retry in 1000 ms');
    const delays = Array.from({ length: 200 }, () => retryAdvice(withRetryAdvice('x', 1000)) ?? Number.NaN);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(1000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(2000);
    expect(new Set(delays).size).toBeGreaterThan(50);
    expect(retryAdvice('too many messages; slow down')).toBeNull();
  });
});

describe('a connection that stops reading', () => {
  it('is closed once its backlog stays over the cap, while everyone else gets every change', { timeout: 120_000 }, async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const board = await createBoard(server.url, { title: 'A tablet fell asleep' });
    const writer = connectClient(server.wsUrl, board.id, board.tokens.editor);
    const reader = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(
      () => writer.provider.destroy(),
      () => reader.provider.destroy(),
    );
    await Promise.all([waitForSync(writer.provider), waitForSync(reader.provider)]);
    const closes: number[] = [];
    for (const { provider } of [writer, reader]) provider.on('connection-close', (event) => event && closes.push(event.code));

    // The sleeping tablet: joins, then its TCP socket stops reading.
    const asleep = new WebSocket(`${server.wsUrl}/sync/${board.id}?token=${board.tokens.viewer}`);
    asleep.on('error', () => {});
    cleanups.push(() => asleep.terminate());
    await new Promise((resolve) => asleep.once('open', resolve));
    await waitFor(async () => (await server.app.rooms.peerCount(board.id)) === 3, 'the tablet to join');
    (asleep as unknown as { _socket: { pause(): void } })._socket.pause();

    // The others keep working: big changes (a long note each) until the tablet's backlog on the
    // server passes the cap (the kernel's socket buffers fill first), then small ones only.
    const notes = writer.doc.getMap<string>('bench-notes');
    const backlog = () => Math.max(0, ...[...server.app.websocketServer.clients].map((socket) => socket.bufferedAmount));
    let written = 0;
    let maxBacklog = 0;
    const began = Date.now();
    let overCapAt = 0;
    while ((await server.app.rooms.peerCount(board.id)) === 3 && Date.now() - began < 90_000) {
      const big = overCapAt === 0;
      writer.doc.transact(() => notes.set(`note-${written}`, String(written).padEnd(big ? 1024 * 1024 : 16, '.')));
      written++;
      await new Promise((resolve) => setTimeout(resolve, big ? 100 : 500));
      maxBacklog = Math.max(maxBacklog, backlog());
      if (big && backlog() > SLOW_BYTES + 1024 * 1024) overCapAt = Date.now();
    }
    // Closed for staying over the cap for the grace period, not for passing the ceiling at once.
    expect(overCapAt).toBeGreaterThan(0);
    expect(maxBacklog).toBeLessThan(MAX_BUFFERED_BYTES);
    expect(Date.now() - overCapAt).toBeGreaterThanOrEqual(SLOW_GRACE_MS - 1000);
    expect(await server.app.rooms.peerCount(board.id)).toBe(2);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/^worksort_slow_disconnects_total 1$/m);

    // Everyone else got every change and was never disconnected.
    await waitFor(() => reader.doc.getMap('bench-notes').size === written, 'the reader to catch up', 30_000);
    expect(reader.doc.getMap('bench-notes').size).toBe(written);
    expect(closes).toEqual([]);
    expect(writer.provider.wsconnected && reader.provider.wsconnected).toBe(true);

    // Had the tablet woken up, a new connection would bring it the whole board at once.
    const late = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => late.provider.destroy());
    await waitFor(() => late.doc.getMap('bench-notes').size === written, 'a fresh connection to load the board', 30_000);
    expect(Y.encodeStateVector(late.doc)).toEqual(Y.encodeStateVector(reader.doc));
  });
});

describe('reconnect advice', () => {
  it('a restart closes every connection with 4503 and a retry delay drawn for each', async () => {
    const server = await startServer();
    const board = await createBoard(server.url, { title: 'Restart' });
    const closes = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const socket = new WebSocket(`${server.wsUrl}/sync/${board.id}?token=${board.tokens.editor}`);
        socket.on('error', () => {});
        const closed = new Promise<{ code: number; reason: string }>((resolve) =>
          socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
        );
        await new Promise((resolve) => socket.once('open', resolve));
        return { closed };
      }),
    );
    await waitFor(async () => (await server.app.rooms.peerCount(board.id)) === 3, 'everyone to join');
    await server.close();
    for (const { code, reason } of await Promise.all(closes.map((socket) => socket.closed))) {
      expect(code).toBe(4503);
      expect(reason).toMatch(/^the server is restarting; retry in \d+ ms$/);
      expect(retryAdvice(reason)).toBeGreaterThanOrEqual(1000);
      expect(retryAdvice(reason)).toBeLessThanOrEqual(2000);
    }
  });
});
