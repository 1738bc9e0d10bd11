// Where things go on the board: the card grid inside a pile, the unsorted area, and which pile a
// point falls in. Pure functions shared by the canvas and the server (exports, demo layout).
import type { Card } from './schema/card.js';
import type { Pile } from './schema/pile.js';

export const CARD_WIDTH = 150;
export const CARD_IMAGE_HEIGHT = 194; // US Letter is 8.5 × 11; 150 × 11 / 8.5 ≈ 194
export const CARD_LABEL_HEIGHT = 30;
export const CARD_HEIGHT = CARD_IMAGE_HEIGHT + CARD_LABEL_HEIGHT;
export const CARD_GAP = 16;
/** Space above a pile's grid for its title bar. */
export const PILE_HEADER_HEIGHT = 52;
export const PILE_PADDING = 16;

export interface Point {
  x: number;
  y: number;
}

export interface Rect extends Point {
  w: number;
  h: number;
}

/** Cards in display order: by `order`, then id so that every client agrees on ties. */
export function sortCards<T extends Pick<Card, 'order' | 'id'>>(cards: T[]): T[] {
  return [...cards].sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function pileColumns(pile: Pick<Pile, 'w'>): number {
  return Math.max(1, Math.floor((pile.w - 2 * PILE_PADDING + CARD_GAP) / (CARD_WIDTH + CARD_GAP)));
}

/** The board position of the `index`-th card of a pile: a tidy grid that grows downwards. */
export function pileSlot(pile: Pick<Pile, 'x' | 'y' | 'w'>, index: number): Point {
  const columns = pileColumns(pile);
  const column = index % columns;
  const row = Math.floor(index / columns);
  return {
    x: pile.x + PILE_PADDING + column * (CARD_WIDTH + CARD_GAP),
    y: pile.y + PILE_HEADER_HEIGHT + row * (CARD_HEIGHT + CARD_GAP),
  };
}

/** The height a pile must have to show `count` cards; it never shrinks below what the user set. */
export function pileHeightFor(pile: Pick<Pile, 'w' | 'h'>, count: number): number {
  const rows = Math.max(1, Math.ceil(count / pileColumns(pile)));
  const needed = PILE_HEADER_HEIGHT + rows * (CARD_HEIGHT + CARD_GAP) - CARD_GAP + PILE_PADDING;
  return Math.max(pile.h, needed);
}

/** The topmost pile whose rectangle contains `point`, or null. Later piles are drawn on top. */
export function pileAt<T extends Pick<Pile, 'x' | 'y' | 'w' | 'h' | 'id'>>(
  piles: T[],
  point: Point,
  heights?: Map<string, number>,
): T | null {
  for (let i = piles.length - 1; i >= 0; i--) {
    const pile = piles[i];
    if (!pile) continue;
    const h = heights?.get(pile.id) ?? pile.h;
    if (point.x >= pile.x && point.x <= pile.x + pile.w && point.y >= pile.y && point.y <= pile.y + h) return pile;
  }
  return null;
}

/** The index at which a card dropped at `point` lands among a pile's `count` cards. */
export function pileInsertIndex(pile: Pick<Pile, 'x' | 'y' | 'w'>, count: number, point: Point): number {
  const columns = pileColumns(pile);
  const column = Math.min(columns - 1, Math.max(0, Math.floor((point.x - pile.x - PILE_PADDING) / (CARD_WIDTH + CARD_GAP))));
  const row = Math.max(0, Math.floor((point.y - pile.y - PILE_HEADER_HEIGHT) / (CARD_HEIGHT + CARD_GAP)));
  return Math.min(count, row * columns + column);
}

/** An `order` value between two neighbours (either may be missing), for fractional ordering. */
export function orderBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 0;
  if (before === undefined) return (after as number) - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

/** Grid positions for `count` new cards starting at `origin`, `columns` wide (the unsorted area). */
export function gridPositions(origin: Point, count: number, columns: number): Point[] {
  return Array.from({ length: count }, (_, i) => ({
    x: origin.x + (i % columns) * (CARD_WIDTH + CARD_GAP),
    y: origin.y + Math.floor(i / columns) * (CARD_HEIGHT + CARD_GAP),
  }));
}
