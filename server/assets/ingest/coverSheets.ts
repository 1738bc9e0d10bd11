// Cover sheets in an upload to a class's board (README, "Classes"): a page showing one of the
// class's cover-sheet codes starts that student's card, and the pages after it, up to the next
// cover sheet, are that card's pages. Pages before the first cover sheet are grouped as without
// cover sheets. The codes are read in the ingest workers (coverCodes.ts).
import { type IngestPool, TaskTimeout } from './pool.js';

export interface CoverStudent {
  studentId: string;
  name: string;
}

export interface CoverSheetOptions {
  /** The student a code's text names, when it is a cover sheet of this board's class. */
  match(text: string): CoverStudent | null;
  /** A stored page's medium size, for pages of this upload that were stored before. */
  readStored(assetId: string): Promise<Buffer | null>;
}

/** Reading one page's codes takes well under a second; a page that takes longer has none we want. */
const READ_TIMEOUT_MS = 10_000;

/**
 * The student whose cover sheet `image` (a stored page size) shows, or null. A page that cannot be
 * read for codes is a page of work: the worst case is a card that starts one sheet late.
 */
export async function coverStudentOf(image: Buffer | null, pool: IngestPool, options: CoverSheetOptions): Promise<CoverStudent | null> {
  if (!image) return null;
  let texts: string[];
  try {
    const result = await pool.run(
      { kind: 'qrCodes', image: new Uint8Array(image.buffer, image.byteOffset, image.byteLength) },
      READ_TIMEOUT_MS,
    );
    if (!result.ok || result.kind !== 'qrCodes') return null;
    texts = result.texts;
  } catch (error) {
    if (error instanceof TaskTimeout) return null;
    throw error;
  }
  for (const text of texts) {
    const student = options.match(text);
    if (student) return student;
  }
  return null;
}

export interface CoverPage {
  /** Set on a cover sheet: the student it names. */
  cover?: CoverStudent | null;
  blank: boolean;
}

export interface CoverSplit<P> {
  /** The files' pages before the first cover sheet, for the grouping without cover sheets. */
  before: { fileIndex: number; pages: P[] }[];
  /** One card per cover sheet, in order: the student and their pages, blank backs left out. */
  students: { student: CoverStudent; pages: P[]; blankPages: P[] }[];
  /** Cover sheets and the blank backs dropped, for the answer's count. */
  droppedPages: number;
}

/**
 * Splits the upload's pages (files in the order sent, pages in file order) at cover sheets. Null
 * when no page is a cover sheet: the upload is grouped as without cover sheets.
 */
export function splitAtCoverSheets<P extends CoverPage>(files: readonly { pages: readonly P[] }[]): CoverSplit<P> | null {
  const before: CoverSplit<P>['before'] = [];
  const students: CoverSplit<P>['students'] = [];
  let droppedPages = 0;
  let current: CoverSplit<P>['students'][number] | null = null;
  files.forEach((file, fileIndex) => {
    for (const page of file.pages) {
      if (page.cover) {
        current = { student: page.cover, pages: [], blankPages: [] };
        students.push(current);
        droppedPages++;
      } else if (current) {
        // A blank page after a cover sheet is the back of a sheet scanned on both sides.
        if (page.blank) current.blankPages.push(page);
        else current.pages.push(page);
      } else {
        const last = before[before.length - 1];
        if (last?.fileIndex === fileIndex) last.pages.push(page);
        else before.push({ fileIndex, pages: [page] });
      }
    }
  });
  if (students.length === 0) return null;
  for (const one of students) if (one.pages.length > 0) droppedPages += one.blankPages.length;
  return { before, students, droppedPages };
}

/**
 * The cards of an upload split at cover sheets: pages before the first cover sheet grouped as
 * without cover sheets (`groupBefore`), then one card per cover sheet named from the roster. A
 * student whose every page is blank still gets a card, marked as showing no work; a cover sheet
 * followed at once by another has no pages to show and makes no card.
 */
export function cardsFromCoverSplit<P extends CoverPage, C>(
  split: CoverSplit<P>,
  groupBefore: (before: CoverSplit<P>['before']) => { cards: C[]; skippedBlankPages: number },
  card: (student: CoverStudent, pages: P[], noWorkShown: boolean) => C,
): { cards: C[]; skippedBlankPages: number } {
  const first = split.before.length > 0 ? groupBefore(split.before) : { cards: [], skippedBlankPages: 0 };
  const named = split.students.flatMap(({ student, pages, blankPages }) => {
    if (pages.length > 0) return [card(student, pages, false)];
    return blankPages.length > 0 ? [card(student, blankPages, true)] : [];
  });
  return { cards: [...first.cards, ...named], skippedBlankPages: first.skippedBlankPages + split.droppedPages };
}
