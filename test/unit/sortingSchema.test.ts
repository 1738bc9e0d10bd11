// The document fields sorting adds (shared/schema: settings, tags, batches, card rotations and
// tags, folded piles, annotation counts), read tolerantly from old or hostile data; the geometry of
// turned pages; board templates; and the text edits of shared notes.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { clampPageRect, readPageRect, rotatedSize, rotatePageRect, turn, unrotatePageRect } from '#shared/pageGeometry.js';
import { countAnnotations } from '#shared/schema/annotations.js';
import { batchOf, boardBatches, DEFAULT_BATCH, readNameBands, setNameBand } from '#shared/schema/batch.js';
import { boardCards, boardMeta } from '#shared/schema/board.js';
import {
  addCardTag,
  asPageRotation,
  createCard,
  getCard,
  listCards,
  pageRotation,
  removeCardTag,
  setPageRotation,
} from '#shared/schema/card.js';
import { readMeta } from '#shared/schema/meta.js';
import { initBoard } from '#shared/schema/migrations.js';
import { createPile, getPile, listPiles, updatePile } from '#shared/schema/pile.js';
import { readBoardSettings, setHideNames, setUnsortedArea } from '#shared/schema/settings.js';
import { addBoardTags, boardTags, listBoardTags, removeBoardTag, suggestTags } from '#shared/schema/tags.js';
import { layoutSortBoard } from '#shared/sortLayout.js';
import { applyTemplate, templateContent } from '#shared/templates.js';
import { textChange } from '#shared/textChange.js';

describe('board settings', () => {
  it('hide names and the unsorted area are board-wide, and unset by default', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'T', task: '' });
    expect(readBoardSettings(doc)).toEqual({ hideNames: false, unsortedArea: null });
    setHideNames(doc, true);
    setUnsortedArea(doc, { x: 10.4, y: -20, w: 700 });
    expect(readBoardSettings(doc)).toEqual({ hideNames: true, unsortedArea: { x: 10, y: -20, w: 700 } });
    // The contract's meta fields are untouched.
    expect(readMeta(doc)).toEqual({ schemaVersion: 1, title: 'T', task: '', classId: null });
  });

  it('wrong-typed settings from a hostile client read as unset', () => {
    const doc = new Y.Doc();
    boardMeta(doc).set('hideNames', 'yes');
    boardMeta(doc).set('unsortedArea', { x: 'left', y: 0, w: -5 });
    expect(readBoardSettings(doc)).toEqual({ hideNames: false, unsortedArea: null });
  });
});

describe('the tag list', () => {
  it('keeps one entry per tag whatever its case or spacing, in the order added', () => {
    const doc = new Y.Doc();
    addBoardTags(doc, ['number line', 'base-ten drawing', '  Number   Line ', 'counting on', '']);
    expect(listBoardTags(doc)).toEqual(['number line', 'base-ten drawing', 'counting on']);
    removeBoardTag(doc, 'BASE-TEN DRAWING');
    expect(listBoardTags(doc)).toEqual(['number line', 'counting on']);
  });

  it('two people adding the same tag at once end with one entry', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addBoardTags(a, ['compensation']);
    addBoardTags(b, ['Compensation']);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(listBoardTags(a)).toHaveLength(1);
  });

  it('completes what someone types: starts-with first, then a word, then anywhere; never a tag the card has', () => {
    const list = ['number line', 'counting on', 'decomposing by place value', 'place value chart', 'open number line'];
    expect(suggestTags(list, 'num')).toEqual(['number line', 'open number line']);
    expect(suggestTags(list, 'place')).toEqual(['place value chart', 'decomposing by place value']);
    expect(suggestTags(list, 'lin', ['Number line'])).toEqual(['open number line']);
    expect(suggestTags(list, '')).toHaveLength(5);
  });

  it('ignores junk a hostile client puts in the list', () => {
    const doc = new Y.Doc();
    boardTags(doc).set('   ', 1);
    boardTags(doc).set('ok', 'not a number' as unknown as number);
    expect(listBoardTags(doc)).toEqual(['ok']);
  });
});

