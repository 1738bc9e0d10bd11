// Workload 2, opening big boards: time until a new client is synced and holds every card, for a
// 500-card and a 5,000-card board, cold (nobody connected: the server loads it from storage) and
// warm (someone is connected); then 30 participants joining the cold 500-card board within 1 s.
import * as Y from 'yjs';
import { createCard } from '../../../shared/schema/card.js';
import { type BenchClient, connectClient } from '../lib/clients.js';
import type { BenchOptions } from '../lib/harness.js';
import { waitUntil } from '../lib/load.js';
import { noiseNote } from '../lib/measure.js';
import { CpuMeter, memory, OtherCpuMeter, sleep } from '../lib/proc.js';
import { type BoardRef, LABEL, type RunningServer, removeData, type ServerKind, startServer } from '../lib/servers.js';
import { fixed, median, ms, percentileOf, ratio, Section } from '../lib/stats.js';
import { results as summary } from '../lib/summary.js';

const SIZES = [500, 5000];
const JOINERS = 30;
/** Long enough for every server to have stored and unloaded a board nobody holds. */
const UNLOAD_PAUSE_MS = 2000;

interface Row {
  cards: number;
  cold: number;
  warm: number;
  allIn: number;
}

export async function coldLoad(kinds: readonly ServerKind[], options: BenchOptions): Promise<Section> {
  const coldRuns = options.quick ? 1 : 3;
  const warmRuns = options.quick ? 2 : 5;
  const section = new Section(
    `load: opening a board of 500 and of 5,000 cards (one Y.Map per card), cold ×${coldRuns} and warm ×${warmRuns} (medians); ${JOINERS} participants joining the cold 500-card board within 1 s`,
    'ms from connecting until the client is synced and holds every card (client-side apply included, same for all); joins: per-participant p50/p99 and first connect → last one complete; CPU % of one core over the joins; RSS MiB after; ours/this = worksort ÷ this server (cold · warm · all in)',
    ['server', 'cards', 'doc KiB', 'cold', 'warm', 'join p50', 'join p99', 'all in', 'CPU %', 'RSS', 'ours/this', 'note'],
  );
  const rows = new Map<ServerKind, Row[]>();
  for (const kind of kinds) {
    options.log(`load: ${kind}`);
    const server = await startServer(kind);
    const results: Row[] = [];
    rows.set(kind, results);
    try {
      for (const cards of SIZES) {
        const others = new OtherCpuMeter([server.pid]);
        const board = await server.createBoard();
        const docBytes = await seed(server, board, cards);
        await sleep(UNLOAD_PAUSE_MS);
        const cold: number[] = [];
        for (let run = 0; run < coldRuns; run++) {
          cold.push(await open(server, board, cards));
          await sleep(UNLOAD_PAUSE_MS);
        }
        const holder = await connectSynced(server, board, cards);
        const warm: number[] = [];
        for (let run = 0; run < warmRuns; run++) {
          warm.push(await open(server, board, cards));
          await sleep(200);
        }
        holder.destroy();
        await sleep(UNLOAD_PAUSE_MS);
        let joins = { p50: Number.NaN, p99: Number.NaN, allIn: Number.NaN, cpu: Number.NaN };
        if (cards === 500) joins = await joinTogether(server, board, cards);
        const row: Row = { cards, cold: median(cold), warm: median(warm), allIn: joins.allIn };
        results.push(row);
        if (cards === 500) summary.cold500.set(kind, row.cold);
        if (cards === 5000) summary.cold5000.set(kind, row.cold);
        const ours = kind === 'worksort' ? undefined : rows.get('worksort')?.find((r) => r.cards === cards);
        section.add([
          LABEL[kind],
          String(cards),
          fixed(docBytes / 1024, 0),
          ms(row.cold),
          ms(row.warm),
          ms(joins.p50),
          ms(joins.p99),
          ms(joins.allIn),
          fixed(joins.cpu, 0),
          fixed(memory(server.pid).rssMb, 0),
          ours ? [ratio(ours.cold, row.cold), ratio(ours.warm, row.warm), ratio(ours.allIn, row.allIn)].join('·') : '',
          [`cold runs ${cold.map(ms).join('/')}`, noiseNote({ otherCpu: others.read() })].filter(Boolean).join('; '),
        ]);
        options.log(`  ${cards} cards: cold ${ms(row.cold)} warm ${ms(row.warm)} joins all in ${ms(joins.allIn)}`);
      }
    } finally {
      await server.stop();
      removeData(server);
    }
  }
  return section;
}

