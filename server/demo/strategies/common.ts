// What every strategy drawing shares: the numbers in the task, where on the page the work may
// go, and the shape of a drawing function.

import type { Pencil } from '../pencil.js';

export type DemoStrategy = 'number-line' | 'base-ten' | 'standard-algorithm' | 'compensation' | 'counting-on';

/** The two numbers the class adds. Drawings derive every intermediate number from these. */
export const ADDENDS = { first: 48, second: 27 } as const;

/** The part of the page under the task where a child works, in page pixels. */
export interface WorkArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Draws one child's work with the pencil and returns the answer they arrived at. A drawing for
 * an incorrect paper makes a mistake typical of that strategy, not a random wrong number.
 */
export type StrategyDrawing = (pencil: Pencil, area: WorkArea, correct: boolean) => number;

export function tensOf(value: number): number {
  return value - (value % 10);
}

export function onesOf(value: number): number {
  return value % 10;
}

/** How far `value` is from the next multiple of ten (48 → 2). */
export function upToNextTen(value: number): number {
  return (10 - (value % 10)) % 10;
}
