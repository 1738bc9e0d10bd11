// The map-like view of the board: screen = board × scale + offset. Pure functions over it.
import type { Point, Rect } from '../../../shared/layout.js';

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
