// Where a sorting board draws everything (shared/sortLayout.ts): the unsorted area's grid, piles
// that grow and reflow, folded piles, notes, piles kept off the unsorted area, the numbers the
// keyboard uses, and what a press or a drop at a point means. Every client computes these alike.
import { describe, expect, it } from 'vitest';
import { CARD_GAP, CARD_HEIGHT, CARD_WIDTH, PILE_HEADER_HEIGHT } from '#shared/layout.js';
import type { Card } from '#shared/schema/card.js';
import type { Pile } from '#shared/schema/pile.js';
import {
  COLLAPSE_BUTTON_WIDTH,
  cardsInRect,
  defaultUnsortedArea,
  dropIndex,
  dropTargetAt,
  GRID_TOP,
  hitTestSort,
  layoutSortBoard,
  newPileSpotSorted,
  PILE_SPACING,
  readingOrder,
  snapWidth,
  sortBoardBounds,
  UNSORTED_COLUMNS,
  widthForColumns,
} from '#shared/sortLayout.js';

const card = (id: string, order: number, pileId: string | null = null): Card => ({
  id,
  student: `Student ${id}`,
  pages: [],
  pileId,
  x: 0,
  y: 0,
  tags: [],
  order,
});

const pile = (id: string, x: number, y: number, extra: Partial<Pile> = {}): Pile => ({
  id,
  title: id,
  color: '#56b4e9',
  x,
  y,
  w: widthForColumns(3),
  h: 160,
  description: '',
  nextSteps: '',
  collapsed: false,
  order: null,
  anticipated: false,
  tierReminderDismissed: '',
  ...extra,
});

const STEP_X = CARD_WIDTH + CARD_GAP;
const STEP_Y = CARD_HEIGHT + CARD_GAP;

describe('the unsorted area', () => {
  it('lays new cards out in a tidy grid by their order, eight wide until someone resizes it', () => {
    const cards = Array.from({ length: 10 }, (_, i) => card(`c${i}`, 10 - i));
    const layout = layoutSortBoard({ cards, piles: [] });
    expect(layout.unsorted.w).toBe(widthForColumns(UNSORTED_COLUMNS));
    expect(layout.unsortedCards.map((c) => c.id)).toEqual(cards.map((c) => c.id).reverse());
    const first = layout.cardPositions.get('c9');
    const ninth = layout.cardPositions.get('c1');
    expect(first).toEqual({ x: 16, y: PILE_HEADER_HEIGHT + GRID_TOP });
    expect(ninth).toEqual({ x: 16, y: PILE_HEADER_HEIGHT + GRID_TOP + STEP_Y });
    expect(layout.cardPositions.get('c8')).toEqual({ x: 16 + STEP_X, y: PILE_HEADER_HEIGHT + GRID_TOP });
    // Tall enough for two rows.
    expect(layout.unsorted.h).toBeGreaterThanOrEqual(PILE_HEADER_HEIGHT + GRID_TOP + 2 * STEP_Y);
  });

  it('sits where it was moved, as wide as it was made', () => {
    const layout = layoutSortBoard({ cards: [card('a', 1)], piles: [], unsortedArea: { x: 500, y: -200, w: widthForColumns(4) } });
    expect(layout.unsorted).toMatchObject({ x: 500, y: -200, w: widthForColumns(4) });
    expect(layout.cardPositions.get('a')).toEqual({ x: 516, y: -200 + PILE_HEADER_HEIGHT + GRID_TOP });
  });
});

