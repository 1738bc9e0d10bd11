// `npm run bench [-- workload… [--servers=worksort,hocuspocus] [--quick]]`
// Worksort beside the servers people would pick instead — the reference @y/websocket-server with
// LevelDB persistence and Hocuspocus with its SQLite extension — each in its own process on core 0,
// driven from this one process on core 1 (stock-client probes in its main thread, light protocol
// clients in worker threads: lib/lightClients.ts), under the same load; prints one table.
// Workloads: classroom, load, kill, slow, flood (default: these five, 15–20 minutes; --quick
// about 5), scaleout (ours only, on PostgreSQL + Redis; only when named) and attacks (ours only:
// honest edits during each attack of a link-holder, and a board at the document limit; only when named).
// Those servers and Hocuspocus's client are the benchmark's own packages (test/bench/package.json):
// installed before anything imports them.
import { installBenchPackages } from './lib/benchPackages.js';

installBenchPackages();

const [{ runBench }, { scaleout }, { attacks }, { classroom }, { flood }, { kill }, { coldLoad }, { slow }] = await Promise.all([
  import('./lib/harness.js'),
  import('./scaleout.js'),
  import('./attacks.js'),
  import('./workloads/classroom.js'),
  import('./workloads/flood.js'),
  import('./workloads/kill.js'),
  import('./workloads/load.js'),
  import('./workloads/slow.js'),
]);

runBench({
  classroom,
  load: coldLoad,
  kill,
  slow,
  flood,
  scaleout: (_kinds, options) => scaleout(options),
  attacks,
});
