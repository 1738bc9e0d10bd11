// Pile layout and drop targets: pure geometry shared by the canvas and the server.
import { describe, expect, it } from 'vitest';
import {
  CARD_GAP,
  CARD_HEIGHT,
  CARD_WIDTH,
  orderBetween,
  PILE_HEADER_HEIGHT,
  PILE_PADDING,
  pileAt,
  pileColumns,
  pileHeightFor,
  pileInsertIndex,
  pileSlot,
  sortCards,
} from '#shared/layout.js';

const pile = { id: 'p', x: 100, y: 50, w: 2 * PILE_PADDING + 3 * CARD_WIDTH + 2 * CARD_GAP, h: 200 };

describe('pile grid', () => {
  it('fits as many columns as the pile is wide', () => {
    expect(pileColumns(pile)).toBe(3);
    expect(pileColumns({ w: 10 })).toBe(1);
  });

  it('lays cards out left to right, then down', () => {
    expect(pileSlot(pile, 0)).toEqual({ x: 100 + PILE_PADDING, y: 50 + PILE_HEADER_HEIGHT });
    expect(pileSlot(pile, 2).x).toBe(100 + PILE_PADDING + 2 * (CARD_WIDTH + CARD_GAP));
    expect(pileSlot(pile, 3)).toEqual({ x: 100 + PILE_PADDING, y: 50 + PILE_HEADER_HEIGHT + CARD_HEIGHT + CARD_GAP });
  });

  it('grows to show every card and never shrinks below the set height', () => {
    expect(pileHeightFor(pile, 0)).toBe(Math.max(200, PILE_HEADER_HEIGHT + CARD_HEIGHT + PILE_PADDING));
    expect(pileHeightFor(pile, 7)).toBe(PILE_HEADER_HEIGHT + 3 * (CARD_HEIGHT + CARD_GAP) - CARD_GAP + PILE_PADDING);
    expect(pileHeightFor({ ...pile, h: 5000 }, 7)).toBe(5000);
  });

  it('a drop point maps to the slot under it, clamped to the end', () => {
    const slot4 = pileSlot(pile, 4);
    expect(pileInsertIndex(pile, 10, { x: slot4.x + 5, y: slot4.y + 5 })).toBe(4);
    expect(pileInsertIndex(pile, 2, { x: slot4.x + 5, y: slot4.y + 5 })).toBe(2);
    expect(pileInsertIndex(pile, 5, { x: 0, y: 0 })).toBe(0);
  });
});

describe('drop targets and order', () => {
  it('the topmost pile under a point wins; outside all piles there is none', () => {
    const below = { id: 'below', x: 0, y: 0, w: 500, h: 500 };
    const above = { id: 'above', x: 100, y: 100, w: 300, h: 300 };
    expect(pileAt([below, above], { x: 150, y: 150 })?.id).toBe('above');
    expect(pileAt([below, above], { x: 50, y: 50 })?.id).toBe('below');
    expect(pileAt([below, above], { x: 900, y: 900 })).toBeNull();
  });

  it('a pile that grew to fit its cards catches drops in its grown part', () => {
    const heights = new Map([['p', 900]]);
    expect(pileAt([pile], { x: 150, y: 800 })).toBeNull();
    expect(pileAt([pile], { x: 150, y: 800 }, heights)?.id).toBe('p');
  });

  it('order values fall between neighbours, and ties sort by id', () => {
    expect(orderBetween(1, 2)).toBe(1.5);
    expect(orderBetween(undefined, 2)).toBe(1);
    expect(orderBetween(4, undefined)).toBe(5);
    expect(
      sortCards([
        { id: 'b', order: 1 },
        { id: 'a', order: 1 },
        { id: 'c', order: 0 },
      ]).map((c) => c.id),
    ).toEqual(['c', 'a', 'b']);
  });
});
