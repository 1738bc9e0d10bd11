// Freehand shapes children draw around their numbers: lines, jump arcs, arrows, loops around
// groups, filled dots, little squares and tally marks. All in page pixels, all a bit shaky.

import type { Point, Stroke } from './font.js';
import { between, type Random, wobble } from './random.js';

/** A line that bows and shakes a little, overshooting or stopping short at the ends. */
export function freehandLine(random: Random, from: Point, to: Point, shake = 1.5): Stroke {
  const length = Math.hypot(to.x - from.x, to.y - from.y);
  if (length < 0.5) return [from, to];
  const along = { x: (to.x - from.x) / length, y: (to.y - from.y) / length };
  const across = { x: -along.y, y: along.x };
  const start = wobble(random, shake * 1.5);
  const end = wobble(random, shake * 1.5);
  const bow = wobble(random, shake * 1.2 + length * 0.008);
  const ripple = { size: shake * 0.5, cycles: between(random, 1, 3), phase: random() * Math.PI * 2 };
  const steps = Math.max(2, Math.ceil(length / 8));
  const points: Point[] = [];
  for (let step = 0; step <= steps; step++) {
    const t = step / steps;
    const distance = -start + t * (length + start + end);
    const offset = bow * Math.sin(Math.PI * t) + ripple.size * Math.sin(ripple.phase + t * Math.PI * 2 * ripple.cycles);
    points.push({
      x: from.x + along.x * distance + across.x * offset,
      y: from.y + along.y * distance + across.y * offset,
    });
  }
  return points;
}

/** Two short strokes making an arrowhead whose tip is at `tip`, pointing along `angle`. */
export function arrowHead(random: Random, tip: Point, angle: number, size: number): Stroke[] {
  return [-1, 1].map((side) => {
    const spread = angle + Math.PI + side * between(random, 0.4, 0.6);
    const length = size * between(random, 0.8, 1.15);
    return freehandLine(random, { x: tip.x + Math.cos(spread) * length, y: tip.y + Math.sin(spread) * length }, tip, 0.6);
  });
}

export function freehandArrow(random: Random, from: Point, to: Point, headSize: number): Stroke[] {
  const shaft = freehandLine(random, from, to, 1.2);
  const tip = shaft[shaft.length - 1] ?? to;
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  return [shaft, ...arrowHead(random, tip, angle, headSize)];
}

/** A jump on a number line: a hump from one tick to the next, with an arrowhead landing. */
export function jumpArc(random: Random, from: Point, to: Point, height: number): Stroke[] {
  const steps = Math.max(8, Math.ceil(Math.abs(to.x - from.x) / 10));
  // Children lean the hump: the peak rarely sits in the middle.
  const peak = between(random, 0.4, 0.6);
  const shake = { size: between(random, 0.6, 1.6), phase: random() * Math.PI * 2 };
  const points: Point[] = [];
  for (let step = 0; step <= steps; step++) {
    const t = step / steps;
    const warped = t < peak ? (t / peak) * 0.5 : 0.5 + ((t - peak) / (1 - peak)) * 0.5;
    const lift = Math.sin(Math.PI * warped) * height;
    points.push({
      x: from.x + (to.x - from.x) * t,
      y: from.y + (to.y - from.y) * t - lift + shake.size * Math.sin(shake.phase + t * 9),
    });
  }
  const last = points[points.length - 1] ?? to;
  const before = points[points.length - 3] ?? from;
  const angle = Math.atan2(last.y - before.y, last.x - before.x);
  return [points, ...arrowHead(random, last, angle, Math.min(18, height * 0.3 + 6))];
}

/** A loose loop around a group: slightly more than one turn, never quite a clean ellipse. */
export function loopAround(random: Random, center: Point, radiusX: number, radiusY: number): Stroke {
  const start = random() * Math.PI * 2;
  const turn = Math.PI * 2 * between(random, 1.05, 1.18);
  const tilt = wobble(random, 0.06);
  const steps = 64;
  const points: Point[] = [];
  for (let step = 0; step <= steps; step++) {
    const t = step / steps;
    const angle = start + turn * t;
    // The pen drifts outward as it goes round, so the ends pass each other.
    const grow = 1 + 0.06 * t + 0.03 * Math.sin(angle * 3 + start);
    const x = Math.cos(angle) * radiusX * grow;
    const y = Math.sin(angle) * radiusY * grow;
    points.push({
      x: center.x + x * Math.cos(tilt) - y * Math.sin(tilt),
      y: center.y + x * Math.sin(tilt) + y * Math.cos(tilt),
    });
  }
  return points;
}

/** A dot coloured in with a few tight turns of the pencil. */
export function filledDot(random: Random, center: Point, radius: number): Stroke {
  const start = random() * Math.PI * 2;
  const points: Point[] = [];
  const steps = 30;
  for (let step = 0; step <= steps; step++) {
    const t = step / steps;
    const angle = start + t * Math.PI * 2 * 2.5;
    const r = radius * (1 - 0.75 * t);
    points.push({ x: center.x + Math.cos(angle) * r, y: center.y + Math.sin(angle) * r });
  }
  return points;
}

/** A small square drawn in one go, corners not quite closing. */
export function freehandSquare(random: Random, topLeft: Point, size: number): Stroke {
  const jitter = (): number => wobble(random, size * 0.08);
  const corners: Point[] = [
    { x: topLeft.x + jitter(), y: topLeft.y + jitter() },
    { x: topLeft.x + size + jitter(), y: topLeft.y + jitter() },
    { x: topLeft.x + size + jitter(), y: topLeft.y + size + jitter() },
    { x: topLeft.x + jitter(), y: topLeft.y + size + jitter() },
    { x: topLeft.x + jitter(), y: topLeft.y + size * 0.15 + jitter() },
  ];
  return corners.slice(1).flatMap((corner, index) => {
    const from = corners[index] ?? corner;
    return freehandLine(random, from, corner, 0.4).slice(index === 0 ? 0 : 1);
  });
}

/** Tally marks in gates of five (four down, one across). Returns the strokes and width used. */
export function tallyMarks(
  random: Random,
  left: number,
  baseline: number,
  count: number,
  height: number,
): { strokes: Stroke[]; width: number } {
  const gap = height * 0.28;
  const gateGap = height * 0.55;
  const strokes: Stroke[] = [];
  let x = left;
  for (let done = 0; done < count; ) {
    const inGate = Math.min(5, count - done);
    const marks = inGate === 5 ? 4 : inGate;
    const gateLeft = x;
    for (let mark = 0; mark < marks; mark++) {
      const lean = wobble(random, height * 0.08);
      strokes.push(
        freehandLine(random, { x: x + lean, y: baseline - height + wobble(random, 2) }, { x, y: baseline + wobble(random, 2) }, 0.6),
      );
      x += gap;
    }
    if (inGate === 5) {
      strokes.push(
        freehandLine(
          random,
          { x: gateLeft - gap * 0.6, y: baseline - height * 0.25 },
          { x: x - gap * 0.3, y: baseline - height * 0.75 },
          0.8,
        ),
      );
    }
    done += inGate;
    x += gateGap;
  }
  return { strokes, width: x - left - gateGap };
}
