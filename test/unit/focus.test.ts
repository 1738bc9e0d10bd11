// Lesson study focus students: a few marked cards, shared by everyone, that exports list first.
import { parse } from 'csv-parse/sync';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ExportModelSchema, exportCsv, exportModelOfDoc } from '#shared/exportModel.js';
import { boardCards } from '#shared/schema/board.js';
import { createCard } from '#shared/schema/card.js';
import { boardFocus, focusFirst, isFocusStudent, MAX_FOCUS_STUDENTS, readFocusStudents, setFocusStudent } from '#shared/schema/focus.js';
import { initBoard } from '#shared/schema/migrations.js';
import { createPile } from '#shared/schema/pile.js';

function boardWith(students: string[]): { doc: Y.Doc; ids: Map<string, string> } {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Fractions on a number line', task: '' });
  const ids = new Map(students.map((student, order) => [student, createCard(doc, { student, pages: [], order })]));
  return { doc, ids };
}

describe('focus students', () => {
  it('keeps the order they were marked in, at most a few, and refuses one more', () => {
    const students = ['Ana', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus'];
    const { doc, ids } = boardWith(students);
    const id = (name: string) => ids.get(name) as string;
    for (const [i, name] of ['Cy', 'Ana', 'Eve', 'Ben', 'Dee'].entries()) expect(setFocusStudent(doc, id(name), true, 100 + i)).toBe(true);
    expect(MAX_FOCUS_STUDENTS).toBe(5);
    expect(setFocusStudent(doc, id('Fay'), true, 200)).toBe(false);
    expect(readFocusStudents(doc)).toEqual(['Cy', 'Ana', 'Eve', 'Ben', 'Dee'].map(id));
    // Marking again changes nothing; unmarking frees a place.
    expect(setFocusStudent(doc, id('Ana'), true, 300)).toBe(true);
    expect(readFocusStudents(doc)[1]).toBe(id('Ana'));
    setFocusStudent(doc, id('Eve'), false);
    expect(isFocusStudent(doc, id('Eve'))).toBe(false);
    expect(setFocusStudent(doc, id('Fay'), true, 400)).toBe(true);
    expect(readFocusStudents(doc)).toEqual(['Cy', 'Ana', 'Ben', 'Dee', 'Fay'].map(id));
  });

  it('reads old, hostile or concurrent data safely: deleted cards, junk values, too many marks', () => {
    const { doc, ids } = boardWith(['Ana', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay']);
    const map = boardFocus(doc);
    // Two people marking at once can go past the limit: the first five marked count everywhere.
    for (const [i, cardId] of [...ids.values()].entries()) map.set(cardId, 10 - i);
    map.set('not-a-card', 1);
    map.set(ids.get('Ana') as string, 'yesterday');
    expect(readFocusStudents(doc)).toEqual(['Fay', 'Eve', 'Dee', 'Cy', 'Ben'].map((name) => ids.get(name)));
    boardCards(doc).delete(ids.get('Eve') as string);
    expect(readFocusStudents(doc)).not.toContain(ids.get('Eve'));
    expect(setFocusStudent(doc, 'not-a-card', true)).toBe(false);
  });

  it('puts focus items first in their rank, the others after in the order given', () => {
    const rank = new Map([
      ['d', 0],
      ['b', 1],
    ]);
    expect(focusFirst(['a', 'b', 'c', 'd', 'e'], (item) => rank.get(item))).toEqual(['d', 'b', 'a', 'c', 'e']);
    expect(focusFirst(['a', 'c'], (item) => rank.get(item))).toEqual(['a', 'c']);
  });

  it('exports say who is a focus student: first in their pile in JSON, first rows of the CSV with a focus column', () => {
    const { doc, ids } = boardWith([]);
    const pile = createPile(doc, { title: 'Benchmarks', x: 0, y: 0, w: 300, h: 300 });
    const other = createPile(doc, { title: 'Equal parts', x: 400, y: 0, w: 300, h: 300 });
    for (const [student, pileId, order] of [
      ['Ana', pile, 1],
      ['Ben', pile, 2],
      ['Cy', other, 3],
      ['Dee', null, 4],
    ] as const)
      ids.set(student, createCard(doc, { student, pages: [], pileId, order }));
    setFocusStudent(doc, ids.get('Dee') as string, true, 1);
    setFocusStudent(doc, ids.get('Ben') as string, true, 2);

    const model = exportModelOfDoc(doc, { boardId: 'b', exportedAt: '2026-03-02T15:04:05.000Z' });
    expect(Value.Check(ExportModelSchema, model)).toBe(true);
    expect(model.focusStudents).toEqual([ids.get('Dee'), ids.get('Ben')]);
    expect(model.piles[0]?.cards.map((card) => [card.student, card.focus])).toEqual([
      ['Ben', true],
      ['Ana', false],
    ]);
    expect(model.unsorted[0]).toMatchObject({ student: 'Dee', focus: true });

    const rows = parse(exportCsv(model), { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {}).slice(0, 5)).toEqual(['student', 'pile', 'tags', 'card_id', 'pile_id']);
    expect(rows.map((row) => [row.student, row.pile, row.focus])).toEqual([
      ['Dee', '', 'yes'],
      ['Ben', 'Benchmarks', 'yes'],
      ['Ana', 'Benchmarks', 'no'],
      ['Cy', 'Equal parts', 'no'],
    ]);
  });
});
