// The map-like view of the board: screen = board × scale + offset. Pure functions over it.
import type { Point, Rect } from '#shared/layout.js';

export interface Viewport {
  x: number;
  y: number;
  scale: number;
}

export const MIN_SCALE = 0.08;
export const MAX_SCALE = 4;

export const clampScale = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

export function toBoard(viewport: Viewport, screen: Point): Point {
  return { x: (screen.x - viewport.x) / viewport.scale, y: (screen.y - viewport.y) / viewport.scale };
}

export function toScreen(viewport: Viewport, board: Point): Point {
  return { x: board.x * viewport.scale + viewport.x, y: board.y * viewport.scale + viewport.y };
}

/** Zooms by `factor` keeping the board point under `screen` where it is, as maps do. */
export function zoomAround(viewport: Viewport, screen: Point, factor: number): Viewport {
  const scale = clampScale(viewport.scale * factor);
  const anchor = toBoard(viewport, screen);
  return { scale, x: screen.x - anchor.x * scale, y: screen.y - anchor.y * scale };
}

/** The viewport that shows all of `rect` centred in a `width` × `height` screen with `margin` pixels around. */
export function fitRect(rect: Rect, width: number, height: number, margin = 48, maxScale = 1.25): Viewport {
  const scale = clampScale(Math.min((width - 2 * margin) / Math.max(rect.w, 1), (height - 2 * margin) / Math.max(rect.h, 1), maxScale));
  return {
    scale,
    x: width / 2 - (rect.x + rect.w / 2) * scale,
    y: height / 2 - (rect.y + rect.h / 2) * scale,
  };
}

/** The board rectangle visible on screen. */
export function visibleRect(viewport: Viewport, width: number, height: number): Rect {
  const topLeft = toBoard(viewport, { x: 0, y: 0 });
  return { x: topLeft.x, y: topLeft.y, w: width / viewport.scale, h: height / viewport.scale };
}

/** Wheel deltas come in lines or pages on some mice; turn them into pixels. */
export function wheelPixels(event: WheelEvent): Point {
  const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? 400 : 1;
  return { x: event.deltaX * unit, y: event.deltaY * unit };
}

/**
 * The smallest zoom a board opens at: card labels (19 board units) and pile notes (20) are then at
 * least 12 px on screen, read from the back of a room (issue 19). A board larger than the screen at
 * this zoom opens at its top-left corner, to be scrolled, rather than shrunk into a blur.
 */
export const READABLE_SCALE = 0.64;

/** Room taken at each edge of the canvas by controls floating over it (tool rail, bars, hints). */
export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const NO_INSETS: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

/**
 * The viewport that shows `rect` in the part of a `width` × `height` canvas no control covers:
 * fitted and centred when that keeps it at least `minScale`, else at `minScale` from its top-left.
 */
export function fitInside(rect: Rect, width: number, height: number, insets: Insets, minScale = 0, margin = 16, maxScale = 1.25): Viewport {
  const room = {
    x: insets.left + margin,
    y: insets.top + margin,
    w: Math.max(1, width - insets.left - insets.right - 2 * margin),
    h: Math.max(1, height - insets.top - insets.bottom - 2 * margin),
  };
  const fitted = Math.min(room.w / Math.max(rect.w, 1), room.h / Math.max(rect.h, 1), maxScale);
  const scale = clampScale(Math.max(fitted, minScale));
  // Each way: centred when it fits, else from its start (the top-left of the board is read first).
  const place = (start: number, size: number, roomStart: number, roomSize: number) =>
    size * scale <= roomSize ? roomStart + (roomSize - size * scale) / 2 - start * scale : roomStart - start * scale;
  return { scale, x: place(rect.x, rect.w, room.x, room.w), y: place(rect.y, rect.h, room.y, room.h) };
}
