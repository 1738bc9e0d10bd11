// Where everything of a sorting board is drawn: the unsorted area (a tidy grid where new cards
// arrive), each pile (its own grid, or folded to a stack), every card, and what a press or a drop at
// a point means. Every client derives this alike from the document, so all screens agree on where a
// card is, what it was dropped on and which pile is "pile 3" for the keyboard.
import {
  CARD_GAP,
  CARD_HEIGHT,
  CARD_WIDTH,
  PILE_HEADER_HEIGHT,
  PILE_PADDING,
  type Point,
  pileHeightFor,
  pileInsertIndex,
  pileSlot,
  type Rect,
  sortCards,
} from './layout.js';
import { type Card, effectivePileId } from './schema/card.js';
import { MIN_PILE_HEIGHT, MIN_PILE_WIDTH, type Pile } from './schema/pile.js';
import type { UnsortedArea } from './schema/settings.js';

/** Space kept between piles, and between a pile and the unsorted area. */
export const PILE_SPACING = 48;
/** The unsorted area is this many cards wide until someone resizes it. */
export const UNSORTED_COLUMNS = 8;
/** A folded pile is this wide at most: room for its title above a stack of cards. */
export const COLLAPSED_WIDTH = 2 * PILE_PADDING + 2 * CARD_WIDTH + CARD_GAP;
/** How far each card under the top one of a stack peeks out. */
export const STACK_OFFSET = 7;
/** One line of a pile's notes (what it shows, next steps), drawn under its cards. */
export const NOTES_LINE_HEIGHT = 30;
const NOTES_PADDING = 14;
/** The fold/unfold button at the right end of a pile's header. */
export const COLLAPSE_BUTTON_WIDTH = 48;
/** The square at a pile's bottom-right corner that resizes it. */
export const RESIZE_HANDLE_SIZE = 30;
/** Piles the keyboard can reach by number (1–9). */
export const NUMBERED_PILES = 9;
/** Room between a header and the first row of cards under it. */
export const GRID_TOP = 14;

/** The rectangle whose grid (shared/layout.ts pileSlot) is where a pile's cards are: below a gap under the header. */
export function gridOf(rect: Rect): Rect {
  return { ...rect, y: rect.y + GRID_TOP };
}

/** The board position of the `index`-th card of a pile or of the unsorted area drawn at `rect`. */
export function slotIn(rect: Rect, index: number): Point {
  return pileSlot(gridOf(rect), index);
}

/** The height a pile (or the unsorted area) drawn `w` wide needs for `count` cards, at least `h`. */
export function heightFor(rect: { w: number; h: number }, count: number): number {
  return Math.max(rect.h, pileHeightFor({ w: rect.w, h: 0 }, count) + GRID_TOP);
}

/** The width of a grid `columns` cards wide, with the padding of a pile. */
export function widthForColumns(columns: number): number {
  const n = Math.max(1, Math.round(columns));
  return 2 * PILE_PADDING + n * CARD_WIDTH + (n - 1) * CARD_GAP;
}

/** The grid width nearest to `width`, in whole columns, never under `minColumns`. */
export function snapWidth(width: number, minColumns = 1): number {
  const columns = Math.round((width - 2 * PILE_PADDING + CARD_GAP) / (CARD_WIDTH + CARD_GAP));
  return widthForColumns(Math.max(minColumns, columns));
}

export function defaultUnsortedArea(): UnsortedArea {
  return { x: 0, y: 0, w: widthForColumns(UNSORTED_COLUMNS) };
}

/** The height of the notes strip of a pile: one line for each of its notes that has text. */
export function notesHeight(pile: Pick<Pile, 'description' | 'nextSteps' | 'collapsed'>): number {
  if (pile.collapsed) return 0;
  const lines = (pile.description.trim() ? 1 : 0) + (pile.nextSteps.trim() ? 1 : 0);
  return lines === 0 ? 0 : NOTES_PADDING + lines * NOTES_LINE_HEIGHT;
}

/** The size of a folded pile: its header over one stacked card. */
export function collapsedSize(pile: Pick<Pile, 'w'>): { w: number; h: number } {
  return {
    w: Math.max(MIN_PILE_WIDTH, Math.min(pile.w, COLLAPSED_WIDTH)),
    h: PILE_HEADER_HEIGHT + GRID_TOP + CARD_HEIGHT + 2 * STACK_OFFSET + PILE_PADDING,
  };
}

export interface DrawnPile extends Rect {
  id: string;
}

