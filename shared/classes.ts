// A class: a roster and the boards a team sorts for it over the year (README, "Classes").
// The HTTP shapes of its routes, the code printed on each student's cover sheet, and how an
// edited roster keeps each student's identity: pure functions both sides use.
import { BoardTokensSchema, IdSchema } from './api.js';
import { BOARD_TEMPLATES, TEMPLATE_LANGUAGES } from './templates.js';
import { type Static, Type } from './typeBuilders.js';

/** Longest name and school id a roster keeps; longer ones are refused, not cut. */
export const MAX_STUDENT_NAME = 200;
export const MAX_SCHOOL_ID = 64;
/** A roster of more students than this is not a class (a whole school pasted by mistake). */
export const MAX_STUDENTS = 400;

export const RosterEntrySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: MAX_STUDENT_NAME }),
  id: Type.Optional(Type.String({ maxLength: MAX_SCHOOL_ID })),
  /** When editing a roster: the student this row already is (a renamed student stays themselves). */
  studentId: Type.Optional(Type.String({ maxLength: 64 })),
});
export type RosterEntry = Static<typeof RosterEntrySchema>;

export const StudentSchema = Type.Object({
  studentId: Type.String(),
  name: Type.String(),
  id: Type.Optional(Type.String()),
});
export type Student = Static<typeof StudentSchema>;

export const ClassParamsSchema = Type.Object({ classId: IdSchema });

export const CreateClassBodySchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  students: Type.Array(RosterEntrySchema, { maxItems: MAX_STUDENTS }),
});

export const ReplaceRosterBodySchema = Type.Object({
  students: Type.Array(RosterEntrySchema, { maxItems: MAX_STUDENTS }),
});

export const CreatedClassSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  tokens: BoardTokensSchema,
  students: Type.Array(StudentSchema),
});

export const ClassBoardSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  task: Type.String(),
  createdAt: Type.Number(),
});

export const ClassViewSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  /** What the link in hand may do with the class. */
  role: Type.Union([Type.Literal('owner'), Type.Literal('editor'), Type.Literal('viewer')]),
  students: Type.Array(StudentSchema),
  boards: Type.Array(ClassBoardSchema),
});
export type ClassView = Static<typeof ClassViewSchema>;

export const CreateClassBoardBodySchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  task: Type.Optional(Type.String({ maxLength: 5000 })),
  /** As for a board on its own (shared/templates.ts). */
  template: Type.Optional(Type.Enum(BOARD_TEMPLATES)),
  language: Type.Optional(Type.Enum(TEMPLATE_LANGUAGES)),
});

export const CreatedClassBoardSchema = Type.Object({ id: Type.String(), title: Type.String(), tokens: BoardTokensSchema });

export const PAPER_SIZES = ['letter', 'a4'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export const CoverSheetsQuerySchema = Type.Object({
  paper: Type.Optional(Type.Union(PAPER_SIZES.map((paper) => Type.Literal(paper)))),
  token: Type.Optional(Type.String()),
});

/** A name as a person compares it: Unicode-normalised, trimmed, single spaces, any case. */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase();
}

/** A roster entry as stored: the name tidied, an empty id dropped (and no `studentId`: the server assigns those). */
export function cleanEntry(entry: RosterEntry): RosterEntry {
  const name = entry.name.normalize('NFC').trim().replace(/\s+/g, ' ');
  const id = entry.id?.trim();
  return id ? { name, id } : { name };
}

/**
 * The new roster, each student keeping the `studentId` they had when the entry names it (a row
 * edited on the class page), else the same school id, else the same name, was on the old roster;
 * anyone new gets `newStudentId()`. Matching by id comes before the name so that a renamed student
 * (a corrected spelling, a preferred name) keeps their history. Each old student is kept by at
 * most one new entry; a `studentId` the old roster does not have is ignored.
 */
export function replaceRoster(previous: readonly Student[], entries: readonly RosterEntry[], newStudentId: () => string): Student[] {
  const byStudentId = new Map(previous.map((student) => [student.studentId, student]));
  const byId = new Map<string, Student>();
  const byName = new Map<string, Student[]>();
  for (const student of previous) {
    if (student.id) byId.set(student.id, student);
    const key = nameKey(student.name);
    byName.set(key, [...(byName.get(key) ?? []), student]);
  }
  const taken = new Set<string>();
  const cleaned = entries.map(cleanEntry);
  // Passes: every match by studentId, then by school id, is settled before any by name can take that student.
  const kept: (Student | undefined)[] = entries.map((entry) => {
    const named = entry.studentId ? byStudentId.get(entry.studentId) : undefined;
    if (named && !taken.has(named.studentId)) {
      taken.add(named.studentId);
      return named;
    }
    return undefined;
  });
  cleaned.forEach((entry, index) => {
    if (kept[index] || !entry.id) return;
    const match = byId.get(entry.id);
    if (match && !taken.has(match.studentId)) {
      taken.add(match.studentId);
      kept[index] = match;
    }
  });
  return cleaned.map((entry, index) => {
    let match = kept[index];
    if (!match) {
      match = (byName.get(nameKey(entry.name)) ?? []).find(
        (student) => !taken.has(student.studentId) && (!entry.id || !student.id || entry.id === student.id),
      );
      if (match) taken.add(match.studentId);
    }
    const studentId = match?.studentId ?? newStudentId();
    return entry.id ? { studentId, name: entry.name, id: entry.id } : { studentId, name: entry.name };
  });
}

/**
 * The text of a cover sheet's QR code. It names the class and the student and nothing else: no
 * name (a photo of a cover sheet must not leak one) and no token (a code grants nothing).
 */
const COVER_CODE = /^WS1:C:([0-9a-z]{1,64}):S:([0-9a-z]{1,64})$/;

export function coverCode(classId: string, studentId: string): string {
  return `WS1:C:${classId}:S:${studentId}`;
}

export function parseCoverCode(text: string): { classId: string; studentId: string } | null {
  const match = COVER_CODE.exec(text.trim());
  return match ? { classId: match[1] as string, studentId: match[2] as string } : null;
}

/** A board's class and roster, for naming its cards ("Who is this?"). */
export const BoardRosterSchema = Type.Object({
  classId: Type.String(),
  title: Type.String(),
  students: Type.Array(StudentSchema),
});
export type BoardRoster = Static<typeof BoardRosterSchema>;

/** What was read in a card's name region, and the roster's students it may name, best first. */
export const NameReadingSchema = Type.Object({
  cardId: Type.String(),
  text: Type.String(),
  suggestions: Type.Array(Type.Object({ studentId: Type.String(), name: Type.String(), score: Type.Number() })),
});
export type NameReading = Static<typeof NameReadingSchema>;
