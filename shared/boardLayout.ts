// Where everything of a board is drawn: each pile's rectangle, each card's position, and what a
// drop or a press at a point means. The derived view of a board document that every client
// computes alike, so that all screens agree on where a card is and what it was dropped on.
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  orderBetween,
  PILE_HEADER_HEIGHT,
  type Point,
  pileAt,
  pileHeightFor,
  pileInsertIndex,
  pileSlot,
  type Rect,
  sortCards,
} from './layout.js';
import { type Card, type CardPlacement, effectivePileId } from './schema/card.js';
import type { Pile } from './schema/pile.js';

/** Space kept between a pile and one it pushes down. */
export const PILE_GAP = 48;

export interface DrawnPile extends Rect {
  id: string;
}

export interface BoardLayout {
  /** Each pile where it is drawn, in drawing order (later on top). */
  piles: DrawnPile[];
  pileRects: Map<string, DrawnPile>;
  /** Top-left board position of every card. */
  cardPositions: Map<string, Point>;
  /** The pile each card is really in (`null` = unsorted), see `effectivePileId`. */
  cardPile: Map<string, string | null>;
  /** Each pile's cards in display order. */
  members: Map<string, Card[]>;
}

function overlaps(a: Rect, b: Rect, gap = 0): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

/**
 * Piles grow downwards as cards arrive. A pile that would then cover another one pushes it down
 * instead, as on a table: piles are settled from the top, each moved below any settled pile it
 * would overlap. A pile's stored position is where it was put; its drawn position may be lower.
 */
function settlePiles(piles: Pile[], counts: Map<string, number>): Map<string, DrawnPile> {
  const byTop = [...piles].sort((a, b) => a.y - b.y || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const settled: DrawnPile[] = [];
  for (const pile of byTop) {
    const rect: DrawnPile = { id: pile.id, x: pile.x, y: pile.y, w: pile.w, h: pileHeightFor(pile, counts.get(pile.id) ?? 0) };
    for (let moved = true, rounds = 0; moved && rounds <= settled.length; rounds++) {
      moved = false;
      for (const other of settled) {
        if (overlaps(rect, other)) {
          rect.y = other.y + other.h + PILE_GAP;
          moved = true;
        }
      }
    }
    settled.push(rect);
  }
  return new Map(settled.map((rect) => [rect.id, rect]));
}

/** `piles` in the order they are drawn (later ones on top). */
export function layoutBoard(cards: Iterable<Card>, piles: Pile[]): BoardLayout {
  const pileById = new Map<string, Pile>();
  for (const pile of piles) pileById.set(pile.id, pile);
  const members = new Map<string, Card[]>();
  for (const id of pileById.keys()) members.set(id, []);
  const cardPositions = new Map<string, Point>();
  const cardPile = new Map<string, string | null>();
  for (const card of cards) {
    const pileId = effectivePileId(card, pileById);
    cardPile.set(card.id, pileId);
    if (pileId === null) cardPositions.set(card.id, { x: card.x, y: card.y });
    else members.get(pileId)?.push(card);
  }
  const counts = new Map<string, number>();
  for (const [pileId, list] of members) {
    const sorted = sortCards(list);
    members.set(pileId, sorted);
    counts.set(pileId, sorted.length);
  }
  const pileRects = settlePiles(piles, counts);
  for (const [pileId, list] of members) {
    const rect = pileRects.get(pileId);
    if (!rect) continue;
    list.forEach((card, index) => {
      cardPositions.set(card.id, pileSlot(rect, index));
    });
  }
  const drawn = piles.flatMap((pile) => {
    const rect = pileRects.get(pile.id);
    return rect ? [rect] : [];
  });
  return { piles: drawn, pileRects, cardPositions, cardPile, members };
}

/**
 * What dropping the cards `cardIds` with the pointer at `pointer` means. Over a pile: into it at
 * the slot under the pointer, ordered between its neighbours there. Elsewhere: unsorted, with each
 * card's top-left at `topLeft` (the dragged position).
 */
export function dropPlacement(
  layout: BoardLayout,
  cardIds: string[],
  pointer: Point,
  topLeft: Point,
): { pileId: string | null; placements: Map<string, CardPlacement> } {
  const placements = new Map<string, CardPlacement>();
  const pile = pileAt(layout.piles, pointer);
  if (!pile) {
    cardIds.forEach((id, i) => {
      placements.set(id, { pileId: null, x: Math.round(topLeft.x + i * 24), y: Math.round(topLeft.y + i * 24) });
    });
    return { pileId: null, placements };
  }
  const moving = new Set(cardIds);
  const others = (layout.members.get(pile.id) ?? []).filter((card) => !moving.has(card.id));
  const index = pileInsertIndex(pile, others.length, pointer);
  const before = others[index - 1]?.order;
  const after = others[index]?.order;
  // Spread several cards evenly in the gap so that they keep their relative order.
  cardIds.forEach((id, i) => {
    const order =
      before === undefined || after === undefined
        ? orderBetween(before, after) + (before === undefined ? -(cardIds.length - 1 - i) : i)
        : before + ((after - before) * (i + 1)) / (cardIds.length + 1);
    placements.set(id, { pileId: pile.id, x: Math.round(topLeft.x), y: Math.round(topLeft.y), order });
  });
  return { pileId: pile.id, placements };
}

/** The pile a dragged card would land in if dropped with the pointer at `pointer`. */
export function dropTargetAt(layout: BoardLayout, pointer: Point): string | null {
  return pileAt(layout.piles, pointer)?.id ?? null;
}

/** The rectangle holding every pile and card, or null for an empty board. */
export function boardBounds(layout: BoardLayout): Rect | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const pile of layout.piles) {
    minX = Math.min(minX, pile.x);
    minY = Math.min(minY, pile.y);
    maxX = Math.max(maxX, pile.x + pile.w);
    maxY = Math.max(maxY, pile.y + pile.h);
  }
  for (const position of layout.cardPositions.values()) {
    minX = Math.min(minX, position.x);
    minY = Math.min(minY, position.y);
    maxX = Math.max(maxX, position.x + CARD_WIDTH);
    maxY = Math.max(maxY, position.y + CARD_HEIGHT);
  }
  if (minX === Infinity) return null;
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/**
 * Where a new pile of `size` goes: the first free cell of a grid `columns` piles wide, to the
 * right of the unsorted cards (or where the piles already are), so piles stay tidy and near.
 */