export interface SortLayout {
  /** Each pile where it is drawn, in drawing order (later on top). */
  piles: DrawnPile[];
  pileRects: Map<string, DrawnPile>;
  /** Top-left board position of every card. */
  cardPositions: Map<string, Point>;
  /** The pile each card is really in (`null` = unsorted), see `effectivePileId`. */
  cardPile: Map<string, string | null>;
  /** Each pile's cards in display order. */
  members: Map<string, Card[]>;
  /** Where the unsorted area is drawn. */
  unsorted: Rect;
  /** Unsorted cards in display order. */
  unsortedCards: Card[];
  /** Cards under the top card of a folded pile: laid out with it, not drawn on their own. */
  stacked: ReadonlySet<string>;
  /** The top card of each folded pile that has cards, by pile id. */
  stackTops: ReadonlyMap<string, string>;
  /** Pile ids in reading order (rows top to bottom, each left to right), as drawn. */
  readingOrder: string[];
  /** 1-based position of each pile in reading order: "press 3" sends cards to pile 3. */
  pileNumbers: ReadonlyMap<string, number>;
  collapsed: ReadonlySet<string>;
  /** Height of each pile's notes strip at its bottom (0 or absent: none). */
  notes: ReadonlyMap<string, number>;
}

export interface SortLayoutInput {
  cards: Iterable<Card>;
  /** In drawing order: later piles are drawn on top. */
  piles: readonly Pile[];
  unsortedArea?: UnsortedArea | null;
}

function overlaps(a: Rect, b: Rect, gap = 0): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Piles grow as cards arrive; one that would then cover another is pushed down, and one that would
 * cover the unsorted area is pushed beside it, as on a table. Settled from the top; a pile's stored
 * position is where it was put, its drawn position may differ.
 */
function settle(piles: readonly Pile[], sizes: Map<string, { w: number; h: number }>, area: Rect): Map<string, DrawnPile> {
  const byTop = [...piles].sort((a, b) => a.y - b.y || a.x - b.x || byId(a, b));
  const settled: DrawnPile[] = [];
  for (const pile of byTop) {
    const size = sizes.get(pile.id) ?? { w: pile.w, h: pile.h };
    const rect: DrawnPile = { id: pile.id, x: pile.x, y: pile.y, w: size.w, h: size.h };
    for (let round = 0, moved = true; moved && round <= settled.length + 2; round++) {
      moved = false;
      if (overlaps(rect, area, PILE_SPACING / 2)) {
        // Mostly left of the area: it goes to the area's left; otherwise to its right.
        rect.x = rect.x + rect.w / 2 < area.x ? area.x - PILE_SPACING - rect.w : area.x + area.w + PILE_SPACING;
        moved = true;
      }
      for (const other of settled) {
        if (overlaps(rect, other)) {
          rect.y = other.y + other.h + PILE_SPACING;
          moved = true;
        }
      }
    }
    settled.push(rect);
  }
  return new Map(settled.map((rect) => [rect.id, rect]));
}

/** Rows top to bottom, each left to right; rects whose tops are within half a pile's height share a row. */
export function readingOrder<T extends Rect & { id: string }>(rects: readonly T[]): T[] {
  const byTop = [...rects].sort((a, b) => a.y - b.y || a.x - b.x || byId(a, b));
  const rows: T[][] = [];
  let rowTop = Number.NEGATIVE_INFINITY;
  for (const rect of byTop) {
    if (rows.length === 0 || rect.y - rowTop > MIN_PILE_HEIGHT / 2) {
      rows.push([]);
      rowTop = rect.y;
    }
    rows.at(-1)?.push(rect);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.x - b.x || byId(a, b)));
}

/** Where the top card of a folded pile's stack is drawn. */
export function stackSpot(rect: Rect): Point {
  return { x: Math.round(rect.x + (rect.w - CARD_WIDTH) / 2 - STACK_OFFSET), y: rect.y + PILE_HEADER_HEIGHT + GRID_TOP };
}

