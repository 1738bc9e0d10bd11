// The export model: what a board (live or a snapshot) says about its students and piles, in the
// shape of README, "The API". The JSON export is this model; the CSV, the PDF
// report and the comparison of two sorts are all computed from it.
import type * as Y from 'yjs';
import { toCsv } from './csv.js';
import { hiddenStudentLabels } from './hideNames.js';
import { sortCards } from './layout.js';
import { authorOf } from './schema/authors.js';
import { asRecord, boardCards } from './schema/board.js';
import { type Card, effectivePileId, listCards } from './schema/card.js';
import { type CarriedStep, listCarriedSteps } from './schema/carriedSteps.js';
import { focusFirst, readFocusStudents } from './schema/focus.js';
import { type BoardMeta, readMeta } from './schema/meta.js';
import { listNotes, type StickyNote } from './schema/notes.js';
import { listPiles, MIN_PILE_HEIGHT, type Pile } from './schema/pile.js';
import { listSequences, type Sequence } from './schema/sequence.js';
import { trajectoryOrder } from './trajectory.js';
import { type Static, Type } from './typeBuilders.js';

/** Version of the export format (not of the board document). Bump when a field is renamed or removed. */
export const EXPORT_SCHEMA_VERSION = 1;

export const ExportCardSchema = Type.Object({
  id: Type.String(),
  student: Type.String(),
  tags: Type.Array(Type.String()),
  pages: Type.Array(Type.String()),
  /** A lesson study focus student (shared/schema/focus.ts). */
  focus: Type.Boolean(),
  /** Who last put the card where it is (shared/schema/authors.ts), when known. */
  placedBy: Type.Union([Type.String(), Type.Null()]),
});

export const ExportPileSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  color: Type.String({ pattern: '^#[0-9a-f]{6}$' }),
  description: Type.String(),
  nextSteps: Type.String(),
  /** Place in the team's trajectory (lower first), or null when the team has not ordered it. */
  order: Type.Union([Type.Number(), Type.Null()]),
  cards: Type.Array(ExportCardSchema),
});

export const ExportRegionSchema = Type.Object({ x: Type.Number(), y: Type.Number(), w: Type.Number(), h: Type.Number() });

export const ExportSequenceSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  steps: Type.Array(
    Type.Object({
      cardId: Type.String(),
      page: Type.Integer({ minimum: 0 }),
      region: Type.Union([ExportRegionSchema, Type.Null()]),
      note: Type.String(),
      question: Type.String(),
    }),
  ),
});

export const ExportSnapshotSchema = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String() });

export const ExportNoteSchema = Type.Object({
  id: Type.String(),
  text: Type.String(),
  color: Type.String(),
  /** The pile the note is stuck on, or null for a note on the board itself. */
  pileId: Type.Union([Type.String(), Type.Null()]),
});

/** On a class's board: the previous board's next steps carried forward, and whether the team did each. */
export const ExportCarriedStepSchema = Type.Object({
  fromBoardTitle: Type.String(),
  pileTitle: Type.String(),
  text: Type.String(),
  done: Type.Boolean(),
});

export const ExportModelSchema = Type.Object({
  schemaVersion: Type.Literal(EXPORT_SCHEMA_VERSION),
  board: Type.Object({ id: Type.String(), title: Type.String(), task: Type.String() }),
  exportedAt: Type.String(),
  /** The snapshot exported, or null for the live board. */
  snapshot: Type.Union([ExportSnapshotSchema, Type.Null()]),
  /** True when student labels were replaced by `Student 1`, `Student 2`, … */
  namesHidden: Type.Boolean(),
  /** Card ids of the lesson study focus students, in the order they were marked. */
  focusStudents: Type.Array(Type.String()),
  piles: Type.Array(ExportPileSchema),
  unsorted: Type.Array(ExportCardSchema),
  /** Share-out sequences: the work chosen for the class to see, in order. */
  sequences: Type.Array(ExportSequenceSchema),
  /** Sticky notes with words on them, oldest first. */
  notes: Type.Array(ExportNoteSchema),
  /** A class's board only, when it inherited any: last time's next steps as the team ticked them. */
  carriedSteps: Type.Optional(Type.Array(ExportCarriedStepSchema)),
});

