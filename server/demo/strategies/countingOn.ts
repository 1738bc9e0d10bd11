// Counting on by ones from the first number, keeping track of the count with tally marks.

import { between, chance, pick } from '../random.js';
import { loopAround, tallyMarks } from '../sketch.js';
import { ADDENDS, type StrategyDrawing } from './common.js';

export const drawCountingOn: StrategyDrawing = (pencil, area, correct) => {
  const { random } = pencil;
  const size = pencil.hand.size;
  const { first, second } = ADDENDS;
  // Slips: counting the starting number as "one", or skipping a number while writing the list.
  const mistake = correct ? 'none' : pick(random, ['counted-start', 'skipped-one'] as const);
  const skipped = first + Math.round(between(random, 8, 18));
  const numbers: number[] = [];
  for (let value = mistake === 'counted-start' ? first : first + 1; numbers.length < second; value++) {
    if (mistake === 'skipped-one' && value === skipped) continue;
    numbers.push(value);
  }
  const answer = numbers[numbers.length - 1] ?? first;

  const separator = chance(random, 0.75) ? ',' : '';
  const circleStart = mistake !== 'counted-start' && chance(random, 0.6);
  const withTallies = chance(random, 0.75);
  const withWords = chance(random, 0.4);
  const spacing = between(random, 1.7, 2.1);
  const gaps = numbers.map(() => between(random, 0.75, 1.1));
  const left = area.left + between(random, 20, 90);
  const right = area.right - between(random, 20, 120);
  const top = area.top + size * between(random, 1.4, 2.2);
  const texts = numbers.map((value, index) => (index < numbers.length - 1 ? `${value}${separator}` : String(value)));

  // The start is written first, then the count goes on from there. A child who counts the start
  // as "one" has it as the first number of the count instead.
  const start = mistake === 'counted-start' ? [] : [String(first)];
  const layout = (scale: number) => {
    const rowHeight = size * scale * spacing;
    let x = left;
    let baseline = top;
    const places = [...start, ...texts].map((text, index) => {
      const width = pencil.measure(text, scale);
      if (x + width > right) {
        x = left;
        baseline += rowHeight;
      }
      const place = { text, x, baseline };
      x += width + size * scale * (index < start.length ? 1 : (gaps[index - start.length] ?? 1));
      return place;
    });
    const bottom = baseline + rowHeight * ((withTallies ? 1.3 : 0) + 1.5 + (withWords ? 1.2 : 0));
    return { places, rowHeight, bottom };
  };
  // Big writers squeeze the list smaller so everything still fits in the box.
  let scale = between(random, 0.78, 0.92);
  let planned = layout(scale);
  while (planned.bottom > area.bottom - 10 && scale > 0.45) {
    scale *= 0.92;
    planned = layout(scale);
  }

  let last = { x: left, y: top };
  for (const [index, place] of planned.places.entries()) {
    const width = pencil.write(place.text, place.x, place.baseline, scale);
    const number = place.text.replace(',', '');
    const center = { x: place.x + pencil.measure(number, scale) / 2, y: place.baseline - size * scale * 0.5 };
    if (index === 0 && circleStart) pencil.draw(loopAround(random, center, width * 0.8, size * scale * 0.85));
    last = center;
  }
  pencil.draw(loopAround(random, last, size * scale * 0.95, size * scale * 0.85));

  const rowHeight = planned.rowHeight;
  let baseline = planned.places[planned.places.length - 1]?.baseline ?? top;
  if (withTallies) {
    baseline += rowHeight * 1.3;
    const tallies = tallyMarks(random, left + size * 0.2, baseline, second, size * 0.8);
    pencil.draw(...tallies.strokes);
    pencil.write(`= ${second}`, left + tallies.width + size * 0.9, baseline, 0.85);
  }
  baseline += rowHeight * 1.5;
  pencil.write(`${first} + ${second} = ${answer}`, left + between(random, 0, 100), baseline, 1, area.right);
  if (withWords) pencil.write(`I counted on ${second}`, left + between(random, 0, 100), baseline + rowHeight * 1.2, 0.8, area.right);
  return answer;
};
