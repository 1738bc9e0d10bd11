// A tiny single-stroke font — digits, letters, a few symbols — written as pen moves, so demo
// pages draw the same on a fresh machine with no fonts installed (SVG <text> would be blank).
//
// Units: capitals and digits run from y=0 (top) to y=10 (baseline), lowercase x-height starts at
// y=4, descenders reach y=14. Each stroke is one pen-down: `M x y`, `L x y`, `Q cx cy x y`, and
// `A cx cy rx ry from to` (an elliptical arc in degrees, 0 = right, 90 = down since y grows down).

export interface Point {
  x: number;
  y: number;
}

export type Stroke = Point[];

export interface Glyph {
  /** How far the pen moves right after this glyph, before letter spacing. */
  advance: number;
  strokes: Stroke[];
}

// Small steps so the jitter applied later bends strokes smoothly instead of at a few corners.
const LINE_STEP = 0.8;
const ARC_STEP_DEGREES = 9;
const CURVE_STEPS = 10;

const SOURCES: Record<string, readonly string[]> = {
  '0': ['A3 5 3 5 -100 268'],
  '1': ['M1.9 1.4 L3 0 L3 10'],
  '2': ['A3 3 2.8 3 -165 35 L0.2 10 L6 10'],
  '3': ['A3 2.6 2.6 2.6 -155 90', 'A3 7.6 3 2.4 -90 160'],
  '4': ['M3.8 0 L0 6.6 L5.7 6.6', 'M4.4 3 L4.4 10'],
  '5': ['M5.6 0 L1 0 L0.7 4.6 A3 6.9 3 3.1 -135 155'],
  '6': ['M5.2 0.3 Q0.6 1.6 0.3 7.2 A3 7.2 2.7 2.8 180 -175'],
  '7': ['M0 0 L6 0 L2.2 10'],
  '8': ['A3 2.6 2.3 2.6 -30 330', 'A3 7.55 2.9 2.45 -90 270'],
  '9': ['A3 3 2.8 3 5 -355 L5.4 10'],
  '+': ['M3 2.6 L3 8.6', 'M0 5.6 L6 5.6'],
  '-': ['M0.4 5.6 L5 5.6'],
  '=': ['M0 4.2 L6 4.2', 'M0 7.2 L6 7.2'],
  '.': ['A0.5 9.5 0.35 0.35 0 360'],
  ',': ['M0.8 9.2 L0.2 11.6'],
  ':': ['A0.5 5 0.35 0.35 0 360', 'A0.5 9.5 0.35 0.35 0 360'],
  '(': ['A3 5 2.5 6 -120 -240'],
  ')': ['A0 5 2.5 6 -60 60'],
  '/': ['M0 11 L4.5 -1'],
  '?': ['A2.8 2.6 2.6 2.6 -170 80 L2.8 6.8', 'A2.8 9.5 0.35 0.35 0 360'],
  '!': ['M1 0 L1 7', 'A1 9.5 0.35 0.35 0 360'],
  "'": ['M1 0 L0.8 2.6'],
  _: ['M0 10.5 L6 10.5'],
  '·': ['A0.6 6 0.4 0.4 0 360'],

  a: ['A2.6 7 2.5 3 -20 -360', 'M5.1 4.2 L5.1 10'],
  b: ['M0.3 0 L0.3 10', 'A2.8 7 2.5 3 -180 180'],
  c: ['A2.8 7 2.6 3 -40 -320'],
  d: ['A2.6 7 2.5 3 0 360', 'M5.1 0 L5.1 10'],
  e: ['M0.3 7 L5.4 7 A2.85 7 2.55 3 0 -315'],
  f: ['M4.4 0.8 Q2.4 -0.6 2 2.5 L2 10', 'M0.3 4.4 L4 4.4'],
  g: ['A2.6 7 2.5 3 -20 -360', 'M5.1 4.2 L5.1 12 Q5 14.3 2.5 14 Q1 13.8 0.4 12.8'],
  h: ['M0.3 0 L0.3 10', 'M0.3 6.5 Q1.5 4 3 4 Q5 4 5 6.5 L5 10'],
  i: ['M1 4 L1 10', 'A1 2 0.3 0.3 0 360'],
  ı: ['M1 4 L1 10'],
  j: ['M3 4 L3 12.5 Q2.8 14.3 1 14 Q0.2 13.8 0 13', 'A3 2 0.3 0.3 0 360'],
  k: ['M0.3 0 L0.3 10', 'M4.5 4 L0.3 7.5', 'M1.8 6.3 L5 10'],
  l: ['M1 0 L1 10'],
  m: ['M0.3 4 L0.3 10', 'M0.3 6 Q1 4 2.3 4 Q3.8 4 3.8 6 L3.8 10', 'M3.8 6 Q4.5 4 5.8 4 Q7.3 4 7.3 6 L7.3 10'],
  n: ['M0.3 4 L0.3 10', 'M0.3 6.3 Q1.3 4 2.8 4 Q4.8 4 4.8 6.5 L4.8 10'],
  o: ['A2.7 7 2.6 3 -90 275'],
  p: ['M0.3 4 L0.3 14', 'A2.8 7 2.5 3 -180 180'],
  q: ['A2.6 7 2.5 3 -20 -360', 'M5.1 4.2 L5.1 14'],
  r: ['M0.3 4 L0.3 10', 'M0.3 6.5 Q1.5 4 4 4.3'],
  s: ['M4.6 4.8 Q3.8 4 2.6 4 Q0.4 4 0.4 5.5 Q0.4 6.8 2.6 7 Q4.8 7.3 4.8 8.5 Q4.8 10 2.5 10 Q1 10 0.2 9.1'],
  t: ['M2 1 L2 8.8 Q2 10 3.4 10 Q4.1 10 4.5 9.6', 'M0.2 4.3 L4.2 4.3'],
  u: ['M0.3 4 L0.3 8 Q0.3 10 2.5 10 Q4.7 10 4.7 8', 'M4.7 4 L4.7 10'],
  v: ['M0 4 L2.5 10 L5 4'],
  w: ['M0 4 L1.8 10 L3.6 5 L5.4 10 L7.2 4'],
  x: ['M0.3 4 L4.7 10', 'M4.7 4 L0.3 10'],
  y: ['M0.3 4 L2.6 9.5', 'M4.9 4 L2.3 11.5 Q1.6 13.8 0 14'],
  z: ['M0.3 4 L4.7 4 L0.3 10 L4.8 10'],

  A: ['M0 10 L3.5 0 L7 10', 'M1.3 6.5 L5.7 6.5'],
  B: ['M0.5 0 L0.5 10', 'M0.5 0 L3 0 A3 2.5 2.5 2.5 -90 90 L0.5 5 L3.2 5 A3.2 7.5 2.8 2.5 -90 90 L0.5 10'],
  C: ['A3.8 5 3.7 5 -45 -315'],
  D: ['M0.5 0 L0.5 10', 'M0.5 0 L2.5 0 A2.5 5 4 5 -90 90 L0.5 10'],
  E: ['M5.5 0 L0.5 0 L0.5 10 L5.5 10', 'M0.5 5 L4.5 5'],
  F: ['M5.5 0 L0.5 0 L0.5 10', 'M0.5 5 L4.5 5'],
  G: ['A3.8 5 3.7 5 -45 -340 L7.4 5.4 L4.4 5.4'],
  H: ['M0.5 0 L0.5 10', 'M6 0 L6 10', 'M0.5 5 L6 5'],
  I: ['M0 0 L3 0', 'M1.5 0 L1.5 10', 'M0 10 L3 10'],
  J: ['M1.5 0 L5.5 0', 'M4 0 L4 7.5 Q4 10 2 10 Q0.3 10 0 8'],
  K: ['M0.5 0 L0.5 10', 'M5.5 0 L0.5 6', 'M2.2 4.2 L6 10'],
  L: ['M0.5 0 L0.5 10 L5.5 10'],
  M: ['M0.5 10 L0.8 0 L4 7 L7.2 0 L7.5 10'],
  N: ['M0.5 10 L0.5 0 L6 10 L6 0'],
  O: ['A3.8 5 3.7 5 -90 275'],
  P: ['M0.5 10 L0.5 0 L3 0 A3 2.7 2.7 2.7 -90 90 L0.5 5.4'],
  Q: ['A3.8 5 3.7 5 -90 275', 'M4.5 7.5 L7.5 10.5'],
  R: ['M0.5 10 L0.5 0 L3 0 A3 2.7 2.7 2.7 -90 90 L0.5 5.4', 'M3 5.4 L6 10'],
  S: ['M5.8 1.3 Q4.8 0 3 0 Q0.5 0 0.5 2.5 Q0.5 4.6 3 5 Q6 5.4 6 7.5 Q6 10 3 10 Q1 10 0.2 8.6'],
  T: ['M0 0 L6.5 0', 'M3.25 0 L3.25 10'],
  U: ['M0.5 0 L0.5 7 Q0.5 10 3.3 10 Q6 10 6 7 L6 0'],
  V: ['M0 0 L3.3 10 L6.6 0'],
  W: ['M0 0 L2 10 L4.3 2.5 L6.6 10 L8.6 0'],
  X: ['M0.3 0 L6 10', 'M6 0 L0.3 10'],
  Y: ['M0 0 L3.2 5 L6.4 0', 'M3.2 5 L3.2 10'],
  Z: ['M0.3 0 L6 0 L0.3 10 L6.2 10'],
};

