// The standard algorithm: the numbers stacked in columns, a line, and a carried 1 over the tens.

import { between, chance, pick } from '../random.js';
import { freehandLine } from '../sketch.js';
import { ADDENDS, onesOf, type StrategyDrawing } from './common.js';

export const drawStandardAlgorithm: StrategyDrawing = (pencil, area, correct) => {
  const { random } = pencil;
  const size = pencil.hand.size;
  const { first, second } = ADDENDS;
  const onesSum = onesOf(first) + onesOf(second);
  const carry = onesSum >= 10 ? 1 : 0;
  const tensSum = Math.floor(first / 10) + Math.floor(second / 10);
  // Forgetting the carry, or writing the whole 15 under the ones, are the classic slips.
  const mistake = correct ? 'none' : pick(random, ['forgot-carry', 'wrote-fifteen'] as const);

  let top = area.top + size * between(random, 1.2, 2);
  if (chance(random, 0.4)) {
    pencil.write(`${first} + ${second} =`, area.left + between(random, 20, 100), top);
    top += size * 1.8;
  }
  const big = between(random, 1.3, 1.6);
  const digit = size * big * 0.75;
  const tensX = area.left + between(random, 160, 320);
  const onesX = tensX + digit;
  const row1 = top + size * big * 1.6;
  const row2 = row1 + size * big * 1.45;

  if (carry && mistake === 'none') pencil.write('1', tensX + size * 0.1, row1 - size * big * 1.2, 0.75);
  pencil.write(String(Math.floor(first / 10)), tensX, row1, big);
  pencil.write(String(onesOf(first)), onesX, row1, big);
  pencil.write('+', tensX - digit * 1.25, row2, big * 0.9);
  pencil.write(String(Math.floor(second / 10)), tensX, row2, big);
  pencil.write(String(onesOf(second)), onesX, row2, big);
  const ruleY = row2 + size * big * 0.4;
  pencil.draw(
    freehandLine(
      random,
      { x: tensX - digit * 1.5, y: ruleY },
      { x: onesX + digit * between(random, 1.2, 1.8), y: ruleY + between(random, -5, 5) },
      1.2,
    ),
  );

  const row3 = ruleY + size * big * 1.35;
  let answer: number;
  if (mistake === 'wrote-fifteen') {
    answer = Number(`${tensSum}${onesSum}`);
    pencil.write(String(tensSum), tensX, row3, big);
    pencil.write(String(onesSum), onesX - digit * 0.1, row3, big);
  } else {
    const tens = tensSum + (mistake === 'forgot-carry' ? 0 : carry);
    answer = tens * 10 + (onesSum % 10);
    pencil.write(String(tens), tensX, row3, big);
    pencil.write(String(onesSum % 10), onesX, row3, big);
  }

  // Some children write the column facts beside the sum.
  if (chance(random, 0.55)) {
    const onesFact = `${onesOf(first)} + ${onesOf(second)} = ${onesSum}`;
    const tensFact = `${Math.floor(first / 10)} + ${Math.floor(second / 10)} + ${carry} = ${tensSum + carry}`;
    const widest = Math.max(pencil.measure(onesFact, 0.85), mistake === 'none' ? pencil.measure(tensFact, 0.85) : 0);
    const noteX = Math.min(onesX + size * between(random, 3, 4.5), area.right - widest * 1.08 - size * 0.3);
    pencil.write(onesFact, noteX, row1, 0.85);
    if (mistake === 'none') pencil.write(tensFact, noteX, row2, 0.85);
  }
  return answer;
};
