// Comparing two sorts: which students moved from which pile to which, weeks apart or between two
// boards ("Weeks later, after the reteach, they sort the new work and compare", README, "The practice it serves").
// Pure functions over export models, so the server and the client compute the same table.
import { toCsv } from './csv.js';
import { cardsWithPiles, type ExportCard, type ExportModel, type ExportPile } from './exportModel.js';
import { hiddenStudentLabels } from './hideNames.js';
import { focusFirst } from './schema/focus.js';
import { type Static, Type } from './typeBuilders.js';

/** A pile on one side of a comparison; `id: null` is the unsorted area. */
export const PileRefSchema = Type.Object({ id: Type.Union([Type.String(), Type.Null()]), title: Type.String() });
export type PileRef = Static<typeof PileRefSchema>;

export const UNSORTED: PileRef = { id: null, title: 'Unsorted' };

export const MovementSchema = Type.Object({
  student: Type.String(),
  cardBefore: Type.String(),
  cardAfter: Type.String(),
  before: PileRefSchema,
  after: PileRefSchema,
  /** True when the student is in a different pile (by id, or by title between two boards). */
  moved: Type.Boolean(),
  /** A lesson study focus student on either side; they come first. */
  focus: Type.Boolean(),
  /** Who moved the card, by the name they gave, when it moved and the document knows. */
  movedBy: Type.Union([Type.String(), Type.Null()]),
});
export type Movement = Static<typeof MovementSchema>;

export const OnlyOneSideSchema = Type.Object({
  student: Type.String(),
  cardId: Type.String(),
  pile: PileRefSchema,
  focus: Type.Boolean(),
});
export type OnlyOneSide = Static<typeof OnlyOneSideSchema>;

export const SortComparisonSchema = Type.Object({
  movements: Type.Array(MovementSchema),
  /** `counts[i][j]`: students in pile `rows[i]` before and in pile `columns[j]` after. */
  matrix: Type.Object({
    rows: Type.Array(PileRefSchema),
    columns: Type.Array(PileRefSchema),
    counts: Type.Array(Type.Array(Type.Integer())),
  }),
  onlyBefore: Type.Array(OnlyOneSideSchema),
  onlyAfter: Type.Array(OnlyOneSideSchema),
  summary: Type.Object({
    matched: Type.Integer(),
    moved: Type.Integer(),
    stayed: Type.Integer(),
    onlyBefore: Type.Integer(),
    onlyAfter: Type.Integer(),
  }),
});
export type SortComparison = Static<typeof SortComparisonSchema>;

export interface CompareOptions {
  /**
   * `card-then-student` (default): the same card (same board, e.g. two snapshots) is the same
   * student even if relabelled; the cards left are matched by student label. `student`: by label only.
   */
  matchBy?: 'card-then-student' | 'student';
  /** Labels to show instead of the students' (hidden names), by card id, for either side. */
  displayLabels?: Map<string, string>;
}

/** A student label as people mean it: case, accents' encoding and spacing do not matter. */
export function normaliseStudent(label: string): string {
  return label.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('und');
}

interface Placed {
  card: ExportCard;
  pile: PileRef;
}

function placedCards(model: ExportModel): Placed[] {
  return cardsWithPiles(model).map(({ card, pile }) => ({ card, pile: pile ? refOf(pile) : UNSORTED }));
}

function refOf(pile: ExportPile): PileRef {
  return { id: pile.id, title: pile.title };
}

function samePile(a: PileRef, b: PileRef): boolean {
  if (a.id === null || b.id === null) return a.id === b.id;
  return a.id === b.id || normaliseStudent(a.title) === normaliseStudent(b.title);
}

/**
 * Pairs the cards of `before` and `after`. Cards with the same id pair first (unless matching by
 * student only); the rest pair by normalised label, in report order, first with first. Cards with
 * an empty label pair only by id.
 */
