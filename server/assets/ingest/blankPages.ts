// What blank pages mean in a scanned stack without cover sheets: the blank backs of a duplex
// scan are left out, a blank sheet may separate one student's pages from the next (when the
// teacher says so), and a student whose pages are all blank handed in no work (a card for the
// "No work shown" pile, never dropped).
import type { SourceFile, StudentGroup } from './grouping.js';

/** A duplex scan: most of its backs (every second page) are blank. */
const DUPLEX_BLANK_BACKS = 0.75;

/**
 * A file's pages without the blank backs of a duplex scan. Only backs (pages 2, 4, …) of a file
 * that looks duplex are dropped: a blank front is a sheet a student handed in.
 */
export function withoutBlankBacks<P extends { blank: boolean }>(pages: readonly P[]): { pages: P[]; dropped: number } {
  if (pages.length < 2 || pages.length % 2 !== 0) return { pages: [...pages], dropped: 0 };
  const backs = pages.filter((_, index) => index % 2 === 1);
  const blankBacks = backs.filter((page) => page.blank).length;
  if (blankBacks < backs.length * DUPLEX_BLANK_BACKS) return { pages: [...pages], dropped: 0 };
  const kept = pages.filter((page, index) => !(index % 2 === 1 && page.blank));
  return { pages: kept, dropped: pages.length - kept.length };
}

/**
 * Students' groups split at blank separator sheets, files in the order sent: a run of blank pages
 * ends one student's pages, and the next page of work starts the next student's.
 */
export function splitAtBlankSeparators<P extends { blank: boolean }>(
  files: readonly SourceFile<P>[],
): { groups: StudentGroup<P>[]; separators: number } {
  const groups: StudentGroup<P>[] = [];
  let separators = 0;
  let current: StudentGroup<P> | null = null;
  for (const file of files) {
    for (const page of file.pages) {
      if (page.blank) {
        separators++;
        current = null;
        continue;
      }
      if (!current) {
        current = { student: file.pages.length === 1 ? file.label : '', pages: [] };
        groups.push(current);
      }
      current.pages.push(page);
    }
  }
  return { groups, separators };
}