export type ExportCard = Static<typeof ExportCardSchema>;
export type ExportPile = Static<typeof ExportPileSchema>;
export type ExportSnapshot = Static<typeof ExportSnapshotSchema>;
export type ExportSequence = Static<typeof ExportSequenceSchema>;
export type ExportNote = Static<typeof ExportNoteSchema>;
export type ExportCarriedStep = Static<typeof ExportCarriedStepSchema>;
export type ExportModel = Static<typeof ExportModelSchema>;

/** A board's records as the schema accessors read them. */
export interface BoardRecords {
  meta: BoardMeta;
  piles: Pile[];
  cards: Card[];
  /** Card ids of the focus students, in the order they were marked. */
  focus?: readonly string[];
  sequences?: readonly Sequence[];
  notes?: readonly StickyNote[];
  carriedSteps?: readonly CarriedStep[];
  /** The name of whoever last set each card's pile, by card id, where known. */
  placedBy?: ReadonlyMap<string, string>;
}

export function readBoardRecords(doc: Y.Doc): BoardRecords {
  return {
    meta: readMeta(doc),
    piles: listPiles(doc),
    cards: listCards(doc),
    focus: readFocusStudents(doc),
    sequences: listSequences(doc),
    notes: listNotes(doc),
    carriedSteps: listCarriedSteps(doc),
    placedBy: cardPlacers(doc),
  };
}

function cardPlacers(doc: Y.Doc): Map<string, string> {
  const placers = new Map<string, string>();
  boardCards(doc).forEach((value, id) => {
    const map = asRecord(value);
    const author = map ? authorOf(doc, map, 'pileId') : null;
    if (author) placers.set(id, author.name);
  });
  return placers;
}

export interface ExportInfo {
  boardId: string;
  /** ISO 8601 time of the export. */
  exportedAt: string;
  snapshot?: ExportSnapshot | null;
  hideNames?: boolean;
  /** Title to use when the document has none (the title the board was created with). */
  fallbackTitle?: string;
}

/**
 * Piles in reading order, as a team sees them on the board: rows from top to bottom, each row
 * left to right. Piles whose tops are within half a minimum pile height share a row, so a pile
 * dragged a few pixels lower does not jump to the end of the report.
 */
export function pilesInReadingOrder<T extends Pick<Pile, 'id' | 'x' | 'y'>>(piles: readonly T[]): T[] {
  const byTop = [...piles].sort((a, b) => a.y - b.y || a.x - b.x || compareIds(a.id, b.id));
  const rows: T[][] = [];
  let rowTop = Number.NEGATIVE_INFINITY;
  for (const pile of byTop) {
    if (pile.y - rowTop > MIN_PILE_HEIGHT / 2 || rows.length === 0) {
      rows.push([]);
      rowTop = pile.y;
    }
    rows.at(-1)?.push(pile);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.x - b.x || compareIds(a.id, b.id)));
}

/** The report's order of piles: the team's trajectory once it has one, else as they lie on the board. */
export function pilesInReportOrder<T extends Pick<Pile, 'id' | 'title' | 'x' | 'y' | 'order'>>(piles: readonly T[]): T[] {
  return piles.some((pile) => pile.order !== null) ? trajectoryOrder(piles) : pilesInReadingOrder(piles);
}

