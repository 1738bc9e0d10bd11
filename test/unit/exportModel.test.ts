// The export model and its CSV: what a teacher gets when they take a sort out of Worksort.
import { parse } from 'csv-parse/sync';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { csvField, neutraliseCell, toCsv, UTF8_BOM } from '#shared/csv.js';
import { EXPORT_CSV_COLUMNS, ExportModelSchema, exportCsv, exportModelOfDoc, pilesInReadingOrder } from '#shared/exportModel.js';
import { hiddenStudentLabels } from '#shared/hideNames.js';
import { boardCards } from '#shared/schema/board.js';
import { createCard } from '#shared/schema/card.js';
import { initBoard } from '#shared/schema/migrations.js';
import { createPile } from '#shared/schema/pile.js';

const EXPORTED_AT = '2026-03-02T15:04:05.000Z';

function boardDoc() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Solve 48 + 27 two ways', task: 'Show two strategies.' });
  return doc;
}

function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { bom: true, columns: true, skip_empty_lines: true });
}

describe('export model', () => {
  it('lists piles in reading order with their cards in display order, and the unsorted cards last', () => {
    const doc = boardDoc();
    const right = createPile(doc, { title: 'Compensation', x: 600, y: 10, w: 300, h: 300, color: '#009e73' });
    const left = createPile(doc, { title: 'Place value', x: 0, y: 0, w: 300, h: 300, description: 'Tens and ones.', nextSteps: 'Blocks.' });
    const below = createPile(doc, { title: 'Counting on', x: 0, y: 900, w: 300, h: 300 });
    createCard(doc, { student: 'Second', pages: ['p2'], pileId: left, order: 2 });
    createCard(doc, { student: 'First', pages: ['p1'], pileId: left, order: 1, tags: ['regroups'] });
    createCard(doc, { student: 'Lonely', pages: [], pileId: right, order: 5 });
    createCard(doc, { student: 'Waiting', pages: [], order: 3 });

    const model = exportModelOfDoc(doc, { boardId: 'board1', exportedAt: EXPORTED_AT });
    expect(Value.Check(ExportModelSchema, model)).toBe(true);
    expect(model.board).toEqual({ id: 'board1', title: 'Solve 48 + 27 two ways', task: 'Show two strategies.' });
    expect(model.piles.map((pile) => pile.id)).toEqual([left, right, below]);
    expect(model.piles[0]).toMatchObject({ title: 'Place value', description: 'Tens and ones.', nextSteps: 'Blocks.' });
    expect(model.piles[0]?.cards.map((card) => card.student)).toEqual(['First', 'Second']);
    expect(model.piles[0]?.cards[0]).toEqual({
      id: expect.any(String),
      student: 'First',
      tags: ['regroups'],
      pages: ['p1'],
      focus: false,
      placedBy: null,
    });
    expect(model.piles[2]?.cards).toEqual([]);
    expect(model.unsorted.map((card) => card.student)).toEqual(['Waiting']);
  });

  it('counts a card whose pile was deleted as unsorted, never loses it', () => {
    const doc = boardDoc();
    createCard(doc, { student: 'Orphan', pages: [], pileId: 'a-pile-that-is-gone' });
    const model = exportModelOfDoc(doc, { boardId: 'b', exportedAt: EXPORTED_AT });
    expect(model.piles).toEqual([]);
    expect(model.unsorted.map((card) => card.student)).toEqual(['Orphan']);
  });

  it('reads hostile records through the schema: wrong types become defaults, junk records are skipped', () => {
    const doc = boardDoc();
    const card = new Y.Map<unknown>();
    card.set('student', 42);
    card.set('tags', 'not an array');
    boardCards(doc).set('weird', card);
    boardCards(doc).set('junk', 'just a string' as unknown as Y.Map<unknown>);
    const model = exportModelOfDoc(doc, { boardId: 'b', exportedAt: EXPORTED_AT });
    expect(Value.Check(ExportModelSchema, model)).toBe(true);
    expect(model.unsorted).toEqual([{ id: 'weird', student: '', tags: [], pages: [], focus: false, placedBy: null }]);
  });

  it('piles a few pixels apart in height still read left to right', () => {
    const piles = [
      { id: 'c', x: 700, y: 0 },
      { id: 'b', x: 350, y: 30 },
      { id: 'a', x: 0, y: 12 },
      { id: 'd', x: 0, y: 500 },
    ];
    expect(pilesInReadingOrder(piles).map((pile) => pile.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('hides names as Student 1, 2, … numbered by card id, the same for every export of the same cards', () => {
    const doc = boardDoc();
    const pile = createPile(doc, { title: 'P', x: 0, y: 0, w: 300, h: 300 });
    const ids = ['zz', 'aa', 'mm'].map((id, i) => createCard(doc, { student: `Real ${id}`, pages: [], pileId: i === 0 ? pile : null }, id));
    const model = exportModelOfDoc(doc, { boardId: 'b', exportedAt: EXPORTED_AT, hideNames: true });
    expect(model.namesHidden).toBe(true);
    const labels = new Map([...model.piles.flatMap((p) => p.cards), ...model.unsorted].map((card) => [card.id, card.student]));
    expect(labels).toEqual(
      new Map([
        ['aa', 'Student 1'],
        ['mm', 'Student 2'],
        ['zz', 'Student 3'],
      ]),
    );
    expect(hiddenStudentLabels(ids)).toEqual(labels);
    expect(JSON.stringify(model)).not.toContain('Real');
  });
});

describe('CSV', () => {
  const hostile = [
    'Zoë',
    'Ngọc',
    'Дмитрий',
    '李小龙',
    'O"Brien, Jr.',
    'Two\nlines',
    '=HYPERLINK("http://evil.example","click")',
    '+1',
    '-2',
    '@cmd',
    '\tTab',
    '\rReturn',
  ];

  function hostileBoard() {
    const doc = boardDoc();
    const pile = createPile(doc, { title: '=SUM(A1:A9), "quoted" pile', x: 0, y: 0, w: 300, h: 300, color: '#d55e00' });
    hostile.forEach((student, order) => {
      createCard(doc, {
        student,
        pages: order % 2 ? ['a', 'b'] : [],
        pileId: order < 6 ? pile : null,
        order,
        tags: order === 0 ? ['place value', '-minus', 'a, b'] : [],
      });
    });
    return { doc, pile };
  }

  it('a real CSV parser reads back every name, pile and tag, with formulas neutralised', () => {
    const { doc, pile } = hostileBoard();
    const model = exportModelOfDoc(doc, { boardId: 'b', exportedAt: EXPORTED_AT });
    const csv = exportCsv(model);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    const header = (parse(csv, { bom: true, to_line: 1 }) as string[][])[0] ?? [];
    expect(header.slice(0, 5)).toEqual(['student', 'pile', 'tags', 'card_id', 'pile_id']);
    expect(header).toEqual([...EXPORT_CSV_COLUMNS]);

    const rows = parseCsv(csv);
    expect(rows).toHaveLength(hostile.length);
    const neutral = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
    expect(rows.map((row) => row.student)).toEqual(hostile.map(neutral));
    expect(rows.slice(0, 6).every((row) => row.pile === `'=SUM(A1:A9), "quoted" pile` && row.pile_id === pile)).toBe(true);
    expect(rows.slice(6).every((row) => row.pile === '' && row.pile_id === '')).toBe(true);
    // A tag after `; ` is a cell of its own for Excel in semicolon locales: neutralised there too.
    expect(rows[0]?.tags).toBe("place value; '-minus; a, b");
    expect(rows[0]?.pile_color).toBe('#d55e00');
    expect(rows[1]?.pages).toBe('2');
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('follows RFC 4180: CRLF rows, quotes doubled, fields with commas, quotes or line breaks quoted', () => {
    expect(
      toCsv(
        [
          ['a', 'b'],
          ['x,y', 'say "hi"'],
          ['line\nbreak', 'plain'],
        ],
        { bom: false },
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",plain\r\n');
    expect(csvField('')).toBe('');
    expect(neutraliseCell('=1+1')).toBe("'=1+1");
    expect(neutraliseCell('1+1')).toBe('1+1');
  });

  it('can leave out the byte order mark for scripts', () => {
    const { doc } = hostileBoard();
    const csv = exportCsv(exportModelOfDoc(doc, { boardId: 'b', exportedAt: EXPORTED_AT }), { bom: false });
    expect(csv.startsWith('student,pile,tags,card_id,pile_id')).toBe(true);
  });
});
