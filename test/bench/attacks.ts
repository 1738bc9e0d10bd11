// Workload "attacks" (ours only): what each attack of a link-holder costs everyone else. Two boards
// (a 5,000-card one under attack, a small one next door), each with an honest author moving a card
// every 50 ms and a reader timing its arrival; during each attack, the p99 delay of those edits on
// the attacked board and on the other one, and the server's peak RSS. Then a board filled to the
// document limit: the server's RSS after loading it from storage. Prints figures; asserts nothing.
// Run: npm run bench -- attacks [--quick]
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { boardCards } from '../../shared/schema/board.js';
import { createCard, getCard, placeCard } from '../../shared/schema/card.js';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/syncWire.js';
import { connectClient, waitFor, waitForSync } from '../fixtures/server.js';
import type { BenchOptions } from './lib/harness.js';
import { memory, sleep } from './lib/proc.js';
import { type RunningServer, removeData, type ServerKind, startServer } from './lib/servers.js';
import { fixed, Histogram, ms, Section } from './lib/stats.js';

interface Board {
  id: string;
  tokens: { owner: string; editor: string; viewer: string };
}

async function createBoard(server: RunningServer): Promise<Board> {
  const response = await fetch(`${server.httpUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Attacked board' }),
  });
  return (await response.json()) as Board;
}

function frame(type: number, subtype: number | null, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  if (subtype !== null) encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

const updateMessage = (update: Uint8Array) => frame(MESSAGE_SYNC, 2, update);

/** Opens a raw socket; resolves once open (or null when the server refused or closed it). */
function rawSocket(server: RunningServer, board: Board, token: string): Promise<WebSocket | null> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${server.wsUrl}/sync/${board.id}?token=${token}`);
    socket.on('error', () => resolve(null));
    socket.once('unexpected-response', () => resolve(null));
    socket.once('open', () => resolve(socket));
  });
}

/** An honest author moving one card every 50 ms and a reader timing each move's arrival. */
function honestPair(server: RunningServer, board: Board) {
  const author = connectClient(server.wsUrl, board.id, board.tokens.editor);
  const reader = connectClient(server.wsUrl, board.id, board.tokens.viewer);
  let card = '';
  let histogram = new Histogram();
  const sentAt = new Map<number, number>();
  let x = 0;
  let timer: NodeJS.Timeout | null = null;
  reader.doc.on('update', () => {
    const seen = getCard(reader.doc, card)?.x;
    if (seen === undefined) return;
    for (const [sentX, at] of sentAt) {
      if (sentX > seen) break;
      histogram.add(performance.now() - at);
      sentAt.delete(sentX);
    }
  });
  return {
    authorClient: author.doc.clientID,
    async start() {
      await Promise.all([waitForSync(author.provider, 60_000), waitForSync(reader.provider, 60_000)]);
      card = createCard(author.doc, { student: 'Probe', pages: [] });
      await waitFor(() => getCard(reader.doc, card) !== null, 'probe card', 60_000);
      timer = setInterval(() => {
        x++;
        sentAt.set(x, performance.now());
        placeCard(author.doc, card, { pileId: null, x, y: 0 });
      }, 50);
    },
    /** The delays since the last call; edits still on their way count as taking until now. */
    take(): Histogram {
      for (const at of sentAt.values()) histogram.add(performance.now() - at);
      sentAt.clear();
      const taken = histogram;
      histogram = new Histogram();
      return taken;
    },
    stop() {
      if (timer) clearInterval(timer);
      author.provider.destroy();
      reader.provider.destroy();
    },
  };
}

type Attack = (server: RunningServer, board: Board, until: number, writerClient: number) => Promise<string>;