describe('piles', () => {
  it('grow downwards as cards join and reflow when one leaves', () => {
    const p = pile('p', 2000, 0);
    const members = ['a', 'b', 'c', 'd'].map((id, i) => card(id, i, 'p'));
    const full = layoutSortBoard({ cards: members, piles: [p] });
    const rect = full.pileRects.get('p');
    expect(full.members.get('p')?.map((c) => c.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(full.cardPositions.get('d')).toEqual({ x: 2016, y: PILE_HEADER_HEIGHT + GRID_TOP + STEP_Y });
    const withoutB = layoutSortBoard({ cards: members.filter((c) => c.id !== 'b'), piles: [p] });
    // c and d move up one slot each: no holes.
    expect(withoutB.cardPositions.get('c')).toEqual(full.cardPositions.get('b'));
    expect(withoutB.cardPositions.get('d')).toEqual(full.cardPositions.get('c'));
    expect((withoutB.pileRects.get('p')?.h ?? 0) < (rect?.h ?? 0)).toBe(true);
  });

  it('keep their cards in their own grid when resized wider', () => {
    const members = ['a', 'b', 'c', 'd'].map((id, i) => card(id, i, 'p'));
    const wide = layoutSortBoard({ cards: members, piles: [pile('p', 2000, 0, { w: widthForColumns(4) })] });
    expect(wide.cardPositions.get('d')).toEqual({ x: 2016 + 3 * STEP_X, y: PILE_HEADER_HEIGHT + GRID_TOP });
  });

  it('a card naming a deleted pile is drawn in the unsorted area, never lost', () => {
    const layout = layoutSortBoard({ cards: [card('a', 1, 'gone')], piles: [] });
    expect(layout.cardPile.get('a')).toBeNull();
    expect(layout.unsortedCards.map((c) => c.id)).toEqual(['a']);
  });

  it('a folded pile is a stack: its first card on top with the count, the others under it', () => {
    const members = ['a', 'b', 'c'].map((id, i) => card(id, i, 'p'));
    const layout = layoutSortBoard({ cards: members, piles: [pile('p', 2000, 0, { collapsed: true })] });
    expect(layout.collapsed.has('p')).toBe(true);
    expect(layout.stackTops.get('p')).toBe('a');
    expect([...layout.stacked].sort()).toEqual(['b', 'c']);
    const rect = layout.pileRects.get('p');
    expect(rect?.w).toBeLessThanOrEqual(widthForColumns(2));
    expect(rect?.h).toBeLessThan(PILE_HEADER_HEIGHT + 2 * CARD_HEIGHT);
    // Hits go to the top card, never to the ones under it.
    const top = layout.cardPositions.get('a') ?? { x: 0, y: 0 };
    expect(hitTestSort(layout, ['a', 'b', 'c'], { x: top.x + 10, y: top.y + 10 })).toEqual({ kind: 'card', id: 'a' });
    expect(cardsInRect(layout, ['a', 'b', 'c'], { x: top.x, y: top.y, w: 20, h: 20 })).toEqual(['a']);
  });

  it('grow a notes strip at the bottom when they say what they show or what comes next', () => {
    const plain = layoutSortBoard({ cards: [], piles: [pile('p', 2000, 0)] });
    const noted = layoutSortBoard({ cards: [], piles: [pile('p', 2000, 0, { description: 'Jumps of ten', nextSteps: 'Small group' })] });
    expect(noted.notes.get('p')).toBeGreaterThan(0);
    expect(noted.pileRects.get('p')?.h).toBe((plain.pileRects.get('p')?.h ?? 0) + (noted.notes.get('p') ?? 0));
  });

  it('one that would cover the unsorted area is drawn beside it, and one pushed onto another below it', () => {
    const area = defaultUnsortedArea();
    const layout = layoutSortBoard({
      cards: [card('u', 1)],
      piles: [pile('a', 100, 0), pile('b', area.w + PILE_SPACING, 10)],
    });
    const a = layout.pileRects.get('a');
    const b = layout.pileRects.get('b');
    expect(a?.x).toBe(area.x + area.w + PILE_SPACING);
    // b was there first (same column): a lands below it, or b below a, never overlapping.
    if (a && b) {
      const apart = a.y >= b.y + b.h || b.y >= a.y + a.h || a.x >= b.x + b.w || b.x >= a.x + a.w;
      expect(apart).toBe(true);
    }
  });

  it('are numbered in reading order for the keyboard: rows top to bottom, each left to right', () => {
    const layout = layoutSortBoard({
      cards: [],
      piles: [pile('c', 1400, 600), pile('b', 2100, 20), pile('a', 1400, 0)],
    });
    expect(layout.readingOrder).toEqual(['a', 'b', 'c']);
    expect(layout.pileNumbers.get('b')).toBe(2);
    expect(
      readingOrder([
        { id: 'x', x: 0, y: 100, w: 1, h: 1 },
        { id: 'y', x: -5, y: 120, w: 1, h: 1 },
      ]).map((r) => r.id),
    ).toEqual(['y', 'x']);
  });
});

describe('pointing and dropping', () => {
  const p = pile('p', 2000, 0);
  const members = ['a', 'b', 'c', 'd'].map((id, i) => card(id, i, 'p'));
  const layout = layoutSortBoard({ cards: [...members, card('u', 1)], piles: [p] });
  const rect = layout.pileRects.get('p') ?? { x: 0, y: 0, w: 0, h: 0 };

  it('tells a pile header, its fold button, its resize corner and its body apart', () => {
    expect(hitTestSort(layout, [], { x: rect.x + 40, y: rect.y + 10 })).toEqual({ kind: 'pileHeader', id: 'p' });
    expect(hitTestSort(layout, [], { x: rect.x + rect.w - COLLAPSE_BUTTON_WIDTH / 2, y: rect.y + 10 })).toEqual({
      kind: 'pileCollapse',
      id: 'p',
    });
    expect(hitTestSort(layout, [], { x: rect.x + rect.w - 5, y: rect.y + rect.h - 5 })).toEqual({ kind: 'pileResize', id: 'p' });
    expect(hitTestSort(layout, [], { x: rect.x + 5, y: rect.y + rect.h - 5 })).toEqual({ kind: 'pile', id: 'p' });
  });

  it('finds cards above piles, skips cards someone carries, and knows the unsorted area', () => {
    const at = layout.cardPositions.get('b') ?? { x: 0, y: 0 };
    const inside = { x: at.x + 20, y: at.y + 20 };
    expect(hitTestSort(layout, ['a', 'b', 'c', 'd', 'u'], inside)).toEqual({ kind: 'card', id: 'b' });
    expect(hitTestSort(layout, ['a', 'b', 'c', 'd', 'u'], inside, new Set(['b']))).toEqual({ kind: 'pile', id: 'p' });
    expect(hitTestSort(layout, [], { x: 20, y: 10 })).toEqual({ kind: 'unsortedHeader' });
    expect(hitTestSort(layout, [], { x: 20, y: layout.unsorted.h - 60 })).toEqual({ kind: 'unsorted' });
    expect(hitTestSort(layout, [], { x: -500, y: -500 })).toBeNull();
  });

  it('a drop lands in the pile or the unsorted area under the pointer, at the slot under it', () => {
    const c = layout.cardPositions.get('c') ?? { x: 0, y: 0 };
    expect(dropTargetAt(layout, { x: c.x + 5, y: c.y + 5 })).toEqual({ kind: 'pile', id: 'p' });
    expect(dropIndex(layout, 'p', { x: c.x + 5, y: c.y + 5 }, new Set(['u']))).toBe(2);
    // Moving a within its pile: it lands in the slot under the pointer, after c ([b, c, a, d]).
    expect(dropIndex(layout, 'p', { x: c.x + 5, y: c.y + 5 }, new Set(['a']))).toBe(2);
    expect(dropTargetAt(layout, { x: 30, y: 100 })).toEqual({ kind: 'unsorted' });
    expect(dropTargetAt(layout, { x: -900, y: 0 })).toEqual({ kind: 'none' });
  });

  it('a lasso picks the cards it touches', () => {
    const a = layout.cardPositions.get('a') ?? { x: 0, y: 0 };
    const b = layout.cardPositions.get('b') ?? { x: 0, y: 0 };
    expect(cardsInRect(layout, ['a', 'b', 'c', 'd', 'u'], { x: a.x + 10, y: a.y + 10, w: b.x - a.x, h: 10 })).toEqual(['a', 'b']);
  });
});

describe('room on the board', () => {
  it('a new pile goes in the first free cell right of the unsorted area, never on another pile', () => {
    const empty = layoutSortBoard({ cards: [], piles: [] });
    const size = { w: widthForColumns(3), h: 200 };
    const first = newPileSpotSorted(empty, size);
    expect(first.x).toBeGreaterThan(empty.unsorted.x + empty.unsorted.w);
    const next = newPileSpotSorted(layoutSortBoard({ cards: [], piles: [pile('p', first.x, first.y)] }), size);
    expect(next.x).toBeGreaterThan(first.x + size.w);
    expect(next.y).toBe(first.y);
  });

  it('resizing snaps to whole columns of cards, and the bounds hold everything', () => {
    expect(snapWidth(widthForColumns(3) + 40)).toBe(widthForColumns(3));
    expect(snapWidth(widthForColumns(3) + 120)).toBe(widthForColumns(4));
    expect(snapWidth(10, 2)).toBe(widthForColumns(2));
    const layout = layoutSortBoard({ cards: [card('a', 1)], piles: [pile('p', 3000, 900)] });
    const bounds = sortBoardBounds(layout);
    expect(bounds.x).toBe(0);
    expect(bounds.x + bounds.w).toBe(3000 + widthForColumns(3));
    expect(bounds.y + bounds.h).toBeGreaterThanOrEqual(900 + 160);
  });
});
