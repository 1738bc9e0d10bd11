// The board view's pan and zoom, with the operations the toolbar and gestures need.
import { useCallback, useMemo, useState } from 'react';
import type { Point, Rect } from '#shared/layout.js';
import { fitInside, fitRect, type Insets, type Viewport, zoomAround } from '../viewport.js';

export interface ViewportControls {
  viewport: Viewport;
  setViewport(next: Viewport | ((current: Viewport) => Viewport)): void;
  zoomAt(screen: Point, factor: number): void;
  panBy(dx: number, dy: number): void;
  /** Fits `rect`; with `insets`, into the part of the canvas no control covers, no smaller than `minScale`. */
  fitTo(rect: Rect | null, width: number, height: number, room?: { insets: Insets; minScale?: number }): void;
}

export function useViewport(initial: Viewport = { x: 0, y: 0, scale: 1 }): ViewportControls {
  const [viewport, setViewport] = useState<Viewport>(initial);
  const zoomAt = useCallback((screen: Point, factor: number) => setViewport((v) => zoomAround(v, screen, factor)), []);
  const panBy = useCallback((dx: number, dy: number) => setViewport((v) => ({ ...v, x: v.x + dx, y: v.y + dy })), []);
  const fitTo = useCallback((rect: Rect | null, width: number, height: number, room?: { insets: Insets; minScale?: number }) => {
    if (width <= 0 || height <= 0) return;
    if (!rect) setViewport({ x: width / 2, y: height / 3, scale: 1 });
    else setViewport(room ? fitInside(rect, width, height, room.insets, room.minScale) : fitRect(rect, width, height));
  }, []);
  return useMemo(() => ({ viewport, setViewport, zoomAt, panBy, fitTo }), [viewport, zoomAt, panBy, fitTo]);
}
