// Membership (shared/sorting.ts): moving cards into piles and between their cards, new piles from a
// selection, deleting a pile without losing a card; and undo (client/src/sync/history.ts) that takes
// back my own changes only. Documents here sync by exchanging updates, as clients do.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Card, createCard, getCard, listCards } from '#shared/schema/card.js';
import { createPile, getPile, listPiles } from '#shared/schema/pile.js';
import {
  applyPlan,
  createPileWithCards,
  deletePileToUnsorted,
  inDisplayOrder,
  moveCards,
  pileByNumber,
  planMove,
  planStep,
} from '#shared/sorting.js';
import { cardsIn, layoutSortBoard, widthForColumns } from '#shared/sortLayout.js';
import { createHistory } from '../../client/src/sync/history.js';

function board(count = 6) {
  const doc = new Y.Doc();
  const cards = Array.from({ length: count }, (_, i) => createCard(doc, { student: `S${i}`, pages: [`p${i}`], order: i }, `c${i}`));
  createPile(doc, { title: 'Number line', x: 1600, y: 0, w: widthForColumns(3), h: 160 }, 'pA');
  createPile(doc, { title: 'Place value', x: 2200, y: 0, w: widthForColumns(3), h: 160 }, 'pB');
  return { doc, cards };
}

const layoutOf = (doc: Y.Doc) => layoutSortBoard({ cards: listCards(doc), piles: listPiles(doc) });
const idsIn = (doc: Y.Doc, pileId: string | null) => cardsIn(layoutOf(doc), pileId).map((card: Card) => card.id);

/** Two copies of a board that do not hear of each other's changes until `exchange` (two offline clients). */
function forked(base: Y.Doc) {
  const a = new Y.Doc();
  const b = new Y.Doc();
  Y.applyUpdate(a, Y.encodeStateAsUpdate(base));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(base));
  const exchange = () => {
    const fromA = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b));
    const fromB = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a));
    Y.applyUpdate(b, fromA);
    Y.applyUpdate(a, fromB);
  };
  return { a, b, exchange };
}

/** Two replicas of one board that exchange every update, like two connected clients. */
function replicas() {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, update, 'remote'));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, update, 'remote'));
  return { a, b };
}

describe('moving cards', () => {
  it('drops cards into a pile at a slot, keeping their relative order', () => {
    const { doc } = board();
    moveCards(doc, layoutOf(doc), ['c0', 'c1'], { pileId: 'pA' });
    moveCards(doc, layoutOf(doc), ['c4', 'c3'], { pileId: 'pA', index: 1 });
    expect(idsIn(doc, 'pA')).toEqual(['c0', 'c4', 'c3', 'c1']);
    expect(idsIn(doc, null)).toEqual(['c2', 'c5']);
  });

  it('reorders within a pile, and a card dropped where it already is changes nothing', () => {
    const { doc } = board();
    moveCards(doc, layoutOf(doc), ['c0', 'c1', 'c2'], { pileId: 'pA' });
    moveCards(doc, layoutOf(doc), ['c0'], { pileId: 'pA', index: 2 });
    expect(idsIn(doc, 'pA')).toEqual(['c1', 'c2', 'c0']);
    expect(planMove(layoutOf(doc), ['c2'], { pileId: 'pA', index: 1 }).size).toBe(0);
    expect(planStep(layoutOf(doc), 'c0', -1).get('c0')?.pileId).toBe('pA');
    applyPlan(doc, planStep(layoutOf(doc), 'c0', -1));
    expect(idsIn(doc, 'pA')).toEqual(['c1', 'c0', 'c2']);
  });

  it('writes a move as one transaction with every field of the card', () => {
    const { doc } = board();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    moveCards(doc, layoutOf(doc), ['c0', 'c1', 'c2'], { pileId: 'pB' });
    expect(updates).toHaveLength(1);
    expect(getCard(doc, 'c1')).toMatchObject({ pileId: 'pB' });
  });

  it('re-spaces a place whose gaps have worn too thin, so the order survives hundreds of drops between two cards', () => {
    const { doc } = board(4);
    moveCards(doc, layoutOf(doc), ['c0', 'c1'], { pileId: 'pA' });
    for (let i = 0; i < 80; i++) {
      const moving = i % 2 === 0 ? 'c2' : 'c3';
      moveCards(doc, layoutOf(doc), [moving], { pileId: 'pA', index: 1 });
    }
    const order = idsIn(doc, 'pA');
    expect(order[0]).toBe('c0');
    expect(order.at(-1)).toBe('c1');
    expect(new Set(order).size).toBe(4);
    const orders = cardsIn(layoutOf(doc), 'pA').map((card) => card.order);
    expect(new Set(orders).size).toBe(4);
  });

  it('numbers piles for the keyboard and lists a selection in the order it is drawn', () => {
    const { doc } = board();
    moveCards(doc, layoutOf(doc), ['c5'], { pileId: 'pA' });
    const layout = layoutOf(doc);
    expect(pileByNumber(layout, 1)).toBe('pA');
    expect(pileByNumber(layout, 2)).toBe('pB');
    expect(pileByNumber(layout, 3)).toBeNull();
    expect(inDisplayOrder(layout, ['c3', 'c5', 'c1'])).toEqual(['c5', 'c1', 'c3']);
  });
});

