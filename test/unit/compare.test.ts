// Comparing two sorts: who moved from which pile to which, between snapshots or between boards.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { compareSorts, comparisonCsv, crossBoardHiddenLabels, focusOutcomes, normaliseStudent, studentHistory } from '#shared/compare.js';
import type { ExportCard, ExportModel } from '#shared/exportModel.js';

/**
 * A model from a compact description: pile title → students (card id = `<board>:<student>` unless
 * given); `focus` names the focus students, in the order they were marked.
 */
function model(
  boardId: string,
  piles: Record<string, (string | [id: string, student: string])[]>,
  unsorted: string[] = [],
  focus: string[] = [],
): ExportModel {
  const focusIds = focus.map((student) => `${boardId}:${student}`);
  const card = (entry: string | [string, string]): ExportCard => {
    const [id, student] = typeof entry === 'string' ? [`${boardId}:${entry}`, entry] : entry;
    return { id, student, tags: [], pages: [], focus: focusIds.includes(id), placedBy: null };
  };
  return {
    schemaVersion: 1,
    board: { id: boardId, title: boardId, task: '' },
    exportedAt: '2026-01-01T00:00:00.000Z',
    snapshot: null,
    namesHidden: false,
    focusStudents: focusIds,
    piles: Object.entries(piles).map(([title, students]) => ({
      id: `${boardId}:${title}`,
      title,
      color: '#999999',
      description: '',
      nextSteps: '',
      order: null,
      cards: students.map(card),
    })),
    unsorted: unsorted.map(card),
    sequences: [],
    notes: [],
  };
}

