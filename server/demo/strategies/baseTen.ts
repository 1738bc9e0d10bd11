// Base-ten sketches: sticks for tens, dots or little squares for ones, both numbers drawn, then
// the ones put together and ten of them looped and traded for a new ten.

import type { Point } from '../font.js';
import type { Pencil } from '../pencil.js';
import { between, chance, pick } from '../random.js';
import { filledDot, freehandArrow, freehandLine, freehandSquare, loopAround } from '../sketch.js';
import { ADDENDS, onesOf, type StrategyDrawing, tensOf } from './common.js';

interface BlockLook {
  rod: 'stick' | 'ladder';
  unit: 'dot' | 'square';
}

function drawRod(pencil: Pencil, look: BlockLook, x: number, top: number, length: number): void {
  const { random } = pencil;
  const lean = between(random, -3, 3);
  if (look.rod === 'stick') {
    pencil.draw(freehandLine(random, { x: x + lean, y: top }, { x, y: top + length }, 0.8));
    return;
  }
  const width = pencil.hand.size * 0.3;
  pencil.draw(
    freehandLine(random, { x: x + lean, y: top }, { x, y: top + length }, 0.7),
    freehandLine(random, { x: x + width + lean, y: top }, { x: x + width, y: top + length }, 0.7),
    freehandLine(random, { x: x + lean, y: top }, { x: x + width + lean, y: top }, 0.4),
    freehandLine(random, { x, y: top + length }, { x: x + width, y: top + length }, 0.4),
  );
  // Children draw a few rungs, rarely all nine.
  const rungs = Math.round(between(random, 3, 9));
  for (let rung = 1; rung <= rungs; rung++) {
    const y = top + (length * rung) / (rungs + 1);
    pencil.draw(freehandLine(random, { x, y }, { x: x + width, y: y + between(random, -2, 2) }, 0.3));
  }
}

function drawUnit(pencil: Pencil, look: BlockLook, center: Point): void {
  const size = pencil.hand.size;
  if (look.unit === 'dot') pencil.draw(filledDot(pencil.random, center, size * 0.14));
  else pencil.draw(freehandSquare(pencil.random, { x: center.x - size * 0.16, y: center.y - size * 0.16 }, size * 0.32));
}

/**
 * Sticks, then ones laid out `perRow` across. With `tenApart`, ones after the tenth start a little
 * lower, the way children keep a finished ten separate. Returns where each one went.
 */
function drawNumber(
  pencil: Pencil,
  look: BlockLook,
  left: number,
  top: number,
  tens: number,
  ones: number,
  layout: { perRow: number; tenApart: boolean },
): { width: number; units: Point[] } {
  const { random } = pencil;
  const size = pencil.hand.size;
  const rodLength = size * 3;
  const rodGap = size * (look.rod === 'ladder' ? 0.55 : 0.42);
  for (let rod = 0; rod < tens; rod++) {
    drawRod(pencil, look, left + rod * rodGap + between(random, -2, 2), top + between(random, -3, 3), rodLength);
  }
  const unitsLeft = left + tens * rodGap + size * 0.5;
  const cell = size * 0.6;
  const units: Point[] = [];
  for (let unit = 0; unit < ones; unit++) {
    const gap = layout.tenApart && unit >= 10 ? size * 0.4 : 0;
    const center = {
      x: unitsLeft + (unit % layout.perRow) * cell + between(random, -3, 3),
      y: top + size * 0.3 + Math.floor(unit / layout.perRow) * cell + gap + between(random, -3, 3),
    };
    drawUnit(pencil, look, center);
    units.push(center);
  }
  return { width: unitsLeft - left + Math.min(ones, layout.perRow) * cell, units };
}

export const drawBaseTen: StrategyDrawing = (pencil, area, correct) => {
  const { random } = pencil;
  const size = pencil.hand.size;
  const { first, second } = ADDENDS;
  const look: BlockLook = { rod: pick(random, ['stick', 'stick', 'ladder'] as const), unit: pick(random, ['dot', 'square'] as const) };
  const layout = { perRow: pick(random, [2, 4]), tenApart: false };

  // Each number labelled above its picture, a plus between them.
  let x = area.left + between(random, 30, 110);
  const top = area.top + size * between(random, 1.8, 3.2);
  pencil.write(String(first), x, top - size * 0.5, 0.9);
  x += drawNumber(pencil, look, x, top, tensOf(first) / 10, onesOf(first), layout).width + size * 0.7;
  pencil.write('+', x, top + size * 1.6);
  x += size * 1.4;
  pencil.write(String(second), x, top - size * 0.5, 0.9);
  drawNumber(pencil, look, x, top, tensOf(second) / 10, onesOf(second), layout);

  // All together: the tens, then the ones in rows of five so a group of ten stands out.
  const tens = (tensOf(first) + tensOf(second)) / 10;
  const ones = onesOf(first) + onesOf(second);
  const combinedLeft = area.left + between(random, 30, 110);
  const combinedTop = top + size * between(random, 5, 5.8);
  const combined = drawNumber(pencil, look, combinedLeft, combinedTop, tens, ones, { perRow: 5, tenApart: correct });
  const textBaseline = combinedTop + size * between(random, 4.6, 5.4);
  const textLeft = area.left + between(random, 30, 140);

  if (!correct) {
    // Sees "6 tens 15 ones" and writes the digits side by side, or drops the extra ten.
    const answer = chance(random, 0.5) ? Number(`${tens}${ones}`) : tens * 10 + (ones % 10);
    const written = pencil.write(`${tens} tens ${ones} ones`, textLeft, textBaseline, 0.9, area.right - size * 3);
    pencil.write(`= ${answer}`, textLeft + written + size * 0.6, textBaseline);
    return answer;
  }

  const ten = combined.units.slice(0, 10);
  const xs = ten.map((point) => point.x);
  const ys = ten.map((point) => point.y);
  const center = { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 };
  const radiusX = (Math.max(...xs) - Math.min(...xs)) / 2 + size * 0.4;
  const radiusY = (Math.max(...ys) - Math.min(...ys)) / 2 + size * 0.32;
  pencil.draw(loopAround(random, center, radiusX, radiusY));
  const arrowFrom = { x: combinedLeft + combined.width + size * 0.5, y: center.y };
  const arrowTo = { x: arrowFrom.x + size * 1.6, y: center.y + between(random, -6, 6) };
  pencil.draw(...freehandArrow(random, arrowFrom, arrowTo, size * 0.3));
  pencil.write('1 ten', arrowTo.x + size * 0.3, center.y + size * 0.4, 0.8);

  const answer = first + second;
  const words = pencil.write(`${tens + 1} tens ${ones - 10} ones`, textLeft, textBaseline, 0.9, area.right - size * 3);
  pencil.write(`= ${answer}`, textLeft + words + size * 0.6, textBaseline);
  return answer;
};