describe('piles', () => {
  it('a new pile from a selection takes the selected cards, in order, in one change', () => {
    const { doc } = board();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const id = createPileWithCards(doc, layoutOf(doc), ['c4', 'c2'], { title: 'Counts on', color: '#009e73' });
    expect(updates).toHaveLength(1);
    expect(getPile(doc, id)?.title).toBe('Counts on');
    expect(idsIn(doc, id)).toEqual(['c4', 'c2']);
    // It is placed beside the others, not on them.
    const layout = layoutOf(doc);
    const rect = layout.pileRects.get(id);
    expect(rect).toBeDefined();
    if (!rect) return;
    for (const other of ['pA', 'pB']) {
      const o = layout.pileRects.get(other);
      expect(o, other).toBeDefined();
      if (!o) return;
      expect(rect.x >= o.x + o.w || o.x >= rect.x + rect.w || rect.y >= o.y + o.h || o.y >= rect.y + rect.h, other).toBe(true);
    }
  });

  it('deleting a pile sends its cards to the end of the unsorted area, every one of them', () => {
    const { doc } = board();
    moveCards(doc, layoutOf(doc), ['c0', 'c1', 'c2'], { pileId: 'pA' });
    deletePileToUnsorted(doc, layoutOf(doc), 'pA');
    expect(listPiles(doc).map((p) => p.id)).toEqual(['pB']);
    expect(listCards(doc)).toHaveLength(6);
    expect(idsIn(doc, null)).toEqual(['c3', 'c4', 'c5', 'c0', 'c1', 'c2']);
  });
});

describe('two people at once', () => {
  it('two people dropping the same card at once end with one card in one place, the same on both screens', () => {
    const base = new Y.Doc();
    createCard(base, { student: 'Ana', pages: [], order: 0 }, 'card');
    createPile(base, { title: 'A', x: 1600, y: 0, w: 514, h: 160 }, 'pA');
    createPile(base, { title: 'B', x: 2200, y: 0, w: 514, h: 160 }, 'pB');
    const { a, b, exchange } = forked(base);
    // Both drop before hearing of the other's drop.
    moveCards(a, layoutOf(a), ['card'], { pileId: 'pA' });
    moveCards(b, layoutOf(b), ['card'], { pileId: 'pB', index: 0 });
    exchange();
    expect(listCards(a)).toHaveLength(1);
    expect(getCard(a, 'card')).toEqual(getCard(b, 'card'));
    const layout = layoutOf(a);
    const places = ['pA', 'pB', null].filter((pileId) => cardsIn(layout, pileId).some((card) => card.id === 'card'));
    expect(places).toHaveLength(1);
  });

  it('a pile deleted while someone drops a card into it leaves that card unsorted', () => {
    const base = new Y.Doc();
    createCard(base, { student: 'Ana', pages: [], order: 0 }, 'card');
    createPile(base, { title: 'A', x: 1600, y: 0, w: 514, h: 160 }, 'pA');
    const { a, b, exchange } = forked(base);
    deletePileToUnsorted(a, layoutOf(a), 'pA');
    moveCards(b, layoutOf(b), ['card'], { pileId: 'pA' });
    exchange();
    for (const doc of [a, b]) {
      expect(listPiles(doc)).toEqual([]);
      expect(layoutOf(doc).unsortedCards.map((card) => card.id)).toEqual(['card']);
    }
  });
});

