// The printed worksheet every child gets: name and date lines, the task, a box to work in and an
// answer line. Positions are in layout pixels of a US Letter page at 150 dpi.

import type { Stroke } from './font.js';
import { printedHand, writeText } from './handwriting.js';
import { createRandom } from './random.js';
import type { WorkArea } from './strategies/index.js';

export const PAGE = { width: 1275, height: 1650 } as const;

export const NAME_LINE = { left: 205, right: 720, baseline: 136 } as const;
export const ANSWER_LINE = { left: 255, right: 650, baseline: 1480 } as const;
export const WORK_AREA: WorkArea = { left: 120, top: 320, right: 1150, bottom: 1370 };
const WORK_BOX = { left: 95, top: 290, right: 1180, bottom: 1395 } as const;

/**
 * The band across the top of every page that holds the child's name, as fractions of the page
 * height. It allows for the scan's tilt; the printed task starts below it, so masking the band
 * hides the name and nothing of the work.
 */
export const NAME_BAND = { top: 0, bottom: 0.12 } as const;

export interface Worksheet {
  /** Printed text, drawn like a clean monoline typeface. */
  print: Stroke[];
  /** Printed rules: name, date and answer lines and the work box. */
  rules: Stroke[];
}

function straight(fromX: number, fromY: number, toX: number, toY: number): Stroke {
  return [
    { x: fromX, y: fromY },
    { x: toX, y: toY },
  ];
}

export function printWorksheet(task: string): Worksheet {
  // Print has no jitter, so this randomness is never used for anything visible.
  const random = createRandom(0);
  const label = printedHand(27);
  const print: Stroke[] = [
    ...writeText(random, label, 'Name:', 95, NAME_LINE.baseline).strokes,
    ...writeText(random, label, 'Date:', 790, NAME_LINE.baseline).strokes,
    ...writeText(random, printedHand(31), task, 95, 260).strokes,
    ...writeText(random, label, 'Answer:', 95, ANSWER_LINE.baseline).strokes,
    ...writeText(random, printedHand(17), 'Grade 2 · Unit 4 · Adding two-digit numbers', 95, 1590).strokes,
  ];
  const rules: Stroke[] = [
    straight(NAME_LINE.left, NAME_LINE.baseline + 6, NAME_LINE.right, NAME_LINE.baseline + 6),
    straight(880, NAME_LINE.baseline + 6, 1180, NAME_LINE.baseline + 6),
    straight(ANSWER_LINE.left, ANSWER_LINE.baseline + 6, ANSWER_LINE.right, ANSWER_LINE.baseline + 6),
    [
      { x: WORK_BOX.left, y: WORK_BOX.top },
      { x: WORK_BOX.right, y: WORK_BOX.top },
      { x: WORK_BOX.right, y: WORK_BOX.bottom },
      { x: WORK_BOX.left, y: WORK_BOX.bottom },
      { x: WORK_BOX.left, y: WORK_BOX.top },
    ],
  ];
  return { print, rules };
}