/** Deletes of the author's future clocks, each on a fresh editor connection. */
const pendingDeletes: Attack = async (server, board, until, author) => {
  let sent = 0;
  while (performance.now() < until) {
    const sockets = (await Promise.all(Array.from({ length: 20 }, () => rawSocket(server, board, board.tokens.editor)))).filter(
      (socket): socket is WebSocket => socket !== null,
    );
    for (const socket of sockets) {
      for (let i = 0; i < 10; i++) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, 0);
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarUint(encoder, author);
        encoding.writeVarUint(encoder, 1);
        encoding.writeVarUint(encoder, 1_000_000 + sent);
        encoding.writeVarUint(encoder, 1_000_000);
        socket.send(updateMessage(encoding.toUint8Array(encoder)));
        sent++;
      }
    }
    await sleep(500);
    for (const socket of sockets) socket.terminate();
  }
  return `${sent} updates`;
};

/** Viewers announcing new participant ids, 100 per message. */
const presenceFlood: Attack = async (server, board, until) => {
  let sent = 0;
  let closed = 0;
  let id = 10_000_000;
  while (performance.now() < until) {
    const socket = await rawSocket(server, board, board.tokens.viewer);
    if (!socket) continue;
    socket.once('close', () => closed++);
    for (let message = 0; message < 200 && socket.readyState === WebSocket.OPEN; message++) {
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 100);
      for (let i = 0; i < 100; i++) {
        encoding.writeVarUint(inner, id++);
        encoding.writeVarUint(inner, 1);
        encoding.writeVarString(
          inner,
          JSON.stringify({ user: { name: 'Ghost', color: '#000000', role: 'owner' }, cursor: { x: i, y: i } }),
        );
      }
      socket.send(frame(MESSAGE_AWARENESS, null, encoding.toUint8Array(inner)));
      sent++;
    }
    await sleep(100);
    socket.terminate();
  }
  return `${sent} messages, ${closed} closed`;
};

/** 50 viewer connections at a time, each asking for sync answers to made-up state vectors. */
const syncAmplification: Attack = async (server, board, until, author) => {
  let sent = 0;
  let clock = 1;
  while (performance.now() < until) {
    const sockets = (await Promise.all(Array.from({ length: 50 }, () => rawSocket(server, board, board.tokens.viewer)))).filter(
      (socket): socket is WebSocket => socket !== null,
    );
    for (const socket of sockets) {
      for (let i = 0; i < 8; i++) {
        const sv = encoding.createEncoder();
        encoding.writeVarUint(sv, 1);
        encoding.writeVarUint(sv, author);
        encoding.writeVarUint(sv, clock++);
        socket.send(frame(MESSAGE_SYNC, 0, encoding.toUint8Array(sv)));
        sent++;
      }
    }
    await sleep(1000);
    for (const socket of sockets) socket.terminate();
  }
  return `${sent} requests`;
};

/** Updates of 100,000 one-key items each (~1.6 MiB, ~50 MiB in memory) from editor connections. */
const tinyItems: Attack = async (server, board, until) => {
  // Built before the attack: building it here would stall this process, which times the honest edits.
  const update = tinyItemsUpdate;
  let sent = 0;
  while (performance.now() < until) {
    const socket = await rawSocket(server, board, board.tokens.editor);
    if (!socket) continue;
    socket.send(updateMessage(update));
    sent++;
    await sleep(200);
    socket.terminate();
  }
  return `${sent} updates`;
};

const tinyItemsUpdate = (() => {
  const doc = new Y.Doc();
  const keys = doc.getMap('flood');
  doc.transact(() => {
    for (let i = 0; i < 100_000; i++) keys.set(`k${i}`, i);
  });
  return Y.encodeStateAsUpdate(doc);
})();

const ATTACKS: Record<string, Attack> = {
  'none (baseline)': async (_server, _board, until) => {
    await sleep(until - performance.now());
    return '';
  },
  'pending deletes': pendingDeletes,
  'presence flood': presenceFlood,
  'sync amplification': syncAmplification,
  'tiny items': tinyItems,
};

