// The disagreement view of a private-first sort: for each card, who put it in which pile. A card
// two people put in different piles is a disagreement the team settles together; a card everyone
// who placed it put in the same pile goes there when the layers are revealed. Leaving a card
// unsorted (or in a pile deleted since) is not a vote: the person had not decided.
import type { PrivateLayer, PrivateSorter } from './schema/privateSort.js';

export interface PileVote {
  pileId: string;
  people: PrivateSorter[];
}

export interface CardComparison {
  cardId: string;
  /** One entry per pile someone chose, most people first (ties: by pile id, so every screen agrees). */
  votes: PileVote[];
  /** Two or more piles were chosen. */
  disagreement: boolean;
}

/** How each card was placed across the layers, in the order of `cardIds`; cards nobody placed are left out. */
export function compareLayers(
  cardIds: Iterable<string>,
  layers: Iterable<PrivateLayer>,
  existingPiles: { has(id: string): boolean },
): CardComparison[] {
  const layerList = [...layers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const comparisons: CardComparison[] = [];
  for (const cardId of cardIds) {
    const byPile = new Map<string, PrivateSorter[]>();
    for (const layer of layerList) {
      const pileId = layer.placements.get(cardId)?.pileId;
      if (!pileId || !existingPiles.has(pileId)) continue;
      const people = byPile.get(pileId) ?? [];
      people.push({ id: layer.id, name: layer.name, color: layer.color });
      byPile.set(pileId, people);
    }
    if (byPile.size === 0) continue;
    const votes = [...byPile].map(([pileId, people]) => ({ pileId, people }));
    votes.sort((a, b) => b.people.length - a.people.length || (a.pileId < b.pileId ? -1 : a.pileId > b.pileId ? 1 : 0));
    comparisons.push({ cardId, votes, disagreement: votes.length > 1 });
  }
  return comparisons;
}

/** The cards people disagreed on and the team has not settled yet. */
export function openDisagreements(comparisons: readonly CardComparison[], settled: { has(cardId: string): boolean }): CardComparison[] {
  return comparisons.filter((comparison) => comparison.disagreement && !settled.has(comparison.cardId));
}

/** Card id → pile for every card all its placers agreed on: where revealing puts it for everyone. */
export function agreedPlacements(comparisons: readonly CardComparison[]): Map<string, string> {
  const agreed = new Map<string, string>();
  for (const comparison of comparisons) {
    const only = comparison.votes[0];
    if (!comparison.disagreement && only) agreed.set(comparison.cardId, only.pileId);
  }
  return agreed;
}

/**
 * The open disagreement a card id stands for: itself while open; once settled, the next one still
 * open after it in `all` (wrapping round), so a settled card moves every screen on to the same next
 * card without anyone writing anything. Null when nothing is open or no card is named.
 */
export function openDisagreementFrom(
  cardId: string | null,
  all: readonly CardComparison[],
  open: readonly CardComparison[],
): CardComparison | null {
  if (!cardId || open.length === 0) return null;
  const start = all.findIndex((comparison) => comparison.cardId === cardId);
  if (start < 0) return open.find((comparison) => comparison.cardId === cardId) ?? null;
  const openIds = new Set(open.map((comparison) => comparison.cardId));
  for (let i = 0; i < all.length; i++) {
    const comparison = all[(start + i) % all.length];
    if (comparison && openIds.has(comparison.cardId)) return comparison;
  }
  return null;
}
