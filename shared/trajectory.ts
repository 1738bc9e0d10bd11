// The team's trajectory: its piles ordered from less to more sophisticated thinking (counting all
// → counting on → decomposing → compensating). It orders the share-out, and after a sort it tells
// which strategies the team anticipated but nobody used, and which nobody anticipated.
import type * as Y from 'yjs';
import type { Rect } from './layout.js';
import { asRecord, boardPiles } from './schema/board.js';
import type { Card } from './schema/card.js';
import { isBuiltInPile } from './schema/notSureYet.js';
import type { Pile } from './schema/pile.js';
import type { ProtocolState } from './schema/protocol.js';
import type { SequenceStep } from './schema/sequence.js';
import { PILE_SPACING } from './sortLayout.js';

/** Piles in trajectory order: ordered piles first (lower first), then the others by title. */
export function trajectoryOrder<P extends Pick<Pile, 'id' | 'title' | 'order'>>(piles: readonly P[]): P[] {
  return [...piles].sort((a, b) => {
    if (a.order !== null && b.order !== null && a.order !== b.order) return a.order - b.order;
    if (a.order !== null && b.order === null) return -1;
    if (a.order === null && b.order !== null) return 1;
    return a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}

/** The piles a trajectory orders: strategies, not the built-in "Not sure yet" pile. */
export function strategyPiles<P extends Pick<Pile, 'id'>>(piles: readonly P[]): P[] {
  return piles.filter((pile) => !isBuiltInPile(pile.id));
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
  const ordered = trajectoryOrder(strategyPiles(piles)).map((pile) => pile.id);
  const from = ordered.indexOf(pileId);
  if (from < 0) return;
  ordered.splice(from, 1);
  ordered.splice(Math.max(0, Math.min(ordered.length, toIndex)), 0, pileId);
  setTrajectory(doc, ordered);
}

/** The place after the last one taken: where a newly anticipated strategy goes. */
export function nextTrajectoryPlace(piles: readonly Pick<Pile, 'order'>[]): number {
  return piles.reduce((last, pile) => (pile.order !== null && pile.order > last ? pile.order : last), 0) + 1;
}

/** Marks a pile as a strategy the team anticipated in protocol step 1, at `place` in the trajectory. */
export function markAnticipated(doc: Y.Doc, pileId: string, place: number): void {
  const pile = asRecord(boardPiles(doc).get(pileId));
  if (!pile) return;
  doc.transact(() => {
    pile.set('anticipated', true);
    pile.set('order', place);
  });
}

/**
 * Lines the piles up left to right in trajectory order (the built-in "Not sure yet" last), from
 * where the first of them stood and clear of the unsorted area: the board then reads as numbered
 * lanes, and each pile's keyboard number is its place in the trajectory.
 */
export function arrangeAlongTrajectory(doc: Y.Doc, piles: readonly Pile[], unsorted: Rect): void {
  const lined = [...trajectoryOrder(strategyPiles(piles)), ...piles.filter((pile) => isBuiltInPile(pile.id))];
  if (lined.length === 0) return;
  let x = Math.min(...lined.map((pile) => pile.x));
  const y = Math.min(...lined.map((pile) => pile.y));
  const width = lined.reduce((sum, pile) => sum + pile.w + PILE_SPACING, 0);
  const height = Math.max(...lined.map((pile) => pile.h));
  const overlapsUnsorted = x < unsorted.x + unsorted.w && unsorted.x < x + width && y < unsorted.y + unsorted.h && unsorted.y < y + height;
  if (overlapsUnsorted) x = unsorted.x + unsorted.w + PILE_SPACING;
  const records = boardPiles(doc);
  doc.transact(() => {
    for (const pile of lined) {
      const record = asRecord(records.get(pile.id));
      if (record && record.get('x') !== x) record.set('x', x);
      if (record && record.get('y') !== y) record.set('y', y);
      x += pile.w + PILE_SPACING;
    }
  });
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
  const ordered = trajectoryOrder(strategyPiles(piles));
  return {
    anticipatedEmpty: ordered.filter((pile) => pile.anticipated && !used.has(pile.id)),
    unexpected: ordered.filter((pile) => !pile.anticipated && used.has(pile.id)),
  };
}

/**
 * Whether the sort is over, so that the outcome can be told: in protocol mode once the team is
 * past step 2 (trends, next steps); without it, once any card is in a pile and the team had
 * anticipated something to compare with. Before that, an empty anticipated pile is only not sorted
 * into yet.
 */
export function sortIsOver(
  protocol: Pick<ProtocolState, 'active' | 'phase'>,
  piles: readonly Pick<Pile, 'anticipated'>[],
  sortedCards: number,
): boolean {
  if (protocol.active) return protocol.phase === 'trends' || protocol.phase === 'nextSteps';
  return sortedCards > 0 && piles.some((pile) => pile.anticipated);
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