export function newPileSpot(layout: BoardLayout, size: { w: number; h: number }, columns = 3, gap = 64): Point {
  const occupied: Rect[] = [...layout.piles];
  let unsortedRight = -Infinity;
  let top = Infinity;
  for (const [id, position] of layout.cardPositions) {
    if (layout.cardPile.get(id) !== null) continue;
    occupied.push({ x: position.x, y: position.y, w: CARD_WIDTH, h: CARD_HEIGHT });
    unsortedRight = Math.max(unsortedRight, position.x + CARD_WIDTH);
    top = Math.min(top, position.y);
  }
  for (const pile of layout.piles) top = Math.min(top, pile.y);
  if (top === Infinity) return { x: 0, y: 0 };
  const left = unsortedRight > -Infinity ? unsortedRight + gap : Math.min(...layout.piles.map((pile) => pile.x));
  for (let row = 0; row < 1000; row++) {
    for (let column = 0; column < columns; column++) {
      const spot = { x: Math.round(left + column * (size.w + gap)), y: Math.round(top + row * (size.h + gap)) };
      if (!occupied.some((other) => overlaps({ ...spot, ...size }, other, gap / 2))) return spot;
    }
  }
  return { x: Math.round(left), y: Math.round(top) };
}

export type BoardHit = { kind: 'card'; id: string } | { kind: 'pileHeader'; id: string } | { kind: 'pile'; id: string } | null;

/**
 * What is under a board point, as drawn: cards above piles, later ones above earlier ones.
 * `cardOrder` is the cards' drawing order; `skip` lists cards that are not where the layout says
 * (someone is carrying them). Geometry, not a hit canvas: the layers need not listen for events.
 */
export function hitTest(layout: BoardLayout, cardOrder: string[], point: Point, skip?: ReadonlySet<string>): BoardHit {
  for (let i = cardOrder.length - 1; i >= 0; i--) {
    const id = cardOrder[i];
    if (id === undefined || skip?.has(id)) continue;
    const position = layout.cardPositions.get(id);
    if (!position) continue;
    if (point.x >= position.x && point.x <= position.x + CARD_WIDTH && point.y >= position.y && point.y <= position.y + CARD_HEIGHT) {
      return { kind: 'card', id };
    }
  }
  const pile = pileAt(layout.piles, point);
  if (!pile) return null;
  return { kind: point.y <= pile.y + PILE_HEADER_HEIGHT ? 'pileHeader' : 'pile', id: pile.id };
}
