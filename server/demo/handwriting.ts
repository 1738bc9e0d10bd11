// Turns text into pen strokes on the page, either neat (the printed worksheet) or in a child's
// hand: every letter a little different in size, lean, seat on the line and shape.

import { characters, glyphFor, type Point, SPACE, type Stroke } from './font.js';
import { between, type Random, wobble } from './random.js';

/** How someone writes. All lengths except `size` are in font units (a capital is 10 tall). */
export interface Hand {
  /** Height of a capital or a digit, in page pixels. */
  size: number;
  /** Forward lean: how far a capital's top sits right of its foot, as a fraction of its height. */
  slant: number;
  /** How far strokes wander from the model letter (0 for print). */
  wobble: number;
  /** Gap between letters. */
  spacing: number;
  /** How unevenly letters are sized, turned and seated on the line (0 for print). */
  unevenness: number;
  /** Slope of the writing line in radians: children rarely write level without lines. */
  drift: number;
}

export function printedHand(size: number): Hand {
  return { size, slant: 0, wobble: 0, spacing: 1.8, unevenness: 0, drift: 0 };
}

/** The same hand writing bigger or smaller, as children do for carried digits or labels. */
export function scaledHand(hand: Hand, scale: number): Hand {
  return { ...hand, size: hand.size * scale };
}

export interface Writing {
  strokes: Stroke[];
  width: number;
}

/** Width of the text without jitter; good enough for laying out and centring. */
export function measureText(hand: Hand, text: string): number {
  let pen = 0;
  for (const character of characters(text)) {
    pen += (glyphFor(character) ?? SPACE).advance + hand.spacing;
  }
  return Math.max(0, pen - hand.spacing) * (hand.size / 10);
}

/** Writes `text` starting at `x` with its baseline at `baseline` (page pixels). */
export function writeText(random: Random, hand: Hand, text: string, x: number, baseline: number): Writing {
  const unit = hand.size / 10;
  const uneven = hand.unevenness;
  const rise = Math.tan(hand.drift);
  const strokes: Stroke[] = [];
  let pen = 0;
  // A slow random walk off the line, on top of each letter's own seat.
  let wander = 0;
  for (const character of characters(text)) {
    const glyph = glyphFor(character) ?? SPACE;
    if (glyph.strokes.length === 0) {
      pen += glyph.advance * (1 + wobble(random, 0.25 * uneven)) + hand.spacing;
      continue;
    }
    const scaleX = 1 + wobble(random, 0.09 * uneven);
    const scaleY = 1 + wobble(random, 0.1 * uneven);
    const turn = wobble(random, 0.07 * uneven);
    const seat = wobble(random, 0.4 * uneven);
    wander = Math.max(-1.2, Math.min(1.2, wander + wobble(random, 0.3 * uneven)));
    const bendX = { frequency: between(random, 0.35, 0.75), phase: random() * Math.PI * 2 };
    const bendY = { frequency: between(random, 0.35, 0.75), phase: random() * Math.PI * 2 };
    const cos = Math.cos(turn);
    const sin = Math.sin(turn);
    const middle = glyph.advance / 2;
    for (const stroke of glyph.strokes) {
      // Strokes of one letter rarely meet exactly where the model says.
      const shiftX = wobble(random, hand.wobble * 0.6);
      const shiftY = wobble(random, hand.wobble * 0.6);
      strokes.push(
        stroke.map((point): Point => {
          const localX = point.x - middle;
          const localY = point.y - 5;
          let gx = (localX * cos - localY * sin) * scaleX + middle;
          let gy = (localX * sin + localY * cos) * scaleY + 5;
          gx += hand.wobble * Math.sin(bendX.frequency * point.y + bendX.phase) + shiftX;
          gy += hand.wobble * 0.7 * Math.sin(bendY.frequency * point.x + bendY.phase) + shiftY + seat + wander;
          gx += (10 - gy) * hand.slant;
          const pageX = x + (pen + gx) * unit;
          return { x: pageX, y: baseline + (gy - 10) * unit + (pageX - x) * rise };
        }),
      );
    }
    // Crowded, but never so close that two digits run into one.
    pen += glyph.advance * scaleX + Math.max(1.1, hand.spacing + wobble(random, 0.5 * uneven));
  }
  return { strokes, width: Math.max(0, pen - hand.spacing) * unit };
}
