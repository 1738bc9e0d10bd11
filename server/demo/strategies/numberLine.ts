// An open number line: start at the first number, jump by parts of the second, label landings.

import { between, chance, pick } from '../random.js';
import { arrowHead, freehandLine, jumpArc } from '../sketch.js';
import { ADDENDS, onesOf, type StrategyDrawing, tensOf, upToNextTen } from './common.js';

function jumpPlans(): number[][] {
  const { first, second } = ADDENDS;
  const tens = tensOf(second);
  const ones = onesOf(second);
  const bridge = upToNextTen(first + tens);
  return [
    [tens, ones], // 48 → 68 → 75
    [...Array.from({ length: tens / 10 }, () => 10), ones], // tens one at a time
    [upToNextTen(first), second - upToNextTen(first)], // to a friendly ten first
    [tens, bridge, ones - bridge], // tens, then bridge through 70
  ];
}

export const drawNumberLine: StrategyDrawing = (pencil, area, correct) => {
  const { random } = pencil;
  const size = pencil.hand.size;
  const { first, second } = ADDENDS;
  // Typical slips: jumping 5 instead of 7, or landing one off when counting the last jump.
  const mistake = correct ? 'none' : pick(random, ['short-jump', 'off-by-one'] as const);
  const jumps =
    mistake === 'short-jump'
      ? [tensOf(second), onesOf(second) - 2]
      : mistake === 'off-by-one'
        ? [tensOf(second), onesOf(second)]
        : pick(random, jumpPlans());
  const landings: number[] = [first];
  for (const jump of jumps) landings.push((landings[landings.length - 1] ?? first) + jump);
  if (mistake === 'off-by-one') landings[landings.length - 1] = (landings[landings.length - 1] ?? 0) - 1;

  // Open number lines are not to scale, but bigger jumps do get wider humps.
  const widths = jumps.map((jump) => 40 + 48 * Math.sqrt(jump));
  const available = area.right - area.left - 220;
  const scale = (between(random, 0.6, 0.9) * available) / widths.reduce((sum, width) => sum + width, 0);
  const startX = area.left + between(random, 90, 150);
  const lineY = area.top + size * between(random, 4.2, 5.5);
  const ticks = [startX];
  for (const width of widths) ticks.push((ticks[ticks.length - 1] ?? startX) + width * scale);
  const endX = ticks[ticks.length - 1] ?? startX;

  const lineFrom = { x: startX - between(random, 30, 80), y: lineY + between(random, -4, 4) };
  const lineTo = { x: endX + between(random, 40, 100), y: lineY + between(random, -4, 4) };
  pencil.draw(freehandLine(random, lineFrom, lineTo, 1.6));
  if (chance(random, 0.6)) {
    pencil.draw(...arrowHead(random, lineTo, 0, size * 0.35), ...arrowHead(random, lineFrom, Math.PI, size * 0.35));
  }
  const yAt = (x: number): number => lineFrom.y + ((lineTo.y - lineFrom.y) * (x - lineFrom.x)) / (lineTo.x - lineFrom.x);

  ticks.forEach((x, index) => {
    pencil.draw(freehandLine(random, { x, y: yAt(x) - size * 0.3 }, { x, y: yAt(x) + size * 0.3 }, 0.5));
    pencil.writeCentered(String(landings[index]), x, yAt(x) + size * 1.55, 0.85);
  });
  jumps.forEach((jump, index) => {
    const from = ticks[index] ?? startX;
    const to = ticks[index + 1] ?? endX;
    const height = Math.min((to - from) * between(random, 0.35, 0.5), size * 2.6);
    pencil.draw(...jumpArc(random, { x: from + 4, y: yAt(from) - size * 0.3 }, { x: to - 3, y: yAt(to) - size * 0.3 }, height));
    pencil.writeCentered(`+${jump}`, (from + to) / 2, yAt(from) - size * 0.55 - height, 0.8);
  });

  const answer = landings[landings.length - 1] ?? first;
  const equationBaseline = lineY + size * between(random, 4, 5);
  pencil.write(`${first} + ${second} = ${answer}`, area.left + between(random, 20, 160), equationBaseline, 1, area.right);
  if (chance(random, 0.35)) {
    pencil.write(`I jumped ${jumps.join(' and ')}`, area.left + between(random, 20, 160), equationBaseline + size * 2, 0.8, area.right);
  }
  return answer;
};
