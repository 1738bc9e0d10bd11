// `taskset -c 1 npx tsx test/bench/coldOpen.ts [--servers=worksort,hocuspocus] [--cards=5000] [--runs=7] [--profile=DIR]`
// The two moments a class waits for the server before any sorting starts, measured more often
// than the bench's load workload does (medians of --runs): a stock client opening a board nobody
// has open (the server reads it from storage), and the server restarted after `kill -9`, from
// spawn to listening and to the first client holding that board. Besides wall-clock time, the
// server's own CPU time for each (from /proc), which other work on the machine blurs less.
// `--profile=DIR` writes V8 CPU profiles of our server there: the first process's (the first
// restart then follows a gentle stop, not kill -9) with cold-windows.json, when its cold opens ran
// (µs of the clock the profile's timestamps use), and the last restarted process's.
import fs from 'node:fs';
import path from 'node:path';
import { scriptArgs } from './lib/args.js';
import { installBenchPackages } from './lib/benchPackages.js';

installBenchPackages();
const { connectClient } = await import('./lib/clients.js');
const { waitUntil } = await import('./lib/load.js');
const { CLOCK_TICKS, cpuTicks, sleep } = await import('./lib/proc.js');
const { LABEL, removeData, SERVER_KINDS, startServer } = await import('./lib/servers.js');
const { fixed, median, ms, Section } = await import('./lib/stats.js');
const { open, seed } = await import('./workloads/load.js');

const args = scriptArgs();
const cards = Number(args.get('cards') ?? 5000);
const runs = Number(args.get('runs') ?? 7);
const profileDir = args.get('profile');
const kinds = (args.get('servers') ?? 'worksort,hocuspocus,y-websocket-server')
  .split(',')
  .map((name) => SERVER_KINDS.find((kind) => kind.startsWith(name)) ?? name);
for (const kind of kinds) if (!SERVER_KINDS.includes(kind as never)) throw new Error(`unknown server ${kind}`);
/** Long enough for every server to have stored and unloaded a board nobody holds. */
const UNLOAD_PAUSE_MS = 2000;

const cpuMs = (pid: number, since: number) => (((cpuTicks(pid) ?? since) - since) / CLOCK_TICKS) * 1000;

const section = new Section(
  `cold open of a ${cards.toLocaleString('en')}-card board ×${runs}, and restart after kill -9 ×${runs} (medians)`,
  'cold = ms from connecting until the client holds every card (its own apply included), server CPU ms meanwhile; listen = spawn → listening; first board = spawn → a client holds that board (server CPU ms up to then); load average at start ' +
    (await import('node:os'))
      .loadavg()
      .map((value) => value.toFixed(1))
      .join(' '),
  ['server', 'cold ms', 'cold CPU', 'listen ms', 'first board ms', 'first CPU', 'runs (cold / first board)'],
);

for (const kind of kinds as (typeof SERVER_KINDS)[number][]) {
  const nodeFlags = profileDir && kind === 'worksort' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  let server = await startServer(kind, { nodeFlags });
  const { port, dataPath } = server;
  const board = await server.createBoard();
  const cold: number[] = [];
  const coldCpu: number[] = [];
  const listen: number[] = [];
  const first: number[] = [];
  const firstCpu: number[] = [];
  /** When each cold open ran (µs, the monotonic clock a CPU profile's timestamps use). */
  const coldWindows: [number, number][] = [];
  try {
    await seed(server, board, cards);
    await sleep(UNLOAD_PAUSE_MS);
    for (let run = 0; run < runs; run++) {
      const ticks = cpuTicks(server.pid) ?? 0;
      const from = process.hrtime.bigint() / 1000n;
      cold.push(await open(server, board, cards));
      coldCpu.push(cpuMs(server.pid, ticks));
      coldWindows.push([Number(from), Number(process.hrtime.bigint() / 1000n)]);
      await sleep(UNLOAD_PAUSE_MS);
    }
    for (let run = 0; run < runs; run++) {
      // A process writes its profile only when it exits by itself: the first one is stopped gently.
      if (profileDir && run === 0) await server.stop();
      else await server.kill9();
      const began = performance.now();
      server = await startServer(kind, { port, dataPath, nodeFlags });
      listen.push(server.startMs);
      const client = connectClient(server, board);
      await waitUntil(() => client.synced && client.doc.getMap('cards').size >= cards, 60_000, 'the first client to hold the board');
      first.push(performance.now() - began);
      firstCpu.push(cpuMs(server.pid, 0));
      client.destroy();
      await sleep(500);
    }
  } finally {
    await server.stop();
    removeData(server);
  }
  section.add([
    LABEL[kind],
    ms(median(cold)),
    fixed(median(coldCpu), 0),
    ms(median(listen)),
    ms(median(first)),
    fixed(median(firstCpu), 0),
    `${cold.map(ms).join('/')} · ${first.map(ms).join('/')}`,
  ]);
  if (profileDir && kind === 'worksort') fs.writeFileSync(path.join(profileDir, 'cold-windows.json'), JSON.stringify(coldWindows));
  process.stderr.write(`${kind}: cold ${cold.map(ms).join('/')}; first board ${first.map(ms).join('/')}\n`);
}
process.stdout.write(`${section.render()}\n`);
process.exit(0);
