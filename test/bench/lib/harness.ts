// The frame every bench command runs in: the generator pinned to its core (re-running itself
// under taskset when it is not), a time limit, every started process killed on the way out
// (normal end, error, Ctrl-C), progress on stderr and the table on stdout.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { allowedCpus, canPin, GENERATOR_CPU, killAll, SERVER_CPU } from './proc.js';
import { OURS_BENCH_ENV, SERVER_KINDS, type ServerKind } from './servers.js';
import type { Section } from './stats.js';
import { targetsSection } from './summary.js';

export interface BenchOptions {
  /** Progress, one line at a time (stderr). */
  log(message: string): void;
  /** Shorter steps, for a smoke run. */
  quick: boolean;
  /** Classroom steps (boards) to run instead of the ramp, e.g. --steps=8: each is run whatever the one before gave. */
  steps: number[] | null;
}

/** Workloads that run only when named (not part of the default run). */
export const ON_REQUEST = new Set(['scaleout', 'attacks']);

export type Workload = (kinds: readonly ServerKind[], options: BenchOptions) => Promise<Section | Section[]>;

/** A whole run stops by itself after this long, whatever happens (a full run takes 15–20 minutes). */
const TIME_LIMIT_MS = 25 * 60_000;

interface Args {
  workloads: string[];
  kinds: ServerKind[];
  quick: boolean;
  /** Scheduling priority (nice) for the generator and every server it starts; null leaves it. */
  nice: number | null;
  steps: number[] | null;
}

function parseArgs(argv: string[], workloads: Record<string, Workload>): Args {
  const usage = (): never => {
    console.error(
      `usage: npm run bench -- [${Object.keys(workloads).join('|')}]… [--servers=${SERVER_KINDS.join(',')}] [--quick] [--steps=1,8] [--nice=-10] [--ours-env=KEY=VALUE]…`,
    );
    process.exit(2);
  };
  const chosen: string[] = [];
  let kinds: ServerKind[] = [...SERVER_KINDS];
  let quick = false;
  let nice: number | null = null;
  let steps: number[] | null = null;
  for (const arg of argv) {
    if (arg === '--quick') quick = true;
    else if (arg.startsWith('--steps=')) {
      steps = arg.slice('--steps='.length).split(',').map(Number);
      if (steps.some((boards) => !Number.isInteger(boards) || boards < 1)) usage();
    } else if (arg.startsWith('--nice=')) {
      // On a shared machine: e.g. --nice=-10 (root only) so other work disturbs the figures less.
      nice = Number(arg.slice('--nice='.length));
      if (!Number.isInteger(nice) || nice < -20 || nice > 19) usage();
    } else if (arg.startsWith('--ours-env=')) {
      // An experiment with our settings, e.g. --ours-env=MAX_MESSAGES_PER_SECOND=1000.
      const [key, ...value] = arg.slice('--ours-env='.length).split('=');
      if (!key || value.length === 0) usage();
      else OURS_BENCH_ENV[key] = value.join('=');
    } else if (arg.startsWith('--servers=')) {
      kinds = arg
        .slice('--servers='.length)
        .split(',')
        .map((name) => SERVER_KINDS.find((kind) => kind.startsWith(name)) ?? usage());
    } else if (arg in workloads) chosen.push(arg);
    else usage();
  }
  return { workloads: chosen.length ? chosen : Object.keys(workloads).filter((name) => !ON_REQUEST.has(name)), kinds, quick, nice, steps };
}

/** Runs this very script again pinned to the generator core, and mirrors its exit. */
function reexecPinned(): void {
  const child = spawn('taskset', ['-c', String(GENERATOR_CPU), process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, WORKSORT_BENCH_PINNED: '1' },
  });
  // Ctrl-C reaches the child as well (same process group); it cleans up, exits, and so do we.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

export function runBench(workloads: Record<string, Workload>): void {
  const args = parseArgs(process.argv.slice(2), workloads);
  if (canPin && process.env.WORKSORT_BENCH_PINNED !== '1' && allowedCpus() !== String(GENERATOR_CPU)) {
    reexecPinned();
    return;
  }
  // Servers are started from this process, so they inherit its priority.
  // Linux niceness is per thread: set it on every thread there is (GC helpers included).
  if (args.nice !== null) for (const task of fs.readdirSync('/proc/self/task')) os.setPriority(Number(task), args.nice);
  const sections: Section[] = [];
  const began = Date.now();
  const loadAtStart = os.loadavg();
  const log = (message: string) => process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
  const print = (complete: boolean) => {
    if (sections.length === 0) return;
    const header = [
      `Worksort benchmark, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}${args.quick ? ', quick' : ''}${complete ? '' : ', INCOMPLETE'}.`,
      `Servers on CPU ${SERVER_CPU}, generator (one process: stock probes in its main thread, light clients in a worker thread) on CPU ${allowedCpus()}, loopback only${args.nice !== null ? `, nice ${args.nice}` : ''}.`,
      `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), load average (1/5/15 min) at start ${loadAtStart.map((value) => value.toFixed(1)).join(' ')}, at end ${os
        .loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}.`,
      `Worksort env: ${Object.entries(OURS_BENCH_ENV)
        .map(([key, value]) => `${key}=${value}`)
        .join(' ')} (per-address/board limits raised: every client is 127.0.0.1).`,
    ].join(' ');
    process.stdout.write(`\n${header}\n\n${sections.map((section) => section.render()).join('\n\n')}\n`);
  };
  // Every y-websocket provider adds a process 'exit' listener; hundreds are expected here.
  process.setMaxListeners(0);
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping every server`);
      killAll();
      print(false);
      process.exit(130);
    });
  }
  process.on('uncaughtException', (error) => {
    // A client library throwing from a socket callback: stop cleanly and print what was measured.
    console.error(error);
    killAll();
    print(false);
    process.exit(1);
  });
  setTimeout(() => {
    log(`time limit of ${TIME_LIMIT_MS / 60_000} minutes reached: stopping`);
    killAll();
    print(false);
    process.exit(3);
  }, TIME_LIMIT_MS).unref();

  log(
    `generator on CPU ${allowedCpus()}, servers on CPU ${SERVER_CPU}${canPin ? '' : ' (NOT pinned: fewer than 2 cores or no taskset)'}; workloads: ${args.workloads.join(', ')}; servers: ${args.kinds.join(', ')}`,
  );
  const run = async () => {
    const options: BenchOptions = { log, quick: args.quick, steps: args.steps };
    for (const name of args.workloads) {
      const workload = workloads[name];
      if (!workload) continue;
      const produced = await workload(args.kinds, options);
      sections.push(...(Array.isArray(produced) ? produced : [produced]));
      log(`${name} done`);
    }
    const targets = targetsSection(args.kinds);
    if (targets) sections.push(targets);
  };
  run().then(
    () => {
      print(true);
      process.exit(0);
    },
    (error) => {
      console.error(error);
      killAll();
      print(false);
      process.exit(1);
    },
  );
}