const SPACE_ADVANCE = 4.2;

/** Accents as strokes around a letter: `center` is its middle, `top` the top of its body. */
const MARKS: Record<string, (center: number, top: number) => string[]> = {
  '\u0301': (c, t) => [`M${c - 0.6} ${t - 1.2} L${c + 1} ${t - 3.2}`], // acute: José
  '\u0300': (c, t) => [`M${c + 0.6} ${t - 1.2} L${c - 1} ${t - 3.2}`], // grave
  '\u0308': (c, t) => [`A${c - 1.2} ${t - 1.9} 0.3 0.3 0 360`, `A${c + 1.2} ${t - 1.9} 0.3 0.3 0 360`], // Zoë
  '\u0303': (c, t) => [`M${c - 1.9} ${t - 1.5} Q${c - 1} ${t - 3} ${c} ${t - 2.2} Q${c + 1} ${t - 1.4} ${c + 1.9} ${t - 2.8}`],
  '\u0302': (c, t) => [`M${c - 1.4} ${t - 1.3} L${c} ${t - 3} L${c + 1.4} ${t - 1.3}`],
  '\u030c': (c, t) => [`M${c - 1.4} ${t - 3} L${c} ${t - 1.3} L${c + 1.4} ${t - 3}`],
  '\u030a': (c, t) => [`A${c} ${t - 2.2} 0.9 0.9 0 360`],
  '\u0327': (c) => [`M${c} 10 L${c + 0.2} 11.2 Q${c + 1.6} 11.6 ${c + 0.8} 12.6 Q${c} 13 ${c - 0.6} 12.6`], // François
};