export function layoutSortBoard({ cards, piles, unsortedArea }: SortLayoutInput): SortLayout {
  const pileById = new Map<string, Pile>();
  for (const pile of piles) pileById.set(pile.id, pile);
  const members = new Map<string, Card[]>();
  for (const id of pileById.keys()) members.set(id, []);
  const cardPile = new Map<string, string | null>();
  let unsortedCards: Card[] = [];
  for (const card of cards) {
    const pileId = effectivePileId(card, pileById);
    cardPile.set(card.id, pileId);
    if (pileId === null) unsortedCards.push(card);
    else members.get(pileId)?.push(card);
  }
  unsortedCards = sortCards(unsortedCards);

  const area = unsortedArea ?? defaultUnsortedArea();
  const areaWidth = Math.max(widthForColumns(2), area.w);
  const unsorted: Rect = {
    x: area.x,
    y: area.y,
    w: areaWidth,
    h: heightFor({ w: areaWidth, h: MIN_PILE_HEIGHT }, unsortedCards.length),
  };

  const sizes = new Map<string, { w: number; h: number }>();
  const collapsed = new Set<string>();
  const notes = new Map<string, number>();
  for (const [pileId, list] of members) {
    const pile = pileById.get(pileId);
    if (!pile) continue;
    const sorted = sortCards(list);
    members.set(pileId, sorted);
    if (pile.collapsed) {
      collapsed.add(pileId);
      sizes.set(pileId, collapsedSize(pile));
    } else {
      const strip = notesHeight(pile);
      if (strip > 0) notes.set(pileId, strip);
      sizes.set(pileId, { w: pile.w, h: heightFor(pile, sorted.length) + strip });
    }
  }
  const pileRects = settle(piles, sizes, unsorted);

  const cardPositions = new Map<string, Point>();
  unsortedCards.forEach((card, index) => {
    cardPositions.set(card.id, slotIn(unsorted, index));
  });
  const stacked = new Set<string>();
  const stackTops = new Map<string, string>();
  for (const [pileId, list] of members) {
    const rect = pileRects.get(pileId);
    if (!rect) continue;
    if (collapsed.has(pileId)) {
      const spot = stackSpot(rect);
      list.forEach((card, index) => {
        cardPositions.set(card.id, spot);
        if (index === 0) stackTops.set(pileId, card.id);
        else stacked.add(card.id);
      });
    } else {
      list.forEach((card, index) => {
        cardPositions.set(card.id, slotIn(rect, index));
      });
    }
  }

  const drawn = piles.flatMap((pile) => {
    const rect = pileRects.get(pile.id);
    return rect ? [rect] : [];
  });
  const order = readingOrder(drawn).map((rect) => rect.id);
  return {
    piles: drawn,
    pileRects,
    cardPositions,
    cardPile,
    members,
    unsorted,
    unsortedCards,
    stacked,
    stackTops,
    readingOrder: order,
    pileNumbers: new Map(order.map((id, index) => [id, index + 1])),
    collapsed,
    notes,
  };
}

/** The cards of a place (a pile id, or null for unsorted) in display order. */
export function cardsIn(layout: SortLayout, pileId: string | null): Card[] {
  return pileId === null ? layout.unsortedCards : (layout.members.get(pileId) ?? []);
}

export type SortHit =
  | { kind: 'card'; id: string }
  | { kind: 'pileHeader' | 'pileCollapse' | 'pileResize' | 'pile'; id: string }
  | { kind: 'unsortedHeader' | 'unsortedResize' | 'unsorted' }
  | null;

const inside = (rect: Rect, point: Point) =>
  point.x >= rect.x && point.x <= rect.x + rect.w && point.y >= rect.y && point.y <= rect.y + rect.h;

const inResizeHandle = (rect: Rect, point: Point) =>
  point.x >= rect.x + rect.w - RESIZE_HANDLE_SIZE && point.y >= rect.y + rect.h - RESIZE_HANDLE_SIZE;

/**
 * What is under a board point, as drawn: cards above piles above the unsorted area. `cardOrder` is
 * the cards' drawing order; `skip` lists cards that are not where the layout says (someone carries
 * them). Geometry, not a hit canvas, so no layer needs to listen for events.
 */
export function hitTestSort(layout: SortLayout, cardOrder: readonly string[], point: Point, skip?: ReadonlySet<string>): SortHit {
  for (let i = cardOrder.length - 1; i >= 0; i--) {
    const id = cardOrder[i];
    if (id === undefined || skip?.has(id) || layout.stacked.has(id)) continue;
    const position = layout.cardPositions.get(id);
    if (position && inside({ ...position, w: CARD_WIDTH, h: CARD_HEIGHT }, point)) return { kind: 'card', id };
  }
  for (let i = layout.piles.length - 1; i >= 0; i--) {
    const pile = layout.piles[i];
    if (!pile || !inside(pile, point)) continue;
    if (point.y <= pile.y + PILE_HEADER_HEIGHT) {
      return { kind: point.x >= pile.x + pile.w - COLLAPSE_BUTTON_WIDTH ? 'pileCollapse' : 'pileHeader', id: pile.id };
    }
    if (!layout.collapsed.has(pile.id) && inResizeHandle(pile, point)) return { kind: 'pileResize', id: pile.id };
    return { kind: 'pile', id: pile.id };
  }
  const area = layout.unsorted;
  if (!inside(area, point)) return null;
  if (point.y <= area.y + PILE_HEADER_HEIGHT) return { kind: 'unsortedHeader' };
  if (inResizeHandle(area, point)) return { kind: 'unsortedResize' };
  return { kind: 'unsorted' };
}

