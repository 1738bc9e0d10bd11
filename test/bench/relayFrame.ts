// `taskset -c 1 npx tsx test/bench/relayFrame.ts [--boards=8] [--windows=6]`
// How our relay's frame follows the load: classroom boards against the built server, and every
// 2 s the frame it coalesces over (loopLoad.ts), its event-loop utilisation and delay, its CPU and the
// probes' cursor latency, from /metrics and /proc. For tuning the frame's bounds: the full
// benchmark shows where it settles only through latency and CPU.
import { scriptArgs } from './lib/args.js';
import { installBenchPackages } from './lib/benchPackages.js';

installBenchPackages();
const { loadOn } = await import('./lib/serverLoad.js');
const { CpuMeter, sleep } = await import('./lib/proc.js');
const { removeData, startServer } = await import('./lib/servers.js');

const args = scriptArgs();
const boards = Number(args.get('boards') ?? 8);
const windows = Number(args.get('windows') ?? 6);

const server = await startServer('worksort');
const load = loadOn(server);
try {
  await load.addBoards(boards);
  for (let i = 0; i < windows; i++) {
    const cpu = new CpuMeter(server.pid);
    const window = load.startWindow();
    await sleep(2000);
    const text = await (await fetch(`${server.httpUrl}/metrics`)).text();
    const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    await load.closeWindow(window, 300);
    const cursor = window.latency('cursor');
    console.log(
      `${boards} boards: frame ${read('worksort_relay_frame_ms').toFixed(1)} ms, loop ${(read('worksort_event_loop_utilisation') * 100).toFixed(0)} %, CPU ${cpu.read().toFixed(0)} %, loop delay p99/max ${(read('worksort_nodejs_eventloop_lag_p99_seconds') * 1000).toFixed(1)}/${(read('worksort_nodejs_eventloop_lag_max_seconds') * 1000).toFixed(1)} ms, cursor p50/p99 ${cursor.percentile(50).toFixed(1)}/${cursor.percentile(99).toFixed(1)} ms, generator ${window.generatorCpu.toFixed(0)} % (lag p99 ${window.lagP99Ms.toFixed(0)} ms)`,
    );
  }
} finally {
  load.destroy();
  await server.stop();
  removeData(server);
}