export function buildExportModel(board: BoardRecords, info: ExportInfo): ExportModel {
  const piles = pilesInReportOrder(board.piles);
  const pileIds = new Set(piles.map((pile) => pile.id));
  const hidden = info.hideNames ? hiddenStudentLabels(board.cards.map((card) => card.id)) : null;
  const members = new Map<string | null, Card[]>([[null, []]]);
  for (const pile of piles) members.set(pile.id, []);
  for (const card of board.cards) members.get(effectivePileId(card, pileIds))?.push(card);
  const cardIds = new Set(board.cards.map((card) => card.id));
  const focus = (board.focus ?? []).filter((id) => cardIds.has(id));
  const focusRank = new Map(focus.map((id, index) => [id, index]));

  const exportCard = (card: Card): ExportCard => ({
    id: card.id,
    student: hidden?.get(card.id) ?? card.student,
    tags: card.tags,
    pages: card.pages,
    focus: focusRank.has(card.id),
    placedBy: board.placedBy?.get(card.id) ?? null,
  });
  // Focus students lead their pile (in the order they were marked), the others follow as on the board.
  const cardsOf = (pileId: string | null) =>
    focusFirst(sortCards(members.get(pileId) ?? []), (card) => focusRank.get(card.id)).map(exportCard);

  return {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    board: { id: info.boardId, title: board.meta.title || info.fallbackTitle || '', task: board.meta.task },
    exportedAt: info.exportedAt,
    snapshot: info.snapshot ?? null,
    namesHidden: hidden !== null,
    focusStudents: focus,
    piles: piles.map((pile) => ({
      id: pile.id,
      title: pile.title,
      color: pile.color,
      description: pile.description,
      nextSteps: pile.nextSteps,
      order: pile.order,
      cards: cardsOf(pile.id),
    })),
    unsorted: cardsOf(null),
    sequences: (board.sequences ?? []).map((sequence) => ({
      id: sequence.id,
      title: sequence.title,
      steps: sequence.steps
        .filter((step) => cardIds.has(step.cardId))
        .map((step) => ({ cardId: step.cardId, page: step.page, region: step.region, note: step.note, question: step.question })),
    })),
    // A note on a deleted pile stays on the board, as the canvas shows it; empty notes say nothing.
    notes: (board.notes ?? [])
      .filter((note) => note.text.trim() !== '')
      .map((note) => ({
        id: note.id,
        text: note.text,
        color: note.color,
        pileId: note.pileId && pileIds.has(note.pileId) ? note.pileId : null,
      })),
    ...(board.carriedSteps?.length
      ? {
          carriedSteps: board.carriedSteps.map((step) => ({
            fromBoardTitle: step.fromBoardTitle,
            pileTitle: step.pileTitle,
            text: step.text,
            done: step.done,
          })),
        }
      : {}),
  };
}

export function exportModelOfDoc(doc: Y.Doc, info: ExportInfo): ExportModel {
  return buildExportModel(readBoardRecords(doc), info);
}

/** Every card of the model with its pile (null = unsorted), piles in report order, unsorted last. */
export function cardsWithPiles(model: ExportModel): { card: ExportCard; pile: ExportPile | null }[] {
  return [
    ...model.piles.flatMap((pile) => pile.cards.map((card) => ({ card, pile }))),
    ...model.unsorted.map((card) => ({ card, pile: null })),
  ];
}

/** The CSV columns; the first five are the contract's, the others may grow. */
export const EXPORT_CSV_COLUMNS = ['student', 'pile', 'tags', 'card_id', 'pile_id', 'pile_color', 'pages', 'focus'] as const;

/** Separator of tags within the `tags` cell (README, "The API"). */
export const TAG_SEPARATOR = '; ';

/**
 * One row per card: the header, the focus students (in the order they were marked), then the
 * other cards of the piles in report order, then the unsorted ones.
 */
export function exportCsvRows(model: ExportModel): string[][] {
  return [
    [...EXPORT_CSV_COLUMNS],
    ...focusCardsFirst(model).map(({ card, pile }) => [
      card.student,
      pile?.title ?? '',
      card.tags.join(TAG_SEPARATOR),
      card.id,
      pile?.id ?? '',
      pile?.color ?? '',
      String(card.pages.length),
      card.focus ? 'yes' : 'no',
    ]),
  ];
}

/** `cardsWithPiles`, with the focus students first in the order they were marked. */
export function focusCardsFirst(model: ExportModel): { card: ExportCard; pile: ExportPile | null }[] {
  const rank = new Map(model.focusStudents.map((id, index) => [id, index]));
  return focusFirst(cardsWithPiles(model), ({ card }) => (card.focus ? (rank.get(card.id) ?? rank.size) : undefined));
}

export function exportCsv(model: ExportModel, options: { bom?: boolean } = {}): string {
  return toCsv(exportCsvRows(model), options);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