/** Where dropped cards go: a pile (by id), the unsorted area, or empty board (`none`). */
export type DropTarget = { kind: 'pile'; id: string } | { kind: 'unsorted' } | { kind: 'none' };

export function dropTargetAt(layout: SortLayout, point: Point): DropTarget {
  for (let i = layout.piles.length - 1; i >= 0; i--) {
    const pile = layout.piles[i];
    if (pile && inside(pile, point)) return { kind: 'pile', id: pile.id };
  }
  return inside(layout.unsorted, point) ? { kind: 'unsorted' } : { kind: 'none' };
}

/** The slot a drop at `point` lands in, among the place's cards other than `moving`. */
export function dropIndex(layout: SortLayout, pileId: string | null, point: Point, moving: ReadonlySet<string>): number {
  const others = cardsIn(layout, pileId).filter((card) => !moving.has(card.id));
  if (pileId !== null && layout.collapsed.has(pileId)) return others.length;
  const rect = pileId === null ? layout.unsorted : layout.pileRects.get(pileId);
  if (!rect) return others.length;
  return pileInsertIndex(gridOf(rect), others.length, point);
}

/**
 * Where the insertion mark goes for a drop at `index` of a place: left of the card that will
 * follow, or right of the last one. Null for a folded pile (cards join the stack).
 */
export function insertMark(layout: SortLayout, pileId: string | null, index: number, moving: ReadonlySet<string>): Rect | null {
  if (pileId !== null && layout.collapsed.has(pileId)) return null;
  const rect = pileId === null ? layout.unsorted : layout.pileRects.get(pileId);
  if (!rect) return null;
  const others = cardsIn(layout, pileId).filter((card) => !moving.has(card.id));
  if (index > 0 && index >= others.length) {
    const last = slotIn(rect, index - 1);
    return { x: last.x + CARD_WIDTH + CARD_GAP / 2 - 2, y: last.y, w: 4, h: CARD_HEIGHT };
  }
  const slot = slotIn(rect, index);
  return { x: slot.x - CARD_GAP / 2 - 2, y: slot.y, w: 4, h: CARD_HEIGHT };
}

/** The rectangle holding the unsorted area, every pile and card. */
export function sortBoardBounds(layout: SortLayout): Rect {
  let minX = layout.unsorted.x;
  let minY = layout.unsorted.y;
  let maxX = layout.unsorted.x + layout.unsorted.w;
  let maxY = layout.unsorted.y + layout.unsorted.h;
  for (const pile of layout.piles) {
    minX = Math.min(minX, pile.x);
    minY = Math.min(minY, pile.y);
    maxX = Math.max(maxX, pile.x + pile.w);
    maxY = Math.max(maxY, pile.y + pile.h);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

/**
 * Where a new pile of `size` goes: the first free cell of a grid `columns` piles wide, right of
 * the unsorted area, so piles stay tidy and near the cards they will take.
 */
export function newPileSpotSorted(layout: SortLayout, size: { w: number; h: number }, columns = 3): Point {
  const left = layout.unsorted.x + layout.unsorted.w + PILE_SPACING + 16;
  const top = layout.unsorted.y;
  const occupied: Rect[] = [layout.unsorted, ...layout.piles];
  for (let row = 0; row < 500; row++) {
    for (let column = 0; column < columns; column++) {
      const spot = { x: Math.round(left + column * (size.w + PILE_SPACING + 16)), y: Math.round(top + row * (size.h + PILE_SPACING)) };
      if (!occupied.some((other) => overlaps({ ...spot, ...size }, other, PILE_SPACING / 2))) return spot;
    }
  }
  return { x: Math.round(left), y: Math.round(top) };
}

/** Cards whose drawn rectangle meets `area` (a lasso), in drawing order; stacked cards excepted. */
export function cardsInRect(layout: SortLayout, cardOrder: readonly string[], area: Rect): string[] {
  return cardOrder.filter((id) => {
    if (layout.stacked.has(id)) return false;
    const position = layout.cardPositions.get(id);
    return position !== undefined && overlaps({ ...position, w: CARD_WIDTH, h: CARD_HEIGHT }, area);
  });
}
