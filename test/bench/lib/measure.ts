// One measured interval of a running load, with the servers' CPU and memory over it, and the
// common row cells the workloads print.
import type { Load, Tally, Window } from './load.js';
import { CpuMeter, type MemoryReading, memory, OtherCpuMeter, sleep } from './proc.js';
import { fixed, GENERATOR_LAG_LIMIT_MS, ms } from './stats.js';

/**
 * Seconds measured per window. (The stock clients renew idle awareness every 15 s; with 15 of 30
 * participants moving cursors at 20 Hz that renewal is a sliver of the traffic, so a window need
 * not span a whole cycle.)
 */
export function stepSeconds(quick: boolean): number {
  return quick ? 5 : 10;
}

export interface Measured {
  window: Window;
  /** % of one core per server process, over the window. */
  cpu: number[];
  /** Memory per server process at the end of the window. */
  memory: MemoryReading[];
  /**
   * CPU used by everything else on the machine over the window (other processes, the kernel,
   * the hypervisor), % of one core: a busy machine makes a run noisy.
   */
  otherCpu: number;
}

export async function measure(load: Load, pids: number[], seconds: number, graceMs = 1000): Promise<Measured> {
  const meters = pids.map((pid) => new CpuMeter(pid));
  const others = new OtherCpuMeter(pids);
  const window = load.startWindow();
  await sleep(seconds * 1000);
  let cpu: number[] = [];
  let readings: MemoryReading[] = [];
  let otherCpu = 0;
  await load.closeWindow(window, graceMs, () => {
    cpu = meters.map((meter) => meter.read());
    readings = pids.map((pid) => memory(pid));
    otherCpu = others.read();
  });
  return { window, cpu, memory: readings, otherCpu };
}

/**
 * `measure`, again (up to `attempts` windows in all) while the generator lagged: a window in which
 * the generator itself could not keep up is discarded, not reported. Answers the first window
 * that did not lag, or the least lagged one (marked by `healthNote`) when none did.
 */
export async function measureSettled(
  load: Load,
  pids: number[],
  seconds: number,
  options: { attempts?: number; graceMs?: number; log?: (message: string) => void } = {},
): Promise<Measured & { discarded: number }> {
  const attempts = options.attempts ?? 2;
  let best: Measured | null = null;
  let discarded = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const measured = await measure(load, pids, seconds, options.graceMs);
    if (!best || measured.window.lagP99Ms < best.window.lagP99Ms) best = measured;
    if (measured.window.lagP99Ms <= GENERATOR_LAG_LIMIT_MS) break;
    discarded++;
    options.log?.(
      `    generator lagged (loop p99 +${fixed(measured.window.lagP99Ms, 0)} ms): window discarded${attempt < attempts ? ', measuring again' : ''}`,
    );
  }
  if (!best) throw new Error('no window measured');
  return { ...best, discarded: best.window.lagP99Ms > GENERATOR_LAG_LIMIT_MS ? discarded - 1 : discarded };
}

/** Above this much CPU (% of one core) used by others during a window, its figures are marked noisy. */
export const NOISE_LIMIT_PCT = 15;

export function noiseNote(measured: Pick<Measured, 'otherCpu'>): string {
  return measured.otherCpu > NOISE_LIMIT_PCT ? `machine busy (others used ${fixed(measured.otherCpu, 0)} % CPU)` : '';
}

/**
 * Latency and delivery cells: move p50, move p99, cursor p50, cursor p99, and what became of every
 * state sent × receiver as "arrived/merged/lost" percentages (see `Tally`).
 */
export function latencyCells(window: Window, select: { cross?: boolean; flood?: boolean } = {}): string[] {
  const move = window.latency('move', select);
  const cursor = window.latency('cursor', select);
  return [ms(move.percentile(50)), ms(move.percentile(99)), ms(cursor.percentile(50)), ms(cursor.percentile(99)), deliveryCell(window)];
}

/** The header of `deliveryCell`'s column. */
export const DELIVERY_COLUMN = 'arr/mrg/lost %';

/** "arrived/merged/lost" as % of states sent × receivers, e.g. "91.2/8.8/0". */
export function deliveryCell(window: Window): string {
  return deliveryShares(window.total());
}

/** `deliveryCell` of a tally (one window's, or several summed). */
export function deliveryShares({ sent, arrived, merged, lost }: Tally): string {
  if (sent === 0) return '-';
  return [arrived, merged, lost].map((count) => share(count, sent)).join('/');
}

function share(count: number, of: number): string {
  const value = (count / of) * 100;
  if (count === 0) return '0';
  if (count === of) return '100';
  return value >= 99.95 ? '>99.9' : value < 0.05 ? '<0.1' : value.toFixed(1);
}

/**
 * Why a window's figures may not be the server's own: the generator lagged (its event loop
 * p99 passed the limit) or other processes were busy on the machine. Empty when neither.
 */
export function healthNote(measured: Measured): string {
  const notes: string[] = [];
  const { window } = measured;
  if (window.lagP99Ms > GENERATOR_LAG_LIMIT_MS)
    notes.push(`GENERATOR LAGGED (loop p99 +${fixed(window.lagP99Ms, 0)} ms, CPU ${fixed(window.generatorCpu, 0)} %): discard`);
  const noise = noiseNote(measured);
  if (noise) notes.push(noise);
  return notes.join('; ');
}

export function worstP99(window: Window): number {
  return Math.max(window.latency('move').percentile(99) || 0, window.latency('cursor').percentile(99) || 0);
}

/** The share of states sent × receivers that were not lost (arrived, or merged into a later one). */
export function deliveryRatio(window: Window): number {
  const { sent, lost } = window.total();
  return sent === 0 ? 1 : (sent - lost) / sent;
}

/** Connections the server closed during the window, as "8×4413" (count × close code), or "0". */
export function closesCell(window: Window): string {
  if (window.closes.size === 0) return '0';
  return [...window.closes].map(([code, count]) => `${count}×${code}`).join(' ');
}
