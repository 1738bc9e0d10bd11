// The board's derived layout (shared/boardLayout.ts): where piles and cards are drawn, what a drop
// means, what a press hits. Every client computes these alike, so they are pinned down here.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardBounds, dropPlacement, hitTest, layoutBoard, newPileSpot, PILE_GAP } from '../../shared/boardLayout.js';
import { CARD_HEIGHT, CARD_WIDTH, PILE_HEADER_HEIGHT, pileSlot } from '../../shared/layout.js';
import { type Card, createCard, listCards, placeCard } from '../../shared/schema/card.js';
import { createPile, listPiles, type Pile } from '../../shared/schema/pile.js';

const PILE_WIDTH = 514; // three cards wide

function board() {
  const doc = new Y.Doc();
  const cards = Array.from({ length: 6 }, (_, i) =>
    createCard(doc, { student: `Student ${i}`, pages: [], x: i * 200, y: 0, order: i }, `card${i}`),
  );
  return { doc, cards };
}

const layoutOf = (doc: Y.Doc) => layoutBoard(listCards(doc), listPiles(doc));

describe('board layout', () => {
  it('draws unsorted cards where they were put and sorted cards in their pile, in order', () => {
    const { doc } = board();
    createPile(doc, { title: 'Counts on', x: 2000, y: 0, w: PILE_WIDTH, h: 200 }, 'pileA');
    placeCard(doc, 'card2', { pileId: 'pileA', x: 0, y: 0, order: 5 });
    placeCard(doc, 'card4', { pileId: 'pileA', x: 0, y: 0, order: 1 });
    const layout = layoutOf(doc);
    expect(layout.cardPositions.get('card0')).toEqual({ x: 0, y: 0 });
    expect(layout.members.get('pileA')?.map((card) => card.id)).toEqual(['card4', 'card2']);
    const pile = layout.pileRects.get('pileA') as Pile;
    expect(layout.cardPositions.get('card4')).toEqual(pileSlot(pile, 0));
    expect(layout.cardPositions.get('card2')).toEqual(pileSlot(pile, 1));
  });

  it('a card whose pile was deleted is drawn as unsorted, never lost', () => {
    const { doc } = board();
    placeCard(doc, 'card1', { pileId: 'gone', x: 700, y: 900 });
    const layout = layoutOf(doc);
    expect(layout.cardPile.get('card1')).toBeNull();
    expect(layout.cardPositions.get('card1')).toEqual({ x: 700, y: 900 });
  });

  it('a pile that grows pushes the pile below it down instead of covering it', () => {
    const { doc } = board();
    createPile(doc, { title: 'Top', x: 0, y: 1000, w: PILE_WIDTH, h: 200 }, 'top');
    createPile(doc, { title: 'Below', x: 0, y: 1300, w: PILE_WIDTH, h: 200 }, 'below');
    for (const id of ['card0', 'card1', 'card2', 'card3', 'card4']) placeCard(doc, id, { pileId: 'top', x: 0, y: 0 });
    const layout = layoutOf(doc);
    const top = layout.pileRects.get('top') as Pile;
    expect(top.h).toBeGreaterThan(300);
    expect(layout.pileRects.get('below')?.y).toBe(top.y + top.h + PILE_GAP);
    // Side by side, nothing moves.
    createPile(doc, { title: 'Beside', x: 600, y: 1000, w: PILE_WIDTH, h: 200 }, 'beside');
    expect(layoutOf(doc).pileRects.get('beside')?.y).toBe(1000);
  });

  it('a drop over a pile lands at the slot under the pointer, between its neighbours', () => {
    const { doc } = board();
    createPile(doc, { title: 'Pile', x: 2000, y: 0, w: PILE_WIDTH, h: 200 }, 'pile');
    placeCard(doc, 'card0', { pileId: 'pile', x: 0, y: 0, order: 10 });
    placeCard(doc, 'card1', { pileId: 'pile', x: 0, y: 0, order: 20 });
    const layout = layoutOf(doc);
    const pile = layout.pileRects.get('pile') as Pile;
    const secondSlot = pileSlot(pile, 1);
    const { pileId, placements } = dropPlacement(layout, ['card5'], { x: secondSlot.x + 10, y: secondSlot.y + 10 }, { x: 0, y: 0 });
    expect(pileId).toBe('pile');
    expect(placements.get('card5')?.pileId).toBe('pile');
    expect(placements.get('card5')?.order).toBe(15);
  });

  it('a drop on empty board leaves the card unsorted where it was let go', () => {
    const { doc } = board();
    const { pileId, placements } = dropPlacement(layoutOf(doc), ['card3'], { x: 5000, y: 5000 }, { x: 4950.4, y: 4980.6 });
    expect(pileId).toBeNull();
    expect(placements.get('card3')).toEqual({ pileId: null, x: 4950, y: 4981 });
  });

  it('a press hits the topmost card, then a pile header, then the pile body', () => {
    const { doc } = board();
    createPile(doc, { title: 'Pile', x: 2000, y: 0, w: PILE_WIDTH, h: 200 }, 'pile');
    const layout = layoutOf(doc);
    const order = listCards(doc).map((card: Card) => card.id);
    expect(hitTest(layout, order, { x: 10, y: 10 })).toEqual({ kind: 'card', id: 'card0' });
    expect(hitTest(layout, order, { x: 10, y: 10 }, new Set(['card0']))).toBeNull();
    expect(hitTest(layout, order, { x: 2010, y: PILE_HEADER_HEIGHT - 1 })).toEqual({ kind: 'pileHeader', id: 'pile' });
    expect(hitTest(layout, order, { x: 2010, y: PILE_HEADER_HEIGHT + 20 })).toEqual({ kind: 'pile', id: 'pile' });
    expect(hitTest(layout, order, { x: -500, y: -500 })).toBeNull();
  });

  it('new piles go right of the unsorted cards, in free cells of a grid', () => {
    const { doc } = board();
    const size = { w: PILE_WIDTH, h: 300 };
    const first = newPileSpot(layoutOf(doc), size);
    expect(first).toEqual({ x: 5 * 200 + CARD_WIDTH + 64, y: 0 });
    createPile(doc, { title: 'One', ...first, ...size });
    const second = newPileSpot(layoutOf(doc), size);
    expect(second).toEqual({ x: first.x + PILE_WIDTH + 64, y: 0 });
    expect(newPileSpot(layoutBoard([], []), size)).toEqual({ x: 0, y: 0 });
  });

  it('bounds hold every card and pile', () => {
    const { doc } = board();
    expect(boardBounds(layoutOf(doc))).toEqual({ x: 0, y: 0, w: 5 * 200 + CARD_WIDTH, h: CARD_HEIGHT });
    expect(boardBounds(layoutBoard([], []))).toBeNull();
  });
});