/** Fills a board to the document limit with tiny items, restarts the server, and loads it. */
async function boardAtLimit(options: BenchOptions, limitBytes: number): Promise<string[]> {
  const env = { MAX_DOCUMENT_BYTES: String(limitBytes), MAX_MESSAGES_PER_SECOND: '100000' };
  let server = await startServer('worksort', { env });
  const board = await createBoard(server);
  let chunks = 0;
  let refused = false;
  while (!refused) {
    const socket = await rawSocket(server, board, board.tokens.editor);
    if (!socket) break;
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const doc = new Y.Doc();
    const keys = doc.getMap(`fill${chunks}`);
    doc.transact(() => {
      for (let i = 0; i < 10_000; i++) keys.set(`k${i}`, i);
    });
    socket.send(updateMessage(Y.encodeStateAsUpdate(doc)));
    const code = await Promise.race([closed, sleep(1500).then(() => 0)]);
    socket.terminate();
    if (code === 4413) refused = true;
    else chunks++;
  }
  options.log(`attacks: board filled with ${chunks} chunks of 10,000 items; restarting`);
  const { dataPath, port } = server;
  await server.stop();
  server = await startServer('worksort', { env, dataPath, port });
  await sleep(1000);
  const idle = memory(server.pid).rssMb;
  const began = performance.now();
  const reader = connectClient(server.wsUrl, board.id, board.tokens.viewer);
  await waitForSync(reader.provider, 120_000);
  const loadMs = performance.now() - began;
  const items = [...reader.doc.share.keys()].length;
  reader.provider.destroy();
  const after = memory(server.pid);
  await server.stop();
  removeData(server);
  return [
    `${fixed(limitBytes / 2 ** 20, 0)} MiB`,
    `${chunks * 10_000}`,
    fixed(idle, 0),
    fixed(after.rssMb, 0),
    fixed(after.hwmMb, 0),
    ms(loadMs),
    `${items} maps`,
  ];
}

export async function attacks(kinds: readonly ServerKind[], options: BenchOptions): Promise<Section[]> {
  const seconds = options.quick ? 6 : 15;
  const section = new Section(
    `attacks: an honest author moves a card every 50 ms on a 5,000-card board under attack and on a small board next door, ${seconds} s per attack`,
    'p99 ms = delay of the honest edits from send to arrival at a reader on the same server (edits not arrived by the end count until then); RSS peak MiB sampled every 100 ms during the attack',
    ['attack', 'same p50', 'same p99', 'other p50', 'other p99', 'RSS peak', 'sent'],
  );
  if (!kinds.includes('worksort')) return [section];
  const server = await startServer('worksort');
  try {
    const attacked = await createBoard(server);
    const other = await createBoard(server);
    // The attacked board: 5,000 cards, written by one client in one update.
    const seeder = connectClient(server.wsUrl, attacked.id, attacked.tokens.editor);
    await waitForSync(seeder.provider, 60_000);
    seeder.doc.transact(() => {
      for (let i = 0; i < 5000; i++) createCard(seeder.doc, { student: `Student ${i}`, pages: [`page-${i}`], x: i, y: i });
    });
    const same = honestPair(server, attacked);
    const next = honestPair(server, other);
    await Promise.all([same.start(), next.start()]);
    await waitFor(() => boardCards(seeder.doc).size >= 5000, 'seeded', 60_000);
    seeder.provider.destroy();
    for (const [name, attack] of Object.entries(ATTACKS)) {
      options.log(`attacks: ${name}`);
      await sleep(1000);
      same.take();
      next.take();
      let peak = 0;
      const sampler = setInterval(() => (peak = Math.max(peak, memory(server.pid).rssMb)), 100);
      const until = performance.now() + seconds * 1000;
      const sent = await attack(server, attacked, until, same.authorClient);
      clearInterval(sampler);
      const a = same.take();
      const b = next.take();
      section.add([name, ms(a.percentile(50)), ms(a.percentile(99)), ms(b.percentile(50)), ms(b.percentile(99)), fixed(peak, 0), sent]);
    }
    same.stop();
    next.stop();
  } finally {
    await server.stop();
    removeData(server);
  }
  const limit = new Section(
    'attacks: a board filled to the document limit with one-key items, loaded from storage after a restart',
    'RSS MiB of the server process idle after restart, after loading the board, and its peak; load = until a reader is synced',
    ['limit', 'items', 'RSS idle', 'RSS loaded', 'RSS peak', 'load ms', 'doc'],
  );
  limit.add(await boardAtLimit(options, 64 * 2 ** 20));
  return [section, limit];
}
