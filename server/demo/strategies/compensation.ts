// Compensation: make one number friendly (48 → 50) and make up for it elsewhere.

import { between, chance, pick } from '../random.js';
import { freehandArrow, freehandLine } from '../sketch.js';
import { ADDENDS, type StrategyDrawing, upToNextTen } from './common.js';

type Way = 'give-and-take' | 'round-then-adjust' | 'split-second' | 'arrows';

export const drawCompensation: StrategyDrawing = (pencil, area, correct) => {
  const { random } = pencil;
  const size = pencil.hand.size;
  const { first, second } = ADDENDS;
  const give = upToNextTen(first);
  const friendly = first + give;
  const sum = first + second;
  // The typical slip: rounding 48 up to 50, then adjusting the wrong way (77 + 2).
  const way: Way = correct ? pick(random, ['give-and-take', 'round-then-adjust', 'split-second', 'arrows'] as const) : 'round-then-adjust';
  const left = area.left + between(random, 20, 140);
  const lineHeight = size * between(random, 2.1, 2.7);
  let baseline = area.top + size * between(random, 1.5, 2.5);
  const nextLine = (): number => {
    baseline += lineHeight;
    return baseline;
  };

  // Some children say in words what they did; it is often the clearest sign of the strategy.
  const explain = (words: string): void => {
    if (chance(random, 0.5)) pencil.write(words, left + between(random, -10, 60), nextLine() + size * 0.2, 0.8, area.right);
  };

  if (way === 'give-and-take') {
    pencil.write(`${first} + ${give} = ${friendly}`, left, baseline);
    pencil.write(`${second} - ${give} = ${second - give}`, left, nextLine());
    pencil.write(`${friendly} + ${second - give} = ${sum}`, left, nextLine());
    explain(`I gave ${give} to ${first}`);
    return sum;
  }
  if (way === 'round-then-adjust') {
    const answer = correct ? sum : friendly + second + give;
    pencil.write(`${first} + ${second}`, left, baseline);
    pencil.write(`${friendly} + ${second} = ${friendly + second}`, left, nextLine());
    pencil.write(`${friendly + second} ${correct ? '-' : '+'} ${give} = ${answer}`, left, nextLine());
    explain(correct ? `I added ${give} too many` : `add the ${give} back`);
    return answer;
  }
  if (way === 'split-second') {
    // 27 broken into 2 and 25 with two branches, so 48 can become 50.
    const start = pencil.measure(`${first} + `);
    pencil.write(`${first} + ${second}`, left, baseline);
    const center = left + start + pencil.measure(String(second)) / 2;
    const branchTop = baseline + size * 0.35;
    const branchBottom = branchTop + size * 1.1;
    pencil.draw(freehandLine(random, { x: center - 5, y: branchTop }, { x: center - size * 0.9, y: branchBottom }, 0.8));
    pencil.draw(freehandLine(random, { x: center + 5, y: branchTop }, { x: center + size * 0.9, y: branchBottom }, 0.8));
    const partsBaseline = branchBottom + size * 1.1;
    pencil.writeCentered(String(give), center - size * 1.1, partsBaseline, 0.9);
    pencil.writeCentered(String(second - give), center + size * 1.3, partsBaseline, 0.9);
    baseline = partsBaseline + size * 0.3;
    pencil.write(`${first} + ${give} = ${friendly}`, left, nextLine());
    pencil.write(`${friendly} + ${second - give} = ${sum}`, left, nextLine());
    explain(`I broke ${second} into ${give} and ${second - give}`);
    return sum;
  }
  // Arrows with the change written over them: 48 → 50, 27 → 25.
  const pairs: [number, number, string][] = [
    [first, friendly, `+${give}`],
    [second, second - give, `-${give}`],
  ];
  for (const [from, to, change] of pairs) {
    const width = pencil.write(String(from), left, baseline);
    const arrowFrom = { x: left + width + size * 0.4, y: baseline - size * 0.45 };
    const arrowTo = { x: arrowFrom.x + size * 1.8, y: arrowFrom.y + between(random, -4, 4) };
    pencil.draw(...freehandArrow(random, arrowFrom, arrowTo, size * 0.3));
    pencil.writeCentered(change, (arrowFrom.x + arrowTo.x) / 2, arrowFrom.y - size * 0.35, 0.7);
    pencil.write(String(to), arrowTo.x + size * 0.4, baseline);
    nextLine();
  }
  pencil.write(`${friendly} + ${second - give} = ${sum}`, left, baseline);
  explain(`${friendly} is easier`);
  return sum;
};