describe('card fields for sorting', () => {
  it('tags are added once whatever the case, and removed in every copy', () => {
    const doc = new Y.Doc();
    const id = createCard(doc, { pages: ['a'] });
    expect(addCardTag(doc, id, 'number line')).toBe(true);
    expect(addCardTag(doc, id, 'Number Line')).toBe(false);
    expect(addCardTag(doc, id, 'counting on')).toBe(true);
    // A concurrent duplicate, as two people adding at once would leave.
    const tags = boardCards(doc).get(id)?.get('tags');
    if (tags instanceof Y.Array) tags.push(['NUMBER LINE']);
    removeCardTag(doc, id, 'number line');
    expect(getCard(doc, id)?.tags).toEqual(['counting on']);
  });

  it('each page turns on its own, in quarter turns, and bad values read as upright', () => {
    const doc = new Y.Doc();
    const id = createCard(doc, { pages: ['p1', 'p2'] });
    expect(getCard(doc, id)?.rotations).toBeUndefined();
    setPageRotation(doc, id, 'p2', 90);
    const card = getCard(doc, id);
    expect(card && pageRotation(card, 'p1')).toBe(0);
    expect(card && pageRotation(card, 'p2')).toBe(90);
    expect([asPageRotation(-90), asPageRotation(450), asPageRotation('90'), asPageRotation(Number.NaN), asPageRotation(44)]).toEqual([
      270, 90, 0, 0, 0,
    ]);
    const map = boardCards(doc).get(id)?.get('rotations') as Y.Map<unknown>;
    map.set('p1', 'sideways');
    expect(getCard(doc, id)?.rotations).toEqual({ p2: 90 });
  });

  it('a card remembers its upload batch; cards without one are in the default batch', () => {
    const doc = new Y.Doc();
    const old = createCard(doc, { pages: [] });
    const batched = createCard(doc, { pages: [], batchId: 'upload-1' });
    expect(batchOf(getCard(doc, old) ?? { batchId: undefined })).toBe(DEFAULT_BATCH);
    expect(getCard(doc, batched)?.batchId).toBe('upload-1');
  });

  it('a pile folds and unfolds for everyone', () => {
    const doc = new Y.Doc();
    const id = createPile(doc, { title: 'P', x: 0, y: 0, w: 400, h: 200 });
    expect(getPile(doc, id)?.collapsed).toBe(false);
    updatePile(doc, id, { collapsed: true });
    expect(getPile(doc, id)?.collapsed).toBe(true);
  });
});

describe('name bands', () => {
  it('one rectangle per upload batch, kept inside the page, cleared on request', () => {
    const doc = new Y.Doc();
    setNameBand(doc, DEFAULT_BATCH, { x: 0, y: 0, w: 1, h: 0.12 });
    setNameBand(doc, 'upload-2', { x: 0.5, y: -0.1, w: 0.8, h: 0.3 });
    expect(readNameBands(doc).get(DEFAULT_BATCH)).toEqual({ x: 0, y: 0, w: 1, h: 0.12 });
    expect(readNameBands(doc).get('upload-2')).toEqual({ x: 0.5, y: 0, w: 0.5, h: expect.closeTo(0.2) });
    setNameBand(doc, 'upload-2', null);
    expect(readNameBands(doc).has('upload-2')).toBe(false);
  });

  it('ignores a band a hostile client wrote as anything but a rectangle', () => {
    const doc = new Y.Doc();
    const record = new Y.Map<unknown>();
    record.set('nameBand', { x: 'top' });
    boardBatches(doc).set('bad', record);
    boardBatches(doc).set('worse', 'not a map' as unknown as Y.Map<unknown>);
    expect(readNameBands(doc).size).toBe(0);
  });
});

