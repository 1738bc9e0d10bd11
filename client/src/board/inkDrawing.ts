// What drawing ink needs on any surface: the outline of each stroke (computed once per stroke and
// page shape: strokes never change once written) and the size of each page as last decoded, so a
// pen on the board can anchor a stroke to the page under it.
import { BOARD_FRAME, outlinePath, pageFrame, strokeOutline } from '#shared/inkGeometry.js';
import type { InkStroke } from '#shared/schema/ink.js';

const outlines = new Map<string, number[]>();
const MAX_OUTLINES = 5000;

/** The outline of a card stroke in a page frame 1000 units across (`aspect` = height ÷ width), or of a board stroke in board units. */
export function outlineOf(stroke: InkStroke, aspect = 1): number[] {
  const key = stroke.cardId === null ? stroke.id : `${stroke.id}:${aspect.toFixed(4)}`;
  let outline = outlines.get(key);
  if (!outline) {
    outline = strokeOutline(stroke, stroke.cardId === null ? BOARD_FRAME : pageFrame(aspect));
    if (outlines.size >= MAX_OUTLINES) outlines.delete(outlines.keys().next().value as string);
    outlines.set(key, outline);
  }
  return outline;
}

export function outlinePathOf(stroke: InkStroke, aspect = 1): string {
  return outlinePath(outlineOf(stroke, aspect));
}

const pageSizes = new Map<string, { width: number; height: number }>();

export function notePageSize(assetId: string, width: number, height: number): void {
  if (width > 0 && height > 0) pageSizes.set(assetId, { width, height });
}

/** The width and height of a page as last drawn (any resolution: only the shape matters). */
export function pageSize(assetId: string): { width: number; height: number } | null {
  return pageSizes.get(assetId) ?? null;
}