/** Writes `cards` cards (in transactions of 250, as an upload would) and waits until a second client has them all. */
export async function seed(server: RunningServer, board: BoardRef, cards: number): Promise<number> {
  const writer = connectClient(server, board);
  await waitUntil(() => writer.synced, 30_000, 'the seeding client to sync');
  for (let first = 0; first < cards; first += 250) {
    writer.doc.transact(() => {
      for (let c = first; c < Math.min(cards, first + 250); c++) {
        createCard(
          writer.doc,
          {
            student: `Student ${c + 1}`,
            pages: [`page-${c}-1`, `page-${c}-2`],
            x: (c % 40) * 220,
            y: Math.floor(c / 40) * 300,
            tags: ['seen'],
          },
          `card-${c}`,
        );
      }
    });
    await sleep(20);
  }
  const watcher = await connectSynced(server, board, cards);
  const bytes = Y.encodeStateAsUpdate(watcher.doc).byteLength;
  watcher.destroy();
  writer.destroy();
  return bytes;
}

function holdsAll(client: BenchClient, cards: number): boolean {
  return client.synced && client.doc.getMap('cards').size >= cards;
}

async function connectSynced(server: RunningServer, board: BoardRef, cards: number): Promise<BenchClient> {
  const client = connectClient(server, board);
  await waitUntil(() => holdsAll(client, cards), 60_000, `a client to hold ${cards} cards`);
  return client;
}

/** One new client: ms until it holds every card. */
export async function open(server: RunningServer, board: BoardRef, cards: number): Promise<number> {
  const began = performance.now();
  const client = connectClient(server, board);
  await waitForCards(client, cards);
  const took = performance.now() - began;
  client.destroy();
  return took;
}

/** Resolves as soon as the client holds every card (checked on each update, not by polling). */
function waitForCards(client: BenchClient, cards: number, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!holdsAll(client, cards)) return;
      clearInterval(poll);
      clearTimeout(timer);
      client.doc.off('update', check);
      resolve();
    };
    // `synced` flips after the last update on some clients: check on updates and every few ms.
    const poll = setInterval(check, 2);
    const timer = setTimeout(() => {
      clearInterval(poll);
      client.doc.off('update', check);
      reject(new Error(`a client did not get ${cards} cards in ${timeoutMs} ms`));
    }, timeoutMs);
    client.doc.on('update', check);
  });
}

/** Participants connecting evenly over one second to a cold board. */
async function joinTogether(server: RunningServer, board: BoardRef, cards: number) {
  const cpu = new CpuMeter(server.pid);
  const began = performance.now();
  const clients: BenchClient[] = [];
  const durations = await Promise.all(
    Array.from({ length: JOINERS }, async (_, i) => {
      await sleep((i * 1000) / JOINERS);
      const started = performance.now();
      const client = connectClient(server, board);
      clients.push(client);
      await waitForCards(client, cards);
      return performance.now() - started;
    }),
  );
  const allIn = performance.now() - began;
  const cpuPct = cpu.read();
  for (const client of clients) client.destroy();
  await sleep(UNLOAD_PAUSE_MS);
  return { p50: percentileOf(durations, 50), p99: percentileOf(durations, 99), allIn, cpu: cpuPct };
}
