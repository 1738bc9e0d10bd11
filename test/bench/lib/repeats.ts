// One step measured in several windows (the servers taking turns, see classroom.ts): each figure
// is the median over the windows in which the generator kept up, and its spread (lowest–highest)
// over them is that server's noise at that step.
import type { Tally } from './load.js';
import { deliveryShares, type Measured } from './measure.js';
import { GENERATOR_LAG_LIMIT_MS, median } from './stats.js';

/** Figures read from one window. */
export const FIGURES = {
  moveP50: (m: Measured) => m.window.latency('move').percentile(50),
  moveP99: (m: Measured) => m.window.latency('move').percentile(99),
  cursorP50: (m: Measured) => m.window.latency('cursor').percentile(50),
  cursorP99: (m: Measured) => m.window.latency('cursor').percentile(99),
  cpu: (m: Measured) => m.cpu[0] ?? Number.NaN,
  rssMb: (m: Measured) => m.memory[0]?.rssMb ?? Number.NaN,
  hwmMb: (m: Measured) => m.memory[0]?.hwmMb ?? Number.NaN,
  generatorCpu: (m: Measured) => m.window.generatorCpu,
  lagP99Ms: (m: Measured) => m.window.lagP99Ms,
  otherCpu: (m: Measured) => m.otherCpu,
} as const;

export type Figure = keyof typeof FIGURES;

export class Repeated {
  readonly windows: Measured[] = [];

  add(measured: Measured): void {
    this.windows.push(measured);
  }

  /** Windows in which the generator lagged: they say nothing about the server. */
  get lagged(): number {
    return this.windows.filter((m) => m.window.lagP99Ms > GENERATOR_LAG_LIMIT_MS).length;
  }

  /** Trusted when the generator kept up in most windows (2 of 3). */
  get trusted(): boolean {
    return this.windows.length - this.lagged > this.windows.length / 2;
  }

  /** The windows figures are taken from: those the generator kept up with, or all when it lagged in most. */
  get kept(): Measured[] {
    if (!this.trusted) return this.windows;
    return this.windows.filter((m) => m.window.lagP99Ms <= GENERATOR_LAG_LIMIT_MS);
  }

  median(figure: Figure): number {
    return median(this.kept.map(FIGURES[figure]).filter(Number.isFinite));
  }

  /** Lowest and highest over the kept windows. */
  range(figure: Figure): [number, number] {
    const values = this.kept.map(FIGURES[figure]).filter(Number.isFinite);
    return values.length ? [Math.min(...values), Math.max(...values)] : [Number.NaN, Number.NaN];
  }

  /** Every state sent × receiver over the kept windows, summed. */
  delivery(): Tally {
    const sum: Tally = { sent: 0, arrived: 0, merged: 0, untimed: 0, lost: 0 };
    for (const m of this.kept) {
      const total = m.window.total();
      for (const key of Object.keys(sum) as (keyof Tally)[]) sum[key] += total[key];
    }
    return sum;
  }

  deliveryCell(): string {
    return deliveryShares(this.delivery());
  }

  /** Share of states sent × receivers not lost, over the kept windows. */
  deliveryRatio(): number {
    const { sent, lost } = this.delivery();
    return sent === 0 ? 1 : (sent - lost) / sent;
  }

  /** Connections the server closed over every window, as "8×4413", or "0". */
  closesCell(): string {
    const closes = new Map<number, number>();
    for (const m of this.windows) for (const [code, count] of m.window.closes) closes.set(code, (closes.get(code) ?? 0) + count);
    if (closes.size === 0) return '0';
    return [...closes].map(([code, count]) => `${count}×${code}`).join(' ');
  }
}
