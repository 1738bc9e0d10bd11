// The team's trajectory: its piles ordered from less to more sophisticated thinking (counting all
// → counting on → decomposing → compensating). It orders the share-out, and after a sort it tells
// which strategies the team anticipated but nobody used, and which nobody anticipated.
import type * as Y from 'yjs';
import { asRecord, boardPiles } from './schema/board.js';
import type { Card } from './schema/card.js';
import type { Pile } from './schema/pile.js';
import type { SequenceStep } from './schema/sequence.js';

/** Piles in trajectory order: ordered piles first (lower first), then the others by title. */
export function trajectoryOrder<P extends Pick<Pile, 'id' | 'title' | 'order'>>(piles: readonly P[]): P[] {
  return [...piles].sort((a, b) => {
    if (a.order !== null && b.order !== null && a.order !== b.order) return a.order - b.order;
    if (a.order !== null && b.order === null) return -1;
    if (a.order === null && b.order !== null) return 1;
    return a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/**
 * Writes the whole order at once (1, 2, 3, …) for the piles named, in that order; piles not
 * named lose their place. One transaction, so everyone sees one reordering, never half of one.
 */
export function setTrajectory(doc: Y.Doc, pileIds: readonly string[]): void {
  const piles = boardPiles(doc);
  const place = new Map(pileIds.map((id, index) => [id, index + 1]));
  doc.transact(() => {
    piles.forEach((value, id) => {
      const pile = asRecord(value);
      if (!pile) return;
      const order = place.get(id);
      if (order === undefined) {
        if (pile.has('order')) pile.delete('order');
      } else if (pile.get('order') !== order) {
        pile.set('order', order);
      }
    });
  });
}

/** Moves one pile to `toIndex` of the current trajectory (every pile then has a place). */
export function movePileInTrajectory(doc: Y.Doc, piles: readonly Pile[], pileId: string, toIndex: number): void {
  const ordered = trajectoryOrder(piles).map((pile) => pile.id);
  const from = ordered.indexOf(pileId);
  if (from < 0) return;
  ordered.splice(from, 1);
  ordered.splice(Math.max(0, Math.min(ordered.length, toIndex)), 0, pileId);
  setTrajectory(doc, ordered);
}

export interface TrajectoryOutcome {
  /** Anticipated strategies no card was sorted into. */
  anticipatedEmpty: Pile[];
  /** Piles with cards that nobody anticipated (made during or after the sort). */
  unexpected: Pile[];
}

/** What the sort showed against what the team anticipated in protocol step 1. */
export function trajectoryOutcome(piles: readonly Pile[], cards: readonly Pick<Card, 'pileId'>[]): TrajectoryOutcome {
  const used = new Set(cards.map((card) => card.pileId).filter((id): id is string => id !== null));
  const ordered = trajectoryOrder(piles);
  return {
    anticipatedEmpty: ordered.filter((pile) => pile.anticipated && !used.has(pile.id)),
    unexpected: ordered.filter((pile) => !pile.anticipated && used.has(pile.id)),
  };
}

/**
 * The default order of a share-out: along the trajectory, by the pile each step's card is in
 * (steps of unsorted or unknown cards last), keeping the team's order within a pile.
 */
export function stepsInTrajectoryOrder<S extends Pick<SequenceStep, 'cardId'>>(
  steps: readonly S[],
  cards: readonly Pick<Card, 'id' | 'pileId'>[],
  piles: readonly Pile[],
): S[] {
  const rank = new Map(trajectoryOrder(piles).map((pile, index) => [pile.id, index]));
  const pileOf = new Map(cards.map((card) => [card.id, card.pileId]));
  const rankOf = (step: S) => {
    const pileId = pileOf.get(step.cardId);
    return (pileId ? rank.get(pileId) : undefined) ?? Number.MAX_SAFE_INTEGER;
  };
  return steps
    .map((step, index) => ({ step, index, rank: rankOf(step) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ step }) => step);
}
