// The document fields classes add: a card's studentId and the board's classId, read tolerantly
// from whatever old or hostile clients wrote.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardCards } from '#shared/schema/board.js';
import { createCard, getCard } from '#shared/schema/card.js';
import { readMeta, writeMeta } from '#shared/schema/meta.js';
import { initBoard } from '#shared/schema/migrations.js';

describe('class fields of the board document', () => {
  it('a card keeps the roster’s studentId, and a card without one (or with a wrong type) has none', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Area', task: '' });
    const named = createCard(doc, { student: 'Ada', pages: [], studentId: 'st1' });
    const unnamed = createCard(doc, { student: '', pages: [] });
    expect(getCard(doc, named)?.studentId).toBe('st1');
    expect(getCard(doc, unnamed)?.studentId).toBeUndefined();
    boardCards(doc).get(unnamed)?.set('studentId', 42);
    expect(getCard(doc, unnamed)?.studentId).toBeUndefined();
  });

  it('the board’s meta names its class, and a board of no class reads null', () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: 'Area', task: '' });
    expect(readMeta(doc).classId).toBeNull();
    writeMeta(doc, { classId: 'class1' });
    expect(readMeta(doc).classId).toBe('class1');
    doc.getMap('meta').set('classId', ['not', 'a', 'string']);
    expect(readMeta(doc).classId).toBeNull();
  });
});
