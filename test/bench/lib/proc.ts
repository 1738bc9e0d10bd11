// Process plumbing for the benchmarks: CPU pinning, /proc readings of a server process, and a
// registry of every process the bench started so that all of them die with it (Ctrl-C, errors).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat times. */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Core the servers run on and core the load generator runs on (when the machine has two). */
export const SERVER_CPU = 0;
export const GENERATOR_CPU = 1;
// os.cpus(), not availableParallelism(): the latter counts only the CPUs this (pinned) process may use.
export const canPin = os.cpus().length >= 2 && fs.existsSync('/usr/bin/taskset');

/** The CPUs this process may run on, as /proc says (e.g. "0-1" or "1"). */
export function allowedCpus(pid: number | 'self' = 'self'): string {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1] ?? '?';
}

/** Pins every thread of `pid` to `cpu` (threads it starts later inherit it). */
export function pin(pid: number, cpu: number): void {
  if (!canPin) return;
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

/** utime + stime of a process (all its threads), in clock ticks; null once it is gone. */
export function cpuTicks(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export interface MemoryReading {
  /** Resident set size now, MiB. */
  rssMb: number;
  /** Peak resident set size since the process started, MiB. */
  hwmMb: number;
}

export function memory(pid: number): MemoryReading {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s*(\\d+)`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: Number.NaN, hwmMb: Number.NaN };
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Every process the bench started and has not seen exit: killed when the bench ends. */
const started = new Set<number>();

export function track(pid: number): void {
  started.add(pid);
}

export function untrack(pid: number): void {
  started.delete(pid);
}

/** Kills (SIGKILL) everything still tracked; synchronous so it works in an exit handler. */
export function killAll(): void {
  for (const pid of started) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  started.clear();
}

/** CPU use of a process over an interval, in % of one core. */
export class CpuMeter {
  private ticks: number;
  private at: number;

  constructor(private readonly pid: number) {
    this.ticks = cpuTicks(pid) ?? 0;
    this.at = performance.now();
  }

  /** % of one core since construction or the last `restart`. */
  read(): number {
    const ticks = cpuTicks(this.pid) ?? this.ticks;
    const seconds = (performance.now() - this.at) / 1000;
    return seconds > 0 ? ((ticks - this.ticks) / CLOCK_TICKS / seconds) * 100 : 0;
  }

  restart(): void {
    this.ticks = cpuTicks(this.pid) ?? this.ticks;
    this.at = performance.now();
  }
}

/** CPU use of this (generator) process, in % of one core. */
export class SelfCpuMeter {
  private usage = process.cpuUsage();
  private at = performance.now();

  read(): number {
    const used = process.cpuUsage(this.usage);
    const seconds = (performance.now() - this.at) / 1000;
    return seconds > 0 ? ((used.user + used.system) / 1e6 / seconds) * 100 : 0;
  }

  restart(): void {
    this.usage = process.cpuUsage();
    this.at = performance.now();
  }
}

/** Busy ticks of the whole machine (all CPUs; time stolen by the hypervisor counts as busy). */
export function machineBusyTicks(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
}

/** utime + stime of this process, in clock ticks. */
export function selfTicks(): number {
  return cpuTicks(process.pid) ?? 0;
}

/**
 * CPU used by everything on the machine except these processes and this one (other processes,
 * the kernel, the hypervisor's steal), in % of one core: a busy machine makes figures noisy.
 */
export class OtherCpuMeter {
  private own = 0;
  private busy = 0;
  private at = 0;

  constructor(private readonly pids: number[]) {
    this.restart();
  }

  private ownTicks(): number {
    return this.pids.reduce((sum, pid) => sum + (cpuTicks(pid) ?? 0), selfTicks());
  }

  restart(): void {
    this.own = this.ownTicks();
    this.busy = machineBusyTicks();
    this.at = performance.now();
  }

  read(): number {
    const seconds = (performance.now() - this.at) / 1000;
    const others = machineBusyTicks() - this.busy - (this.ownTicks() - this.own);
    return seconds > 0 ? Math.max(0, (others / CLOCK_TICKS / seconds) * 100) : 0;
  }
}
