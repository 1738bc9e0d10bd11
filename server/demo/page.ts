// One child's sheet of paper as SVG: the printed worksheet, their name on the line, their work
// in the box and their answer on the answer line, in their own pencil.

import type { Stroke } from './font.js';
import type { Hand } from './handwriting.js';
import { createPencil, pathData } from './pencil.js';
import { between, chance, pick, type Random } from './random.js';
import { freehandLine, loopAround } from './sketch.js';
import { type DemoStrategy, STRATEGY_DRAWINGS } from './strategies/index.js';
import { ANSWER_LINE, NAME_LINE, PAGE, WORK_AREA, type Worksheet } from './worksheet.js';

export interface Ink {
  colour: string;
  /** Line width in layout pixels. */
  width: number;
  opacity: number;
  /** Pencil shows the paper's grain through its strokes; a pen does not. */
  graphite: boolean;
}

export interface StudentPaper {
  student: string;
  strategy: DemoStrategy;
  correct: boolean;
  hand: Hand;
  ink: Ink;
}

export interface DrawnPage {
  /** The sheet as SVG content in layout pixels (no <svg> wrapper). */
  content: string;
  answer: number;
}

function strokePath(strokes: readonly Stroke[], colour: string, width: number, opacity: number): string {
  if (strokes.length === 0) return '';
  return `<path d="${pathData(strokes)}" fill="none" stroke="${colour}" stroke-width="${width.toFixed(2)}" stroke-opacity="${opacity.toFixed(2)}" stroke-linecap="round" stroke-linejoin="round"/>`;
}

/** Copier paper from different reams: white, a little warm, a little grey. */
const PAPER_TINTS = ['#f6f3eb', '#f8f6f0', '#f3f1ea', '#f5f2e6', '#f1f1ee'] as const;

/** Children press harder on some strokes than others; three levels are enough to see it. */
const PRESSURES = [0.8, 0.95, 1.08] as const;

function pressed(random: Random, strokes: readonly Stroke[]): Stroke[][] {
  const groups: Stroke[][] = PRESSURES.map(() => []);
  for (const stroke of strokes) groups[Math.floor(random() * groups.length)]?.push(stroke);
  return groups;
}

export function drawStudentPage(random: Random, paper: StudentPaper, worksheet: Worksheet): DrawnPage {
  const pencil = createPencil(random, paper.hand);

  // Names are written a bit smaller than the work and must stay on the name line.
  const nameRoom = NAME_LINE.right - NAME_LINE.left - 40;
  const nameScale = Math.min(between(random, 0.8, 1), nameRoom / pencil.measure(paper.student));
  pencil.write(paper.student, NAME_LINE.left + between(random, 10, 60), NAME_LINE.baseline - between(random, 2, 8), nameScale);

  // Children start their work at different heights in the box.
  const area = { ...WORK_AREA, top: WORK_AREA.top + between(random, 0, 110) };
  const answer = STRATEGY_DRAWINGS[paper.strategy](pencil, area, paper.correct);

  // Erased first tries leave a ghost under the answer; some children box or circle the answer.
  const ghost = createPencil(random, paper.hand);
  const answerX = ANSWER_LINE.left + between(random, 20, 90);
  const answerBaseline = ANSWER_LINE.baseline - between(random, 2, 8);
  if (chance(random, 0.3)) {
    ghost.write(
      String(answer + (chance(random, 0.5) ? 10 : -10)),
      answerX + between(random, -12, 12),
      answerBaseline + between(random, -6, 6),
    );
  }
  const answerWidth = pencil.write(String(answer), answerX, answerBaseline);
  if (chance(random, 0.35)) {
    const size = paper.hand.size;
    pencil.draw(
      loopAround(random, { x: answerX + answerWidth / 2, y: answerBaseline - size * 0.5 }, answerWidth * 0.5 + size * 0.5, size * 0.85),
    );
  } else if (chance(random, 0.2)) {
    pencil.draw(
      freehandLine(random, { x: answerX - 10, y: answerBaseline + 12 }, { x: answerX + answerWidth + 14, y: answerBaseline + 10 }, 1),
    );
  }

  const { colour, width, opacity } = paper.ink;
  const content = [
    `<rect width="${PAGE.width}" height="${PAGE.height}" fill="${pick(random, PAPER_TINTS)}"/>`,
    strokePath(worksheet.rules, '#6a6a6a', 1.6, 0.9),
    strokePath(worksheet.print, '#202020', 2.3, 0.95),
    strokePath(ghost.strokes, '#8a8a8a', width * 1.4, 0.16),
    ...pressed(random, pencil.strokes).map((strokes, index) =>
      strokePath(strokes, colour, width, Math.min(1, opacity * (PRESSURES[index] ?? 1))),
    ),
  ].join('');
  return { content, answer };
}
