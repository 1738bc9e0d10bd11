// Membership: which pile a card is in and where in it. Moves are planned as pure functions over the
// layout (so they are tested without a document), then written in one transaction per move: a drop
// is one write, never one per pointer move (README, "Measured facts").

import type * as Y from 'yjs';
import type { Point } from './layout.js';
import { asRecord, boardCards } from './schema/board.js';
import type { CardPlacement } from './schema/card.js';
import { createPile, deletePile, MIN_PILE_HEIGHT } from './schema/pile.js';
import { cardsIn, heightFor, newPileSpotSorted, type SortLayout, slotIn, widthForColumns } from './sortLayout.js';

/** Where cards go: a pile (or null, the unsorted area) and the slot among the cards already there. */
export interface MoveTarget {
  pileId: string | null;
  /** The slot among the place's other cards; absent: after the last one. */
  index?: number;
}

/** Orders closer than this are re-spaced, so fractional orders never run out of precision. */
const MIN_ORDER_GAP = 1e-9;

/** A new pile is three cards wide. */
export const NEW_PILE_WIDTH = widthForColumns(3);

/**
 * The placements that put `ids` (in this order, together) into `target`. Only what changes: an
 * empty plan means the cards are already there. If the gap between the neighbours has worn too
 * thin, every card of the place gets a fresh whole-number order.
 */
export function planMove(layout: SortLayout, ids: readonly string[], target: MoveTarget): Map<string, CardPlacement> {
  const plan = new Map<string, CardPlacement>();
  const movingIds = ids.filter((id, i) => layout.cardPile.has(id) && ids.indexOf(id) === i);
  if (movingIds.length === 0) return plan;
  const moving = new Set(movingIds);
  const current = cardsIn(layout, target.pileId);
  const others = current.filter((card) => !moving.has(card.id));
  const index = Math.max(0, Math.min(others.length, target.index ?? others.length));
  const sequence = [...others.slice(0, index).map((card) => card.id), ...movingIds, ...others.slice(index).map((card) => card.id)];
  const alreadyThere =
    movingIds.every((id) => layout.cardPile.get(id) === target.pileId) &&
    sequence.length === current.length &&
    sequence.every((id, i) => current[i]?.id === id);
  if (alreadyThere) return plan;

  const rect = target.pileId === null ? layout.unsorted : layout.pileRects.get(target.pileId);
  const where = (slot: number): Point => (rect ? slotIn(rect, slot) : { x: 0, y: 0 });
  const before = others[index - 1]?.order;
  const after = others[index]?.order;
  const n = movingIds.length;
  const respace = before !== undefined && after !== undefined && (after - before) / (n + 1) < MIN_ORDER_GAP;
  if (respace) {
    const byId = new Map(current.map((card) => [card.id, card]));
    sequence.forEach((id, slot) => {
      const card = byId.get(id);
      if (!moving.has(id) && card?.order === slot) return;
      plan.set(id, { pileId: target.pileId, order: slot, ...where(slot) });
    });
    return plan;
  }
  movingIds.forEach((id, i) => {
    let order: number;
    if (before !== undefined && after !== undefined) order = before + ((after - before) * (i + 1)) / (n + 1);
    else if (before !== undefined) order = before + 1 + i;
    else if (after !== undefined) order = after - (n - i);
    else order = i;
    plan.set(id, { pileId: target.pileId, order, ...where(index + i) });
  });
  return plan;
}

/**
 * Writes a plan in one transaction. Every field of a moved card is written, so that two people
 * dropping the same card at once both see one of the two drops win entirely (Yjs picks the same
 * writer for every key of a concurrent pair), never a pile from one and an order from the other.
 */
export function applyPlan(doc: Y.Doc, plan: ReadonlyMap<string, CardPlacement>): void {
  if (plan.size === 0) return;
  const cards = boardCards(doc);
  doc.transact(() => {
    for (const [id, placement] of plan) {
      const map = asRecord(cards.get(id));
      if (!map) continue;
      map.set('pileId', placement.pileId);
      map.set('order', placement.order ?? 0);
      map.set('x', Math.round(placement.x));
      map.set('y', Math.round(placement.y));
    }
  });
}

export function moveCards(doc: Y.Doc, layout: SortLayout, ids: readonly string[], target: MoveTarget): number {
  const plan = planMove(layout, ids, target);
  applyPlan(doc, plan);
  return plan.size;
}

/** The pile the keyboard's number `n` (1-based) names, in reading order. */
export function pileByNumber(layout: SortLayout, n: number): string | null {
  return layout.readingOrder[n - 1] ?? null;
}

/** The ids in the order they are drawn: piles in reading order, then the unsorted area. */
export function inDisplayOrder(layout: SortLayout, ids: Iterable<string>): string[] {
  const wanted = new Set(ids);
  const ordered: string[] = [];
  for (const pileId of [...layout.readingOrder, null]) {
    for (const card of cardsIn(layout, pileId)) if (wanted.has(card.id)) ordered.push(card.id);
  }
  return ordered;
}

/** The plan that moves one card `delta` slots within its place (arrow keys). */
export function planStep(layout: SortLayout, id: string, delta: number): Map<string, CardPlacement> {
  if (!layout.cardPile.has(id)) return new Map();
  const pileId = layout.cardPile.get(id) ?? null;
  const index = cardsIn(layout, pileId).findIndex((card) => card.id === id);
  if (index < 0) return new Map();
  return planMove(layout, [id], { pileId, index: index + delta });
}

export interface NewPileInit {
  title: string;
  color: string;
  w?: number;
}

/** Makes a pile in the next free spot and moves `ids` into it, as one change; answers its id. */
export function createPileWithCards(doc: Y.Doc, layout: SortLayout, ids: readonly string[], init: NewPileInit, id?: string): string {
  const w = init.w ?? NEW_PILE_WIDTH;
  const h = heightFor({ w, h: MIN_PILE_HEIGHT }, ids.length);
  const spot = newPileSpotSorted(layout, { w, h: Math.max(h, MIN_PILE_HEIGHT) });
  let pileId = '';
  doc.transact(() => {
    pileId = createPile(doc, { title: init.title, color: init.color, x: spot.x, y: spot.y, w, h: MIN_PILE_HEIGHT }, id);
    // The pile is new: its cards take orders 0, 1, … in the order given.
    const plan = new Map<string, CardPlacement>();
    ids.forEach((cardId, i) => {
      if (layout.cardPile.has(cardId)) plan.set(cardId, { pileId, order: i, x: spot.x, y: spot.y });
    });
    applyPlan(doc, plan);
  });
  return pileId;
}

/** Deletes a pile; its cards go back to the end of the unsorted area, in their order, never deleted. */
export function deletePileToUnsorted(doc: Y.Doc, layout: SortLayout, pileId: string): void {
  doc.transact(() => {
    applyPlan(
      doc,
      planMove(
        layout,
        cardsIn(layout, pileId).map((card) => card.id),
        { pileId: null },
      ),
    );
    deletePile(doc, pileId);
  });
}