function pairCards(
  before: Placed[],
  after: Placed[],
  matchBy: CompareOptions['matchBy'],
): { pairs: [Placed, Placed][]; restBefore: Placed[]; restAfter: Placed[] } {
  const pairs: [Placed, Placed][] = [];
  let restBefore = before;
  let restAfter = after;
  if (matchBy !== 'student') {
    const afterById = new Map(after.map((placed) => [placed.card.id, placed]));
    const pairedIds = new Set<string>();
    restBefore = [];
    for (const placed of before) {
      const twin = afterById.get(placed.card.id);
      if (twin) {
        pairs.push([placed, twin]);
        pairedIds.add(placed.card.id);
      } else restBefore.push(placed);
    }
    restAfter = after.filter((placed) => !pairedIds.has(placed.card.id));
  }
  const waiting = new Map<string, Placed[]>();
  for (const placed of restAfter) {
    const key = normaliseStudent(placed.card.student);
    if (key === '') continue;
    const list = waiting.get(key) ?? [];
    list.push(placed);
    waiting.set(key, list);
  }
  const unpairedBefore: Placed[] = [];
  const pairedAfter = new Set<Placed>();
  for (const placed of restBefore) {
    const twin = waiting.get(normaliseStudent(placed.card.student))?.shift();
    if (twin && normaliseStudent(placed.card.student) !== '') {
      pairs.push([placed, twin]);
      pairedAfter.add(twin);
    } else unpairedBefore.push(placed);
  }
  return { pairs, restBefore: unpairedBefore, restAfter: restAfter.filter((placed) => !pairedAfter.has(placed)) };
}

export function compareSorts(before: ExportModel, after: ExportModel, options: CompareOptions = {}): SortComparison {
  const { pairs, restBefore, restAfter } = pairCards(placedCards(before), placedCards(after), options.matchBy);
  const label = (card: ExportCard) => options.displayLabels?.get(card.id) ?? card.student;

  const rows: PileRef[] = [...before.piles.map(refOf), UNSORTED];
  const columns: PileRef[] = [...after.piles.map(refOf), UNSORTED];
  const rowIndex = new Map(rows.map((pile, index) => [pile.id, index]));
  const columnIndex = new Map(columns.map((pile, index) => [pile.id, index]));
  const counts = rows.map(() => columns.map(() => 0));

  // Focus students first: those of the "after" sort in the order they were marked, then the "before" sort's.
  const focusRank = (afterId: string | null, beforeId: string | null): number | undefined => {
    const inAfter = afterId === null ? -1 : after.focusStudents.indexOf(afterId);
    if (inAfter >= 0) return inAfter;
    const inBefore = beforeId === null ? -1 : before.focusStudents.indexOf(beforeId);
    return inBefore >= 0 ? after.focusStudents.length + inBefore : undefined;
  };

  const paired: Movement[] = pairs.map(([from, to]) => {
    const row = counts[rowIndex.get(from.pile.id) ?? rows.length - 1];
    const column = columnIndex.get(to.pile.id) ?? columns.length - 1;
    if (row) row[column] = (row[column] ?? 0) + 1;
    const moved = !samePile(from.pile, to.pile);
    return {
      student: label(to.card) || label(from.card),
      cardBefore: from.card.id,
      cardAfter: to.card.id,
      before: from.pile,
      after: to.pile,
      moved,
      focus: from.card.focus || to.card.focus,
      // The last to set the card's pile in the later sort moved it there. Between two boards the
      // cards differ, and whoever sorted the new card did not move the student.
      movedBy: moved && from.card.id === to.card.id ? (to.card.placedBy ?? null) : null,
    };
  });
  const movements = focusFirst(paired, (movement) => focusRank(movement.cardAfter, movement.cardBefore));
  const moved = movements.filter((movement) => movement.moved).length;
  const only = (placed: Placed): OnlyOneSide => ({
    student: label(placed.card),
    cardId: placed.card.id,
    pile: placed.pile,
    focus: placed.card.focus,
  });

  return {
    movements,
    matrix: { rows, columns, counts },
    onlyBefore: focusFirst(restBefore.map(only), (o) => focusRank(null, o.cardId)),
    onlyAfter: focusFirst(restAfter.map(only), (o) => focusRank(o.cardId, null)),
    summary: {
      matched: movements.length,
      moved,
      stayed: movements.length - moved,
      onlyBefore: restBefore.length,
      onlyAfter: restAfter.length,
    },
  };
}

export const COMPARE_CSV_COLUMNS = [
  'student',
  'pile_before',
  'pile_after',
  'moved',
  'status',
  'card_id_before',
  'card_id_after',
  'focus',
  'moved_by',
] as const;

/**
 * The movement table as CSV: matched students first (focus students leading, then in the "after"
 * report order), then those on one side only.
 */
