// "When a district outgrows one machine": our server as two processes sharing PostgreSQL and
// Redis, 20 boards × 15 participants split across them (every other participant on the other
// process), 3 cursors at 10 Hz and one card drag (a document write) at 10 Hz per board; latency between participants
// on the same process and across processes, each process's CPU and memory; beside the same load
// on one process with the same PostgreSQL. Run alone as `npx tsx test/bench/scaleout.ts` or as
// `npm run bench -- scaleout`. Both processes share core 0 (a 2-core machine): this measures the
// cost of the hop between processes, not extra capacity.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { dropSchema, isolatedNames, POSTGRES_URL, REDIS_URL, scaleOutServicesAvailable } from '../fixtures/services.js';
import { connectClient } from './lib/clients.js';
import { type BenchOptions, runBench } from './lib/harness.js';
import { Load, type LoadSpec } from './lib/load.js';
import { closesCell, DELIVERY_COLUMN, healthNote, latencyCells, measure, stepSeconds } from './lib/measure.js';
import { sleep } from './lib/proc.js';
import { type RunningServer, removeData, startServer } from './lib/servers.js';
import { fixed, Section } from './lib/stats.js';

const BOARDS = 20;
const SPEC: LoadSpec = { participants: 15, cursorMovers: 3, cursorHz: 10, draggers: 1, dragHz: 10, cards: 30 };

export async function scaleout(options: BenchOptions): Promise<Section> {
  const warmupMs = options.quick ? 1500 : 3000;
  const seconds = stepSeconds(options.quick);
  const section = new Section(
    `scale-out (worksort only): ${BOARDS} boards × ${SPEC.participants} participants (${SPEC.cursorMovers} cursors @${SPEC.cursorHz} Hz, ${SPEC.draggers} card drag @${SPEC.dragHz} Hz per board), PostgreSQL storage, ${seconds} s measured`,
    'pairs = sender and receiver on the same process or on different ones (via Redis); latency ms from send to receiver; arr/mrg/lost = every state sent × receiver over all pairs that arrived, was merged into a later one, or never came; closed = connections the server closed (count×code); CPU % of one core and RSS MiB per process (A/B); both processes on core 0',
    [
      'setup',
      'pairs',
      'move p50',
      'move p99',
      'cursor p50',
      'cursor p99',
      DELIVERY_COLUMN,
      'closed',
      'CPU % A/B',
      'RSS A/B',
      'gen lag',
      'note',
    ],
  );
  if (!(await scaleOutServicesAvailable())) {
    section.note(`skipped: PostgreSQL (${POSTGRES_URL}) or Redis (${REDIS_URL}) does not answer`);
    return section;
  }
  const names = isolatedNames();
  const database = { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: names.schema };
  const servers: RunningServer[] = [];
  try {
    // One process: PostgreSQL, no Redis (nothing to fan out to).
    options.log('scaleout: one process');
    const single = await startServer('worksort', { env: database });
    servers.push(single);
    {
      const load = new Load(
        SPEC,
        () => single.createBoard(),
        (board) => ({ client: connectClient(single, board), group: 0 }),
      );
      try {
        await load.addBoards(BOARDS);
        await sleep(warmupMs);
        const measured = await measure(load, [single.pid], seconds);
        const { window, cpu, memory: mem } = measured;
        section.add([
          '1 process',
          'all',
          ...latencyCells(window),
          closesCell(window),
          fixed(cpu[0] ?? Number.NaN, 0),
          fixed(mem[0]?.rssMb ?? Number.NaN, 0),
          fixed(window.lagP99Ms, 0),
          healthNote(measured),
        ]);
        options.log(
          `  one process: ${latencyCells(window).join(' ')} gen cpu ${fixed(window.generatorCpu, 0)}% lag ${fixed(window.lagP99Ms, 0)}`,
        );
      } finally {
        load.destroy();
      }
    }
    await single.stop();
    removeData(single);
    servers.length = 0;

    options.log('scaleout: two processes + Redis');
    const shared = { ...database, REDIS_URL, REDIS_KEY_PREFIX: names.prefix };
    const a = await startServer('worksort', { env: shared });
    servers.push(a);
    const b = await startServer('worksort', { env: shared });
    servers.push(b);
    const load = new Load(
      SPEC,
      () => a.createBoard(),
      (board, index) => {
        const server = index % 2 === 0 ? a : b;
        return { client: connectClient(server, board), group: index % 2 };
      },
    );
    try {
      await load.addBoards(BOARDS);
      await sleep(warmupMs);
      const measured = await measure(load, [a.pid, b.pid], seconds);
      const { window, cpu, memory: mem } = measured;
      const cpuCell = cpu.map((value) => fixed(value, 0)).join('/');
      const rssCell = mem.map((reading) => fixed(reading.rssMb, 0)).join('/');
      const lag = fixed(window.lagP99Ms, 0);
      const note = healthNote(measured);
      section.add(['2 processes', 'same', ...latencyCells(window, { cross: false }).slice(0, 4), '', '', cpuCell, rssCell, lag, note]);
      section.add(['2 processes', 'across', ...latencyCells(window, { cross: true }).slice(0, 4), '', '', '', '', '', '']);
      section.add(['2 processes', 'all', ...latencyCells(window), closesCell(window), '', '', '', '']);
      options.log(
        `  two processes, across: ${latencyCells(window, { cross: true }).join(' ')} gen cpu ${fixed(window.generatorCpu, 0)}% lag ${lag}`,
      );
    } finally {
      load.destroy();
    }
  } finally {
    for (const server of servers) {
      await server.stop();
      removeData(server);
    }
    await dropSchema(names.schema).catch((error) => options.log(`could not drop schema ${names.schema}: ${(error as Error).message}`));
  }
  return section;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runBench({ scaleout: (_kinds, options) => scaleout(options) });
}
