// Latency histograms, the generator's own health, and the printed table.
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';

const FLOOR_MS = 0.01;
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = 1100; // 0.01 ms · 1.02^1100 ≈ 27 minutes

/** A latency histogram with 2 % wide buckets: O(1) to record, plenty of precision for p50/p99. */
export class Histogram {
  private readonly buckets = new Uint32Array(BUCKETS);
  count = 0;
  max = 0;

  add(ms: number): void {
    const index = ms <= FLOOR_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / FLOOR_MS) / LOG_GROWTH));
    this.buckets[index] = (this.buckets[index] ?? 0) + 1;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The value below which `p` % of samples fall (upper edge of its bucket); NaN when empty. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil((p / 100) * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.buckets[i] ?? 0;
      if (seen >= rank) return Math.min(FLOOR_MS * GROWTH ** i, this.max);
    }
    return this.max;
  }

  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.buckets[i] = (this.buckets[i] ?? 0) + (other.buckets[i] ?? 0);
    this.count += other.count;
    this.max = Math.max(this.max, other.max);
  }
}

/** Event-loop delay of the generator: when it lags, its latency figures are its own, not the server's. */
export class LagMonitor {
  private static readonly RESOLUTION_MS = 10;
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: LagMonitor.RESOLUTION_MS });

  constructor() {
    this.histogram.enable();
  }

  reset(): void {
    this.histogram.reset();
  }

  /** p99 event-loop delay since the last reset, ms (the histogram holds whole sampling intervals). */
  p99Ms(): number {
    return Math.max(0, this.histogram.percentile(99) / 1e6 - LagMonitor.RESOLUTION_MS);
  }

  stop(): void {
    this.histogram.disable();
  }
}

/** The generator lags when its event loop p99 passes this: the run is marked, not trusted. */
export const GENERATOR_LAG_LIMIT_MS = 20;

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export function percentileOf(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** Milliseconds, short: 0.42, 4.2, 42, 4200. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value < 1) return value.toFixed(2);
  if (value < 10) return value.toFixed(1);
  return Math.round(value).toString();
}

export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

/** Delivery %, with enough digits to tell 99.9 from 100. */
export function pct(delivered: number, expected: number): string {
  if (expected === 0) return '-';
  const value = (delivered / expected) * 100;
  return value >= 99.995 ? '100' : value.toFixed(value >= 99 ? 2 : 1);
}

/** ours / peer, as "0.42" (lower is better for ours when the metric is a cost). */
export function ratio(ours: number, peer: number): string {
  if (!Number.isFinite(ours) || !Number.isFinite(peer) || peer === 0) return '-';
  const value = ours / peer;
  return value >= 10 ? value.toFixed(0) : value.toFixed(2);
}

/** One section of the report: a title, one line explaining the columns, aligned rows. */
export class Section {
  readonly rows: string[][] = [];

  constructor(
    readonly title: string,
    readonly explanation: string,
    readonly columns: string[],
  ) {}

  readonly notes: string[] = [];

  add(row: string[]): void {
    this.rows.push(row);
  }

  /** A line printed under the rows. */
  note(text: string): void {
    this.notes.push(text);
  }

  render(): string {
    const all = [this.columns, ...this.rows];
    const widths = this.columns.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
    const line = (row: string[]) =>
      row
        .map((cell, i) =>
          i === 0 || (i === row.length - 1 && /[a-z]/i.test(cell)) ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd();
    const rule = '-'.repeat(widths.reduce((sum, width) => sum + width + 2, -2));
    return [
      `== ${this.title}`,
      `   ${this.explanation}`,
      line(this.columns),
      rule,
      ...this.rows.map(line),
      ...this.notes.map((note) => `   ${note}`),
    ].join('\n');
  }
}
