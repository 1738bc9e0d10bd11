// `npm run bench [-- workload… [--servers=worksort,hocuspocus] [--quick]]`
// Worksort beside the servers people would pick instead — the reference @y/websocket-server with
// LevelDB persistence and Hocuspocus with its SQLite extension — each in its own process on core 0,
// driven by its own client from this one process on core 1, under the same load; prints one table.
// Workloads: classroom, load, kill, slow, flood (default: these five, 10–13 minutes; --quick
// about 4), scaleout (ours only, on PostgreSQL + Redis; only when named) and attacks (ours only:
// honest edits during each attack of a link-holder, and a board at the document limit; only when named).
import { attacks } from './attacks.js';
import { runBench } from './lib/harness.js';
import { scaleout } from './scaleout.js';
import { classroom } from './workloads/classroom.js';
import { flood } from './workloads/flood.js';
import { kill } from './workloads/kill.js';
import { coldLoad } from './workloads/load.js';
import { slow } from './workloads/slow.js';

runBench({
  classroom,
  load: coldLoad,
  kill,
  slow,
  flood,
  scaleout: (_kinds, options) => scaleout(options),
  attacks,
});
