// `npx tsx test/bench/serverProfile.ts [--boards=2] [--seconds=10] [--dir=/tmp/worksort-profile]`
// What our server's CPU goes to under classroom load, in figures that a loaded machine does not
// blur as it blurs latency: CPU milliseconds per second of load and per message relayed (from
// /proc and the server's own /metrics counters), and a V8 CPU profile (`node --cpu-prof`) of the
// server process to open in Chrome's DevTools or summarise with `--top`. The load is the bench's
// classroom (light clients in worker threads, stock probes), against the built bundle.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scriptArgs } from './lib/args.js';
import { installBenchPackages } from './lib/benchPackages.js';

installBenchPackages();
const { loadOn } = await import('./lib/serverLoad.js');
const { CpuMeter, sleep } = await import('./lib/proc.js');
const { removeData, startServer } = await import('./lib/servers.js');

const args = scriptArgs();
const boards = Number(args.get('boards') ?? 2);
const seconds = Number(args.get('seconds') ?? 10);
const dir = args.get('dir') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'worksort-profile-'));

/** The server's message counters, read from /metrics. */
async function counters(httpUrl: string): Promise<{ received: number; sent: number }> {
  const text = await (await fetch(`${httpUrl}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { received: read('worksort_messages_received_total'), sent: read('worksort_messages_sent_total') };
}

/**
 * The process's read and write system calls so far (/proc/<pid>/io; writev counts as one): how many
 * a message costs does not depend on how busy the machine is, unlike its CPU time.
 */
function syscalls(pid: number): { reads: number; writes: number } {
  const text = fs.readFileSync(`/proc/${pid}/io`, 'utf8');
  const read = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { reads: read('syscr'), writes: read('syscw') };
}

/** Self time by function, top `count`, from a .cpuprofile. */
function top(file: string, count: number): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  for (const [i, id] of profile.samples.entries()) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const where = frame.url.replace(/.*node_modules\//, '').replace(/.*\/server\/dist\//, 'dist/');
    const key = `${frame.functionName || '(anonymous)'} ${where}${where ? `:${frame.lineNumber + 1}` : ''}`;
    const delta = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + delta);
    total += delta;
  }
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, micros]) => `${((micros / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
}

const server = await startServer('worksort', { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
const load = loadOn(server);
try {
  await load.addBoards(boards);
  await sleep(2000);
  const before = await counters(server.httpUrl);
  const callsBefore = syscalls(server.pid);
  const cpu = new CpuMeter(server.pid);
  const window = load.startWindow();
  await sleep(seconds * 1000);
  const used = cpu.read();
  const callsAfter = syscalls(server.pid);
  const after = await counters(server.httpUrl);
  await load.closeWindow(window, 500);
  const received = (after.received - before.received) / seconds;
  const sent = (after.sent - before.sent) / seconds;
  const cpuMsPerSecond = used * 10;
  console.log(`${boards} classroom boards, ${seconds} s: server CPU ${used.toFixed(0)} % of a core`);
  console.log(`  messages per second: ${received.toFixed(0)} received, ${sent.toFixed(0)} sent`);
  console.log(`  CPU µs per message handled (received + sent): ${((cpuMsPerSecond * 1000) / (received + sent)).toFixed(1)}`);
  console.log(`  CPU ms per second per board: ${(cpuMsPerSecond / boards).toFixed(1)}`);
  console.log(
    `  system calls per message: ${((callsAfter.writes - callsBefore.writes) / seconds / sent).toFixed(2)} writes (sockets and database) per message sent, ${((callsAfter.reads - callsBefore.reads) / seconds / received).toFixed(2)} reads per message received`,
  );
  console.log(
    `  probes: cursor p50/p99 ${window.latency('cursor').percentile(50).toFixed(1)}/${window.latency('cursor').percentile(99).toFixed(1)} ms, generator CPU ${window.generatorCpu.toFixed(0)} %, lag p99 ${window.lagP99Ms.toFixed(0)} ms`,
  );
} finally {
  load.destroy();
  // SIGTERM: the server closes cleanly and Node writes its profile on exit.
  await server.stop();
  removeData(server);
}
const profile = fs
  .readdirSync(dir)
  .filter((name) => name.endsWith('.cpuprofile'))
  .map((name) => path.join(dir, name))
  .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
if (profile) {
  console.log(`  profile: ${profile}`);
  if (args.has('top')) for (const line of top(profile, Number(args.get('top')) || 25)) console.log(`    ${line}`);
}