export function comparisonCsv(comparison: SortComparison, options: { bom?: boolean } = {}): string {
  const pileCell = (pile: PileRef) => (pile.id === null ? '' : pile.title);
  return toCsv(
    [
      [...COMPARE_CSV_COLUMNS],
      ...comparison.movements.map((m) => [
        m.student,
        pileCell(m.before),
        pileCell(m.after),
        m.moved ? 'yes' : 'no',
        m.moved ? 'moved' : 'same',
        m.cardBefore,
        m.cardAfter,
        yesNo(m.focus),
        m.movedBy ?? '',
      ]),
      ...comparison.onlyBefore.map((o) => [o.student, pileCell(o.pile), '', '', 'only_before', o.cardId, '', yesNo(o.focus), '']),
      ...comparison.onlyAfter.map((o) => [o.student, '', pileCell(o.pile), '', 'only_after', '', o.cardId, yesNo(o.focus), '']),
    ],
    options,
  );
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

/**
 * Hidden names for a comparison of two boards: each board numbers its own cards, so a student
 * would read `Student 3` on one side and `Student 8` on the other. Here a student matched by
 * label keeps the "after" board's number on both sides, and those only on the "before" board
 * are numbered after the last of the "after" board's, in the order of their (random) card ids.
 */
export function crossBoardHiddenLabels(before: ExportModel, after: ExportModel): Map<string, string> {
  const afterIds = cardsWithPiles(after).map(({ card }) => card.id);
  const labels = hiddenStudentLabels(afterIds);
  const { pairs, restBefore } = pairCards(placedCards(before), placedCards(after), 'student');
  for (const [from, to] of pairs) labels.set(from.card.id, labels.get(to.card.id) ?? '');
  const onlyBefore = [...hiddenStudentLabels(restBefore.map((placed) => placed.card.id)).keys()];
  for (const [index, id] of onlyBefore.entries()) labels.set(id, `Student ${afterIds.length + index + 1}`);
  return labels;
}

export const HistoryColumnSchema = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String() });
export type HistoryColumn = Static<typeof HistoryColumnSchema>;

export const StudentHistorySchema = Type.Object({
  student: Type.String(),
  /** One entry per column (snapshot), in column order; null where the student was not on the board. */
  piles: Type.Array(Type.Union([PileRefSchema, Type.Null()])),
});
export type StudentHistory = Static<typeof StudentHistorySchema>;

/**
 * The pile of every student in each of several sorts (oldest first): a student is followed by
 * card id, or by label when the card is not in the next sort (new work uploaded for a reteach).
 */
export function studentHistory(models: ExportModel[], options: Pick<CompareOptions, 'displayLabels'> = {}): StudentHistory[] {
  const students: { key: string; student: string; lastCardId: string; piles: (PileRef | null)[] }[] = [];
  models.forEach((model, column) => {
    const byCard = new Map(students.map((entry) => [entry.lastCardId, entry]));
    const free = (entry: (typeof students)[number] | undefined) => (entry && entry.piles[column] === undefined ? entry : undefined);
    for (const placed of placedCards(model)) {
      const key = normaliseStudent(placed.card.student);
      let entry = free(byCard.get(placed.card.id)) ?? (key === '' ? undefined : students.find((s) => s.key === key && free(s)));
      if (!entry) {
        entry = { key, student: '', lastCardId: placed.card.id, piles: new Array(column).fill(null) };
        students.push(entry);
      }
      entry.piles[column] = placed.pile;
      entry.key = key;
      entry.lastCardId = placed.card.id;
      entry.student = options.displayLabels?.get(placed.card.id) ?? placed.card.student;
    }
    for (const entry of students) if (entry.piles[column] === undefined) entry.piles[column] = null;
  });
  return students.map(({ student, piles }) => ({ student, piles }));
}

/** What happened to one focus student between two sorts (README, "The practice it serves": lesson study). */
export type FocusOutcome =
  | { kind: 'moved' | 'stayed'; key: string; student: string; before: PileRef; after: PileRef; movedBy: string | null }
  | { kind: 'onlyBefore' | 'onlyAfter'; key: string; student: string; pile: PileRef };

/** Each focus student once, by what happened to them: moved (and by whom), stayed, or on one side only. */
export function focusOutcomes(comparison: Pick<SortComparison, 'movements' | 'onlyBefore' | 'onlyAfter'>): FocusOutcome[] {
  return [
    ...comparison.movements
      .filter((movement) => movement.focus)
      .map(
        (movement): FocusOutcome => ({
          kind: movement.moved ? 'moved' : 'stayed',
          key: `${movement.cardBefore}:${movement.cardAfter}`,
          student: movement.student,
          before: movement.before,
          after: movement.after,
          movedBy: movement.movedBy,
        }),
      ),
    ...comparison.onlyBefore
      .filter((one) => one.focus)
      .map((one): FocusOutcome => ({ kind: 'onlyBefore', key: `before:${one.cardId}`, student: one.student, pile: one.pile })),
    ...comparison.onlyAfter
      .filter((one) => one.focus)
      .map((one): FocusOutcome => ({ kind: 'onlyAfter', key: `after:${one.cardId}`, student: one.student, pile: one.pile })),
  ];
}