describe('undo', () => {
  it('undoes my own moves only, never what someone else did', () => {
    const { a, b } = replicas();
    createCard(a, { student: 'Ana', pages: [], order: 0 }, 'mine');
    createCard(a, { student: 'Ben', pages: [], order: 1 }, 'theirs');
    createPile(a, { title: 'A', x: 1600, y: 0, w: 514, h: 160 }, 'pA');
    const history = createHistory(a);
    history.change(() => moveCards(a, layoutOf(a), ['mine'], { pileId: 'pA' }));
    // Someone else moves another card after me.
    moveCards(b, layoutOf(b), ['theirs'], { pileId: 'pA' });
    expect(idsIn(a, 'pA')).toEqual(['mine', 'theirs']);
    expect(history.canUndo()).toBe(true);
    history.undo();
    expect(idsIn(a, 'pA')).toEqual(['theirs']);
    expect(idsIn(b, 'pA')).toEqual(['theirs']);
    history.redo();
    expect(idsIn(b, 'pA').sort()).toEqual(['mine', 'theirs']);
    history.destroy();
  });

  it('does not take back a card someone has moved since my move', () => {
    const { a, b } = replicas();
    createCard(a, { student: 'Ana', pages: [], order: 0 }, 'card');
    createPile(a, { title: 'A', x: 1600, y: 0, w: 514, h: 160 }, 'pA');
    createPile(a, { title: 'B', x: 2200, y: 0, w: 514, h: 160 }, 'pB');
    const history = createHistory(a);
    history.change(() => moveCards(a, layoutOf(a), ['card'], { pileId: 'pA' }));
    moveCards(b, layoutOf(b), ['card'], { pileId: 'pB' });
    history.undo();
    expect(getCard(a, 'card')?.pileId).toBe('pB');
    expect(getCard(b, 'card')?.pileId).toBe('pB');
    history.destroy();
  });

  it('each drop is its own step, while typing joins one step', () => {
    const doc = new Y.Doc();
    createCard(doc, { student: 'Ana', pages: [], order: 0 }, 'card');
    createPile(doc, { title: 'A', x: 1600, y: 0, w: 514, h: 160 }, 'pA');
    createPile(doc, { title: 'B', x: 2200, y: 0, w: 514, h: 160 }, 'pB');
    const history = createHistory(doc);
    history.change(() => moveCards(doc, layoutOf(doc), ['card'], { pileId: 'pA' }));
    history.change(() => moveCards(doc, layoutOf(doc), ['card'], { pileId: 'pB' }));
    history.undo();
    expect(getCard(doc, 'card')?.pileId).toBe('pA');
    const text = (doc.getMap('piles').get('pA') as Y.Map<unknown>).get('description') as Y.Text;
    for (const letter of 'jumps') history.type(() => text.insert(text.length, letter));
    expect(text.toString()).toBe('jumps');
    history.undo();
    expect(text.toString()).toBe('');
    history.undo();
    expect(getCard(doc, 'card')?.pileId).toBeNull();
    history.destroy();
  });
});