describe('comparing two sorts', () => {
  it('counts who stayed and who moved, pile to pile, on the same board', () => {
    const before = model('b', { 'Counting on': ['Ana', 'Ben', 'Cy'], 'Place value': ['Dee'] }, ['Eve']);
    const after = model('b', { 'Counting on': ['Ana'], 'Place value': ['Ben', 'Dee', 'Eve'] }, ['Cy']);
    const result = compareSorts(before, after);

    expect(result.summary).toEqual({ matched: 5, moved: 3, stayed: 2, onlyBefore: 0, onlyAfter: 0 });
    expect(result.movements.filter((m) => m.moved).map((m) => `${m.student}: ${m.before.title} → ${m.after.title}`)).toEqual([
      'Ben: Counting on → Place value',
      'Cy: Counting on → Unsorted',
      'Eve: Unsorted → Place value',
    ]);
    expect(result.matrix.rows.map((pile) => pile.title)).toEqual(['Counting on', 'Place value', 'Unsorted']);
    expect(result.matrix.columns.map((pile) => pile.title)).toEqual(['Counting on', 'Place value', 'Unsorted']);
    expect(result.matrix.counts).toEqual([
      [1, 1, 1],
      [0, 1, 0],
      [0, 1, 0],
    ]);
  });

  it('follows a card through a rename, and a renamed pile is still the same pile', () => {
    const before = model('b', { 'Counting on': [['c1', 'Ana M']] });
    // The same pile (same id), renamed between the two sorts.
    const after = model('b', { 'Counting on': [['c1', 'Ana Martínez']] });
    after.piles = after.piles.map((pile) => ({ ...pile, title: 'Counts on by ones' }));
    const result = compareSorts(before, after);
    expect(result.movements).toEqual([
      expect.objectContaining({ student: 'Ana Martínez', cardBefore: 'c1', cardAfter: 'c1', moved: false }),
    ]);
  });

  it('matches two boards by student label, whatever the case and spacing, and lists those on one side only', () => {
    const before = model('week1', { 'Counting on': ['Zoë  Martínez', 'Дмитрий'], Compensation: ['李小龙'] }, ['Only Before']);
    const after = model('week5', { 'Place value': [' zoë martínez', 'ДМИТРИЙ'], Compensation: ['李小龙', 'Newcomer'] });
    const result = compareSorts(before, after);

    expect(result.summary).toEqual({ matched: 3, moved: 2, stayed: 1, onlyBefore: 1, onlyAfter: 1 });
    const moved = Object.fromEntries(result.movements.map((m) => [normaliseStudent(m.student), m.moved]));
    expect(moved).toEqual({ 'zoë martínez': true, дмитрий: true, 李小龙: false });
    expect(result.onlyBefore).toEqual([
      { student: 'Only Before', cardId: 'week1:Only Before', pile: { id: null, title: 'Unsorted' }, focus: false },
    ]);
    expect(result.onlyAfter.map((o) => o.student)).toEqual(['Newcomer']);
    expect(result.matrix.counts.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('never pairs cards without a name by label', () => {
    const result = compareSorts(model('a', { P: [''] }), model('b', { P: [''] }));
    expect(result.summary).toMatchObject({ matched: 0, onlyBefore: 1, onlyAfter: 1 });
  });

  it('writes the movement table as CSV a spreadsheet opens safely', () => {
    const before = model('b', { 'Counting on': ['Ana', '=cmd()'] }, ['Gone']);
    const after = model('b', { '+Place value': ['Ana', '=cmd()', 'New'] });
    const rows = parse(comparisonCsv(compareSorts(before, after)), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      {
        student: 'Ana',
        pile_before: 'Counting on',
        pile_after: "'+Place value",
        moved: 'yes',
        status: 'moved',
        card_id_before: 'b:Ana',
        card_id_after: 'b:Ana',
        focus: 'no',
        moved_by: '',
      },
      {
        student: "'=cmd()",
        pile_before: 'Counting on',
        pile_after: "'+Place value",
        moved: 'yes',
        status: 'moved',
        card_id_before: 'b:=cmd()',
        card_id_after: 'b:=cmd()',
        focus: 'no',
        moved_by: '',
      },
      {
        student: 'Gone',
        pile_before: '',
        pile_after: '',
        moved: '',
        status: 'only_before',
        card_id_before: 'b:Gone',
        card_id_after: '',
        focus: 'no',
        moved_by: '',
      },
      {
        student: 'New',
        pile_before: '',
        pile_after: "'+Place value",
        moved: '',
        status: 'only_after',
        card_id_before: '',
        card_id_after: 'b:New',
        focus: 'no',
        moved_by: '',
      },
    ]);
  });

  it('pairs two boards’ cards (different ids) by label only, and a pile of the same title is the same pile', () => {
    const fall = model('fall', { 'Counting on': ['Ana', 'Ben'], 'Place value': ['Cy'] }, ['Dee']);
    const winter = model('winter', { 'Place value': ['Ana', 'Cy'], 'Counting on': ['Ben'] }, ['Eve']);
    const result = compareSorts(fall, winter, { matchBy: 'student' });
    expect(result.movements.map((m) => [m.student, m.cardBefore, m.cardAfter, m.moved])).toEqual([
      ['Ana', 'fall:Ana', 'winter:Ana', true],
      ['Ben', 'fall:Ben', 'winter:Ben', false],
      ['Cy', 'fall:Cy', 'winter:Cy', false],
    ]);
    expect(result.onlyBefore.map((o) => `${o.student} (${o.pile.title})`)).toEqual(['Dee (Unsorted)']);
    expect(result.onlyAfter.map((o) => `${o.student} (${o.pile.title})`)).toEqual(['Eve (Unsorted)']);
    expect(result.summary).toEqual({ matched: 3, moved: 1, stayed: 2, onlyBefore: 1, onlyAfter: 1 });
  });

  it('lists focus students first: the "after" sort’s in the order they were marked, then the "before" sort’s', () => {
    const before = model('b1', { P: ['Ana', 'Ben', 'Cy', 'Dee'] }, ['Gus', 'Hal'], ['Ben']);
    const after = model('b2', { Q: ['Ana', 'Ben', 'Cy', 'Dee', 'Fay'] }, [], ['Dee', 'Cy', 'Fay']);
    const result = compareSorts(before, after, { matchBy: 'student' });
    expect(result.movements.map((m) => [m.student, m.focus])).toEqual([
      ['Dee', true],
      ['Cy', true],
      ['Ben', true],
      ['Ana', false],
    ]);
    expect(result.onlyAfter.map((o) => [o.student, o.focus])).toEqual([['Fay', true]]);
    const withFocusBefore = compareSorts(model('x', { P: ['Ana', 'Gus'] }, [], []), model('x', {}, [], []));
    expect(withFocusBefore.onlyBefore.map((o) => o.student)).toEqual(['Ana', 'Gus']);
    const gusFocus = compareSorts(model('x', { P: ['Ana', 'Gus'] }, [], ['Gus']), model('x', {}, [], []));
    expect(gusFocus.onlyBefore.map((o) => [o.student, o.focus])).toEqual([
      ['Gus', true],
      ['Ana', false],
    ]);
    const rows = parse(comparisonCsv(result), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.student, row.focus])).toEqual([
      ['Dee', 'yes'],
      ['Cy', 'yes'],
      ['Ben', 'yes'],
      ['Ana', 'no'],
      ['Gus', 'no'],
      ['Hal', 'no'],
      ['Fay', 'yes'],
    ]);
  });

  it('says what happened to each focus student: moved, stayed, or on one side only', () => {
    const before = model('b', { P: ['Ana', 'Ben'], Q: ['Cy'] }, ['Gus'], ['Ana', 'Ben', 'Gus']);
    const after = model('b', { P: ['Ben'], Q: ['Ana', 'Cy', 'Fay'] }, [], ['Ana', 'Ben', 'Fay']);
    const outcomes = focusOutcomes(compareSorts(before, after));
    expect(outcomes.map((outcome) => [outcome.kind, outcome.student])).toEqual([
      ['moved', 'Ana'],
      ['stayed', 'Ben'],
      ['onlyBefore', 'Gus'],
      ['onlyAfter', 'Fay'],
    ]);
    const moved = outcomes[0];
    expect(moved?.kind === 'moved' && [moved.before.title, moved.after.title]).toEqual(['P', 'Q']);
    // Cy stayed too, but is not a focus student.
    expect(outcomes.some((outcome) => outcome.student === 'Cy')).toBe(false);
  });

  it('hides names across two boards with one number per student on both sides', () => {
    const before = model('fall', { P: ['Ana', 'Ben'] }, ['Only Fall']);
    const after = model('winter', { Q: ['ben', 'Cy'] });
    const labels = crossBoardHiddenLabels(before, after);
    // Ben is the same student on both boards: the same number.
    expect(labels.get('fall:Ben')).toBe(labels.get('winter:ben'));
    const numbers = [...labels.values()];
    expect(new Set(numbers).size).toBe(4);
    expect(numbers.every((label) => /^Student [1-4]$/.test(label))).toBe(true);
    const result = compareSorts(before, after, { matchBy: 'student', displayLabels: labels });
    const shown = [...result.movements, ...result.onlyBefore, ...result.onlyAfter].map((entry) => entry.student);
    expect(shown).toHaveLength(4);
    expect(shown.every((label) => /^Student [1-4]$/.test(label))).toBe(true);
  });

  it('shows hidden-name labels instead of the students, and still matches by the real names', () => {
    const before = model('w1', { P: ['Ana'] });
    const after = model('w2', { Q: ['ana'] });
    const result = compareSorts(before, after, { displayLabels: new Map([['w2:ana', 'Student 7']]) });
    expect(result.movements.map((m) => m.student)).toEqual(['Student 7']);
  });
});

describe('student history', () => {
  it('gives each student the pile in every sort, oldest first, null where they were absent', () => {
    const first = model('b', { 'Counting on': ['Ana', 'Ben'] });
    const second = model('b', { 'Place value': ['Ana'] }, ['Ben']);
    const third = model('later', { 'Place value': ['ANA', 'Cy'] });
    const history = studentHistory([first, second, third]);
    expect(history.map((entry) => [entry.student, entry.piles.map((pile) => pile?.title ?? null)])).toEqual([
      ['ANA', ['Counting on', 'Place value', 'Place value']],
      ['Ben', ['Counting on', 'Unsorted', null]],
      ['Cy', [null, null, 'Place value']],
    ]);
  });
});