describe('turned pages', () => {
  const band = { x: 0, y: 0, w: 1, h: 0.12 };

  it('a name band along the top moves to the side the top turned to', () => {
    expect(rotatePageRect(band, 90)).toEqual({ x: expect.closeTo(0.88), y: 0, w: expect.closeTo(0.12), h: 1 });
    expect(rotatePageRect(band, 180)).toEqual({ x: 0, y: expect.closeTo(0.88), w: 1, h: 0.12 });
    expect(rotatePageRect(band, 270)).toEqual({ x: 0, y: 0, w: 0.12, h: 1 });
  });

  it('a band drawn on a turned page is stored as it is on the page itself', () => {
    const drawn = { x: 0.1, y: 0.2, w: 0.3, h: 0.4 };
    for (const rotation of [0, 90, 180, 270] as const) {
      const stored = unrotatePageRect(drawn, rotation);
      const back = rotatePageRect(stored, rotation);
      expect(back.x).toBeCloseTo(drawn.x);
      expect(back.y).toBeCloseTo(drawn.y);
      expect(back.w).toBeCloseTo(drawn.w);
      expect(back.h).toBeCloseTo(drawn.h);
    }
  });

  it('turns step in quarter turns and swap the sides of the page', () => {
    expect(turn(270, 1)).toBe(0);
    expect(turn(0, -1)).toBe(270);
    expect(rotatedSize(850, 1100, 90)).toEqual({ width: 1100, height: 850 });
    expect(clampPageRect({ x: 0.9, y: 0.5, w: -0.5, h: 0.001 })).toBeNull();
    expect(readPageRect({ x: 0.2, y: 0.1, w: 0.5, h: 0.2 })).toEqual({ x: 0.2, y: 0.1, w: 0.5, h: 0.2 });
  });
});

describe('comments and ink badges', () => {
  it('counts comments and ink strokes per card from their own maps', () => {
    const doc = new Y.Doc();
    const comment = new Y.Map<unknown>();
    comment.set('cardId', 'c1');
    doc.getMap('comments').set('k1', comment);
    for (const key of ['s1', 's2']) {
      const stroke = new Y.Map<unknown>();
      stroke.set('cardId', 'c1');
      doc.getMap('ink').set(key, stroke);
    }
    doc.getMap('ink').set('junk', 'not a record');
    expect(countAnnotations(doc)).toEqual(new Map([['c1', { comments: 1, ink: 2 }]]));
  });
});

describe('board templates', () => {
  it('"sort by strategy" starts with no piles and a starter tag list', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'strategy');
    expect(listPiles(doc)).toEqual([]);
    expect(listBoardTags(doc)).toEqual(expect.arrayContaining(['number line', 'base-ten drawing', 'counting on']));
  });

  it('"sort by evidence of mastery" starts with Meets, Partially meets and Not yet, side by side beside the unsorted area', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'mastery');
    const layout = layoutSortBoard({ cards: listCards(doc), piles: listPiles(doc) });
    const titles = layout.readingOrder.map((id) => listPiles(doc).find((pile) => pile.id === id)?.title);
    expect(titles).toEqual(['Meets', 'Partially meets', 'Not yet']);
    const rects = layout.readingOrder.map((id) => layout.pileRects.get(id));
    expect(new Set(rects.map((rect) => rect?.y)).size).toBe(1);
    for (const rect of rects) expect(rect?.x).toBeGreaterThan(layout.unsorted.x + layout.unsorted.w);
  });

  it('speaks Spanish when asked', () => {
    expect(templateContent('mastery', 'es').piles.map((pile) => pile.title)).toEqual(['Logrado', 'Parcialmente logrado', 'Todavía no']);
    expect(templateContent('strategy', 'es').tags).toContain('recta numérica');
  });
});

describe('shared notes', () => {
  it('an edit is sent as the smallest insert and delete', () => {
    expect(textChange('jumps of ten', 'jumps of ten and ones')).toEqual({ at: 12, remove: 0, insert: ' and ones' });
    expect(textChange('counts on by ones', 'counts by ones')).toEqual({ at: 7, remove: 3, insert: '' });
    expect(textChange('same', 'same')).toBeNull();
    // Never half of an emoji.
    const change = textChange('a😀b', 'a😃b');
    expect(change?.insert).toBe('😃');
  });
});
