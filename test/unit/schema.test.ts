// The board schema: typed accessors that tolerate hostile or old data, and migrations.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardCards, boardMeta, boardPiles } from '#shared/schema/board.js';
import { createCard, effectivePileId, getCard, listCards, placeCard } from '#shared/schema/card.js';
import { readMeta } from '#shared/schema/meta.js';
import { initBoard, migrateBoard, NewerSchemaError, SCHEMA_VERSION, schemaVersionOf } from '#shared/schema/migrations.js';
import { createPile, deletePile, listPiles, pileText, readPile } from '#shared/schema/pile.js';

describe('cards', () => {
  it('a created card reads back with every contract field', () => {
    const doc = new Y.Doc();
    const id = createCard(doc, { student: 'Ana M.', pages: ['a1', 'a2'], x: 10, y: 20, tags: ['number line'], order: 3 });
    expect(getCard(doc, id)).toEqual({
      id,
      student: 'Ana M.',
      pages: ['a1', 'a2'],
      pileId: null,
      x: 10,
      y: 20,
      tags: ['number line'],
      order: 3,
    });
    expect(boardCards(doc).get(id)?.get('pages')).toBeInstanceOf(Y.Array);
  });

  it('fields of the wrong type from a hostile client read as safe defaults', () => {
    const doc = new Y.Doc();
    const card = new Y.Map<unknown>();
    card.set('student', 42);
    card.set('pages', 'not an array');
    card.set('pileId', { evil: true });
    card.set('x', 'NaN');
    card.set('y', Number.POSITIVE_INFINITY);
    boardCards(doc).set('c1', card);
    boardCards(doc).set('c2', 'not a map' as unknown as Y.Map<unknown>);
    expect(listCards(doc)).toEqual([{ id: 'c1', student: '', pages: [], pileId: null, x: 0, y: 0, tags: [], order: 0 }]);
  });

  it('placing a card writes only what changed, in one transaction', () => {
    const doc = new Y.Doc();
    const id = createCard(doc, { pages: [], x: 5, y: 5 });
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    placeCard(doc, id, { pileId: 'p1', x: 100, y: 5 });
    expect(transactions).toBe(1);
    expect(getCard(doc, id)).toMatchObject({ pileId: 'p1', x: 100, y: 5 });
  });

  it('a card whose pile no longer exists counts as unsorted', () => {
    const doc = new Y.Doc();
    const pileId = createPile(doc, { title: 'Compensation', x: 0, y: 0, w: 300, h: 200 });
    const id = createCard(doc, { pages: [], pileId: 'deleted-pile' });
    const card = getCard(doc, id);
    if (!card) throw new Error('card missing');
    expect(effectivePileId(card, boardPiles(doc))).toBeNull();
    placeCard(doc, id, { pileId, x: 0, y: 0 });
    const placed = getCard(doc, id);
    if (!placed) throw new Error('card missing');
    expect(effectivePileId(placed, boardPiles(doc))).toBe(pileId);
  });
});

describe('piles', () => {
  it('a pile has collaborative description and next steps', () => {
    const doc = new Y.Doc();
    const id = createPile(doc, { title: 'Number line jumps', x: 0, y: 0, w: 400, h: 300, description: 'Jumps of ten' });
    pileText(doc, id, 'nextSteps')?.insert(0, 'Bridge to 100');
    expect(listPiles(doc)[0]).toMatchObject({ title: 'Number line jumps', description: 'Jumps of ten', nextSteps: 'Bridge to 100' });
  });

  it('deleting a pile sends its cards back to unsorted and keeps them', () => {
    const doc = new Y.Doc();
    const pileId = createPile(doc, { title: 'Standard algorithm', x: 0, y: 0, w: 400, h: 300 });
    const a = createCard(doc, { pages: [], pileId });
    const b = createCard(doc, { pages: [], pileId: null });
    deletePile(doc, pileId);
    expect(listPiles(doc)).toEqual([]);
    expect(getCard(doc, a)?.pileId).toBeNull();
    expect(getCard(doc, b)).not.toBeNull();
  });

  it('a bad colour or a tiny size reads as the default colour and the minimum size', () => {
    const doc = new Y.Doc();
    const map = new Y.Map<unknown>();
    map.set('color', 'red; background: url(x)');
    map.set('w', 1);
    boardPiles(doc).set('p', map);
    const pile = readPile('p', map);
    expect(pile.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(pile.w).toBeGreaterThanOrEqual(200);
  });
});

describe('migrations', () => {
  it('a new board is stamped with the current schema version', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'T', task: 'Solve 48 + 27' });
    expect(readMeta(doc)).toEqual({ schemaVersion: SCHEMA_VERSION, title: 'T', task: 'Solve 48 + 27', classId: null });
  });

  it('a version-0 document gains the fields of version 1 and keeps its content', () => {
    const doc = new Y.Doc();
    const card = new Y.Map<unknown>();
    card.set('student', 'Old Card');
    boardCards(doc).set('c', card);
    const pile = new Y.Map<unknown>();
    pile.set('title', 'Old pile');
    boardPiles(doc).set('p', pile);

    expect(migrateBoard(doc)).toEqual({ from: 0, to: 1 });
    expect(schemaVersionOf(doc)).toBe(1);
    expect(card.get('pages')).toBeInstanceOf(Y.Array);
    expect(card.get('pileId')).toBeNull();
    expect(pile.get('description')).toBeInstanceOf(Y.Text);
    expect(getCard(doc, 'c')?.student).toBe('Old Card');
    expect(migrateBoard(doc)).toEqual({ from: 1, to: 1 });
  });

  it('a document from a newer schema is refused, not half-understood', () => {
    const doc = new Y.Doc();
    boardMeta(doc).set('schemaVersion', SCHEMA_VERSION + 1);
    expect(() => migrateBoard(doc)).toThrow(NewerSchemaError);
  });
});
