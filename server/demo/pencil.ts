// What one person's pencil has put on a page: their hand, their share of the randomness, and
// the strokes so far. Strategy drawings write through it so they never repeat the plumbing.

import type { Stroke } from './font.js';
import { type Hand, measureText, scaledHand, writeText } from './handwriting.js';
import type { Random } from './random.js';

export interface Pencil {
  readonly random: Random;
  readonly hand: Hand;
  readonly strokes: Stroke[];
  /**
   * Writes text from `x` on `baseline`; `scale` makes it bigger or smaller, and text that would
   * pass `right` is written smaller to fit, as children squeeze in the end of a line. Returns
   * the width written.
   */
  write(text: string, x: number, baseline: number, scale?: number, right?: number): number;
  writeCentered(text: string, centerX: number, baseline: number, scale?: number): number;
  measure(text: string, scale?: number): number;
  draw(...strokes: Stroke[]): void;
}

export function createPencil(random: Random, hand: Hand): Pencil {
  const strokes: Stroke[] = [];
  const write = (text: string, x: number, baseline: number, scale = 1, right = Number.POSITIVE_INFINITY): number => {
    // Jitter can stretch a line a little past its measured width; leave room for that.
    const room = (right - x) / 1.08;
    const fitted = Math.min(scale, (scale * room) / Math.max(1, measureText(scaledHand(hand, scale), text)));
    const writing = writeText(random, fitted === 1 ? hand : scaledHand(hand, fitted), text, x, baseline);
    strokes.push(...writing.strokes);
    return writing.width;
  };
  return {
    random,
    hand,
    strokes,
    write,
    writeCentered: (text, centerX, baseline, scale = 1) =>
      write(text, centerX - measureText(scaledHand(hand, scale), text) / 2, baseline, scale),
    measure: (text, scale = 1) => measureText(scaledHand(hand, scale), text),
    draw: (...more) => {
      strokes.push(...more);
    },
  };
}

/** SVG path data for strokes; one decimal keeps pages small without visible steps. */
export function pathData(strokes: readonly Stroke[]): string {
  const parts: string[] = [];
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    if (!first) continue;
    parts.push(`M${first.x.toFixed(1)} ${first.y.toFixed(1)}`);
    if (rest.length === 0) parts.push(`l0 0`);
    for (const point of rest) parts.push(`L${point.x.toFixed(1)} ${point.y.toFixed(1)}`);
  }
  return parts.join('');
}