function parseStroke(source: string): Stroke {
  const tokens = source.match(/[MLAQ]|-?\d*\.?\d+(?:e-?\d+)?/g) ?? [];
  const points: Point[] = [];
  let index = 0;
  const next = (): number => Number(tokens[index++]);
  const last = (): Point => {
    const point = points[points.length - 1];
    if (!point) throw new Error(`stroke "${source}" draws before it moves`);
    return point;
  };
  while (index < tokens.length) {
    const command = tokens[index++];
    if (command === 'M') {
      points.push({ x: next(), y: next() });
    } else if (command === 'L') {
      const from = last();
      const to = { x: next(), y: next() };
      const steps = Math.max(1, Math.ceil(Math.hypot(to.x - from.x, to.y - from.y) / LINE_STEP));
      for (let step = 1; step <= steps; step++) {
        const t = step / steps;
        points.push({ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t });
      }
    } else if (command === 'Q') {
      const from = last();
      const control = { x: next(), y: next() };
      const to = { x: next(), y: next() };
      for (let step = 1; step <= CURVE_STEPS; step++) {
        const t = step / CURVE_STEPS;
        const u = 1 - t;
        points.push({
          x: u * u * from.x + 2 * u * t * control.x + t * t * to.x,
          y: u * u * from.y + 2 * u * t * control.y + t * t * to.y,
        });
      }
    } else if (command === 'A') {
      const [cx, cy, rx, ry, from, to] = [next(), next(), next(), next(), next(), next()];
      const steps = Math.max(2, Math.ceil(Math.abs(to - from) / ARC_STEP_DEGREES));
      for (let step = 0; step <= steps; step++) {
        const angle = ((from + ((to - from) * step) / steps) * Math.PI) / 180;
        points.push({ x: cx + rx * Math.cos(angle), y: cy + ry * Math.sin(angle) });
      }
    } else {
      throw new Error(`unknown pen move "${command}" in "${source}"`);
    }
  }
  return points;
}

function buildGlyph(sources: readonly string[]): Glyph {
  const strokes = sources.map(parseStroke);
  const right = Math.max(...strokes.flat().map((point) => point.x));
  return { advance: right, strokes };
}

const GLYPHS = new Map<string, Glyph>(Object.entries(SOURCES).map(([char, sources]) => [char, buildGlyph(sources)]));

export const SPACE: Glyph = { advance: SPACE_ADVANCE, strokes: [] };

/**
 * The glyph for one user-perceived character, accents included ("é" is "e" plus an acute).
 * Characters the font lacks come back as undefined so callers can decide (skip, or a box).
 */
export function glyphFor(character: string): Glyph | undefined {
  if (character === ' ') return SPACE;
  const [base = '', ...marks] = [...character.normalize('NFD')];
  // An accent replaces the dot over i and j, as people write it.
  const plainBase = marks.length > 0 && base === 'i' ? 'ı' : base;
  const glyph = GLYPHS.get(plainBase);
  if (!glyph || marks.length === 0) return glyph;
  const top = /[a-z]|\u0131/.test(plainBase) ? 4 : 0; // ı, written ASCII as build.mjs asks
  const center = glyph.advance / 2;
  const extra = marks.flatMap((mark) => MARKS[mark]?.(center, top) ?? []).map(parseStroke);
  return { advance: glyph.advance, strokes: [...glyph.strokes, ...extra] };
}

/** Splits text into characters with their accents attached, the way glyphFor expects them. */
export function characters(text: string): string[] {
  return text.normalize('NFD').match(/\P{M}\p{M}*/gu) ?? [];
}
