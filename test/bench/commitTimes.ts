// `npx tsx test/bench/commitTimes.ts [--boards=8] [--seconds=12] [--runs=2]`
// How long the server's SQLite commits take under classroom load, with its data folder on this
// machine's disk and on a RAM disk (/dev/shm), alternated: the server's own histogram of the time
// to make one batch of updates durable (`worksort_persist_seconds`, from /metrics). A commit runs on
// the event loop, so a slow one holds up every cursor and move of every board for that long; the
// two rows tell the file system's share from SQLite's. On disk the slow ones are mostly the commits
// that carry SQLite's automatic checkpoint (`wal_autocheckpoint`, server/storage/sqlite.ts).
import fs from 'node:fs';
import { scriptArgs } from './lib/args.js';
import { installBenchPackages } from './lib/benchPackages.js';

installBenchPackages();
const { loadOn } = await import('./lib/serverLoad.js');
const { sleep } = await import('./lib/proc.js');
const { removeData, startServer } = await import('./lib/servers.js');

const args = scriptArgs();
const boards = Number(args.get('boards') ?? 8);
const seconds = Number(args.get('seconds') ?? 12);
const runs = Number(args.get('runs') ?? 2);
const RAM_DISK = '/dev/shm';

/** The persist histogram's cumulative bucket counts by upper bound (s), from /metrics. */
async function persistBuckets(httpUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  return new Map(
    [...text.matchAll(/^worksort_persist_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)].map(([, le, n]) => [le as string, Number(n)]),
  );
}

async function measure(onRamDisk: boolean): Promise<string> {
  const dataPath = onRamDisk ? fs.mkdtempSync(`${RAM_DISK}/worksort-commits-`) : undefined;
  const server = await startServer('worksort', dataPath ? { dataPath } : {});
  const load = loadOn(server);
  try {
    await load.addBoards(boards);
    await sleep(2000);
    const before = await persistBuckets(server.httpUrl);
    await sleep(seconds * 1000);
    const after = await persistBuckets(server.httpUrl);
    const count = (le: string) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
    const total = count('+Inf');
    const over = (le: string) => total - count(le);
    return `${onRamDisk ? 'RAM disk' : 'disk    '}  batches ${String(total).padStart(6)}  over 5 ms ${String(over('0.005')).padStart(4)}  over 10 ms ${String(over('0.01')).padStart(4)}  over 25 ms ${String(over('0.025')).padStart(4)}  (per second: ${(over('0.005') / seconds).toFixed(1)} over 5 ms)`;
  } finally {
    load.destroy();
    await server.stop();
    removeData(server);
    if (dataPath) fs.rmSync(dataPath, { recursive: true, force: true });
  }
}

console.log(
  `SQLite commit times, ${boards} classroom boards, ${seconds} s windows (a batch per board per commit: one slow commit counts once per board in it)`,
);
for (let run = 0; run < runs; run++) {
  for (const onRamDisk of [false, true]) console.log(await measure(onRamDisk));
}
