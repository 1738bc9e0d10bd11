// A browser sends its own awareness only: the stock provider would send every other participant's
// pointer back to the server, 400 needless messages a second in a room of 20 (test/bench/canvas.ts).
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendOwnAwarenessOnly } from '../../client/src/sync/awarenessEcho.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

const MESSAGE_AWARENESS = 1;

let server: TestServer;
let board: CreatedBoard;

beforeAll(async () => {
  server = await startServer();
  board = await createBoard(server.url);
});
afterAll(async () => {
  await server?.close();
});

/** Counts the awareness messages a provider sends from now on. */
function countAwarenessSent(provider: ReturnType<typeof connectClient>['provider']): { count: number } {
  const sent = { count: 0 };
  const socket = provider.ws as WebSocket;
  const send = socket.send.bind(socket);
  socket.send = (data: Parameters<WebSocket['send']>[0]) => {
    if (data instanceof Uint8Array && decoding.readVarUint(decoding.createDecoder(data)) === MESSAGE_AWARENESS) sent.count++;
    send(data);
  };
  return sent;
}

describe('awareness a browser sends', { timeout: 30_000 }, () => {
  it("sends my pointer, and never sends the others' pointers back", async () => {
    const mine = connectClient(server.wsUrl, board.id, board.tokens.editor);
    const stopEchoes = sendOwnAwarenessOnly(mine.provider);
    const stock = connectClient(server.wsUrl, board.id, board.tokens.editor);
    const other = connectClient(server.wsUrl, board.id, board.tokens.editor);
    try {
      await Promise.all([mine, stock, other].map((client) => waitForSync(client.provider)));
      const fromMine = countAwarenessSent(mine.provider);
      const fromStock = countAwarenessSent(stock.provider);
      for (let i = 1; i <= 10; i++) {
        other.provider.awareness.setLocalState({ user: { name: 'Ms. Rivera', color: '#d7263d', role: 'editor' }, cursor: { x: i, y: i } });
      }
      await waitFor(
        () => (mine.provider.awareness.getStates().get(other.doc.clientID) as { cursor?: { x: number } })?.cursor?.x === 10,
        'her pointer arrives',
      );
      await waitFor(
        () => (stock.provider.awareness.getStates().get(other.doc.clientID) as { cursor?: { x: number } })?.cursor?.x === 10,
        'at both',
      );
      // The stock provider echoes what it received; mine stays quiet…
      expect(fromStock.count).toBeGreaterThan(0);
      expect(fromMine.count).toBe(0);
      // …and still sends its own pointer, which the others receive.
      mine.provider.awareness.setLocalState({ user: { name: 'Mr. Chen', color: '#1b998b', role: 'editor' }, cursor: { x: 5, y: 6 } });
      expect(fromMine.count).toBe(1);
      await waitFor(
        () => (other.provider.awareness.getStates().get(mine.doc.clientID) as { cursor?: { y: number } })?.cursor?.y === 6,
        'my pointer arrives',
      );
      stopEchoes();
    } finally {
      for (const client of [mine, stock, other]) client.provider.destroy();
    }
  });
});

describe('a stock client on a busy board', { timeout: 30_000 }, () => {
  it('is not closed for echoing back the presence it is sent, though that passes its own message rate', async () => {
    // A low rate, so three people moving their pointers send the stock client more presence a
    // second than it may send of its own; it echoes every message, as the stock provider does.
    const busy = await startServer({ MAX_MESSAGES_PER_SECOND: '10' });
    try {
      const busyBoard = await createBoard(busy.url);
      const stock = connectClient(busy.wsUrl, busyBoard.id, busyBoard.tokens.editor);
      const movers = [0, 1, 2].map(() => connectClient(busy.wsUrl, busyBoard.id, busyBoard.tokens.editor));
      const closes: number[] = [];
      stock.provider.on('connection-close', (event) => {
        if (event) closes.push(event.code);
      });
      try {
        await Promise.all([stock, ...movers].map((client) => waitForSync(client.provider)));
        const echoes = countAwarenessSent(stock.provider);
        // Each mover about 8 pointer moves a second (under its own limit), one after the other, for
        // 3 s: about 24 presence messages a second reach the stock client, 72 in all.
        for (let step = 1; step <= 24; step++) {
          for (const [i, mover] of movers.entries()) {
            mover.provider.awareness.setLocalState({
              user: { name: `Pupil ${i}`, color: '#d7263d', role: 'editor' },
              cursor: { x: step, y: i },
            });
            await new Promise((resolve) => setTimeout(resolve, 40));
          }
        }
        await waitFor(
          () =>
            movers.every(
              (mover) => (stock.provider.awareness.getStates().get(mover.doc.clientID) as { cursor?: { x: number } })?.cursor?.x === 24,
            ),
          'every last pointer arrives',
        );
        // It echoed well past its own 10 a second (plus a burst of 20: about 50 in 3 s), and is still connected.
        expect(echoes.count).toBeGreaterThan(60);
        expect(closes).toEqual([]);
        expect(stock.provider.wsconnected).toBe(true);
      } finally {
        for (const client of [stock, ...movers]) client.provider.destroy();
      }
    } finally {
      await busy.close();
    }
  });
});
