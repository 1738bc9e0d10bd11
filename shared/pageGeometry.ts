// Geometry of a page as people see it: rectangles in page coordinates normalised to 0..1 (the
// name band), and how they move when the page is turned by quarter turns. Pure functions shared by
// the canvas, the card inspector and anything that masks names on a page.
import type { PageRotation } from './schema/card.js';

/** A rectangle on a page, its corners as fractions of the page's width and height (0..1). */
export interface PageRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** A rectangle kept inside the page, with no negative sides; null if nothing of it is left. */
export function clampPageRect(rect: PageRect): PageRect | null {
  const left = clamp01(Math.min(rect.x, rect.x + rect.w));
  const right = clamp01(Math.max(rect.x, rect.x + rect.w));
  const top = clamp01(Math.min(rect.y, rect.y + rect.h));
  const bottom = clamp01(Math.max(rect.y, rect.y + rect.h));
  if (right - left < 0.005 || bottom - top < 0.005) return null;
  // A ten-thousandth of a page is finer than any scan: rounding keeps stored values tidy.
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return { x: round(left), y: round(top), w: round(right - left), h: round(bottom - top) };
}

/** Where a rectangle of the page as stored appears once the page is turned `rotation` degrees clockwise. */
export function rotatePageRect(rect: PageRect, rotation: PageRotation): PageRect {
  switch (rotation) {
    case 90:
      return { x: 1 - rect.y - rect.h, y: rect.x, w: rect.h, h: rect.w };
    case 180:
      return { x: 1 - rect.x - rect.w, y: 1 - rect.y - rect.h, w: rect.w, h: rect.h };
    case 270:
      return { x: rect.y, y: 1 - rect.x - rect.w, w: rect.h, h: rect.w };
    default:
      return { ...rect };
  }
}

/** The inverse of `rotatePageRect`: a rectangle drawn on the turned page, in the stored page's coordinates. */
export function unrotatePageRect(rect: PageRect, rotation: PageRotation): PageRect {
  const back: Record<PageRotation, PageRotation> = { 0: 0, 90: 270, 180: 180, 270: 90 };
  return rotatePageRect(rect, back[rotation]);
}

/** The size a `width` × `height` image takes once turned. */
export function rotatedSize(width: number, height: number, rotation: PageRotation): { width: number; height: number } {
  return rotation === 90 || rotation === 270 ? { width: height, height: width } : { width, height };
}

/** The next quarter turn clockwise (`+1`) or anticlockwise (`-1`). */
export function turn(rotation: PageRotation, direction: 1 | -1): PageRotation {
  return ((((rotation + direction * 90) % 360) + 360) % 360) as PageRotation;
}

/** A plain `{ x, y, w, h }` within 0..1, as stored; anything else reads as no rectangle. */
export function readPageRect(value: unknown): PageRect | null {
  if (typeof value !== 'object' || value === null) return null;
  const { x, y, w, h } = value as Record<string, unknown>;
  if (![x, y, w, h].every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
  return clampPageRect({ x: x as number, y: y as number, w: w as number, h: h as number });
}
