// Where annotations of a page land when the page is drawn somewhere: a page fitted into a box and
// turned by quarter turns, the smooth outline of a stroke (perfect-freehand), and hit testing for
// the eraser and for evidence pins. Pure functions shared by the canvas, the full-size view and the
// PDF report.
import { getStroke } from 'perfect-freehand';
import type { Point, Rect } from './layout.js';
import type { PageRect } from './pageGeometry.js';
import type { PageRotation } from './schema/card.js';
import type { InkPoint, InkStroke, InkTool } from './schema/ink.js';

/** The box a `pageWidth` × `pageHeight` page takes once turned and fitted, centred, into `area`. */
export function pictureBox(area: Rect, pageWidth: number, pageHeight: number, rotation: PageRotation): Rect {
  if (pageWidth <= 0 || pageHeight <= 0) return { ...area };
  const turned = rotation === 90 || rotation === 270;
  const w = turned ? pageHeight : pageWidth;
  const h = turned ? pageWidth : pageHeight;
  const ratio = Math.min(area.w / w, area.h / h);
  return { x: area.x + (area.w - w * ratio) / 2, y: area.y + (area.h - h * ratio) / 2, w: w * ratio, h: h * ratio };
}

/** Where a point of the unturned page (0..1) appears once the page is turned `rotation` clockwise (0..1 of the turned page). */
export function rotatePagePoint(point: Point, rotation: PageRotation): Point {
  switch (rotation) {
    case 90:
      return { x: 1 - point.y, y: point.x };
    case 180:
      return { x: 1 - point.x, y: 1 - point.y };
    case 270:
      return { x: point.y, y: 1 - point.x };
    default:
      return { x: point.x, y: point.y };
  }
}

export function unrotatePagePoint(point: Point, rotation: PageRotation): Point {
  const back: Record<PageRotation, PageRotation> = { 0: 0, 90: 270, 180: 180, 270: 90 };
  return rotatePagePoint(point, back[rotation]);
}

/** A page point drawn in `box` (which holds the turned page). */
export function pageToBox(point: Point, box: Rect, rotation: PageRotation): Point {
  const turned = rotatePagePoint(point, rotation);
  return { x: box.x + turned.x * box.w, y: box.y + turned.y * box.h };
}

/** The page point under `at` in `box`, or null when `at` is off the page. */
export function boxToPage(at: Point, box: Rect, rotation: PageRotation): Point | null {
  if (box.w <= 0 || box.h <= 0) return null;
  const turned = { x: (at.x - box.x) / box.w, y: (at.y - box.y) / box.h };
  if (turned.x < 0 || turned.x > 1 || turned.y < 0 || turned.y > 1) return null;
  return unrotatePagePoint(turned, rotation);
}

/** Stroke sizes: the pen in thousandths of a page's width (card ink) or board units (board ink). */
export const INK_WIDTHS: Record<InkTool, { page: number; board: number }> = {
  pen: { page: 4, board: 4 },
  highlighter: { page: 22, board: 22 },
};

/** How see-through a tool's ink is: a highlighter lets the student's work show through. */
export const INK_OPACITY: Record<InkTool, number> = { pen: 1, highlighter: 0.35 };

/** How a stroke's stored coordinates scale into the frame it is outlined in. */
export interface OutlineFrame {
  /** Frame units per unit of x, and of y. */
  x: number;
  y: number;
  /** Frame units per unit of the stroke's width. */
  size: number;
}

/** Card ink: a frame 1000 units across the page (`aspect` = height ÷ width), so its width is uniform on any page shape. */
export function pageFrame(aspect: number): OutlineFrame {
  return { x: 1000, y: 1000 * aspect, size: 1 };
}

export const BOARD_FRAME: OutlineFrame = { x: 1, y: 1, size: 1 };

/** The filled outline of a stroke, as flat `x, y` pairs in `frame`; `last` false while it is still being drawn. */
export function strokeOutline(stroke: Pick<InkStroke, 'points' | 'tool' | 'width'>, frame: OutlineFrame, last = true): number[] {
  const input = stroke.points.map((point) => [point.x * frame.x, point.y * frame.y, point.pressure] as [number, number, number]);
  const highlighter = stroke.tool === 'highlighter';
  const outline = getStroke(input, {
    size: stroke.width * frame.size,
    // A highlighter is a flat marker; a pen answers to pressure.
    thinning: highlighter ? 0 : 0.55,
    smoothing: 0.5,
    streamline: 0.45,
    simulatePressure: false,
    start: { cap: true },
    end: { cap: true },
    last,
  });
  const flat: number[] = [];
  for (const [x, y] of outline) flat.push(x, y);
  return flat;
}

/** The outline as an SVG path (for the full-size view and the PDF report). */
export function outlinePath(flat: readonly number[]): string {
  if (flat.length < 6) return '';
  let path = `M${fmt(flat[0])} ${fmt(flat[1])}`;
  for (let i = 2; i + 1 < flat.length; i += 2) path += `L${fmt(flat[i])} ${fmt(flat[i + 1])}`;
  return `${path}Z`;
}

const fmt = (value: number | undefined) => (Math.round((value ?? 0) * 100) / 100).toString();

/** Distance from `p` to the segment `a`–`b`. */
export function distanceToSegment(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length));
  return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/** Distance from `p` to the polyline through `points`. */
export function distanceToPolyline(p: Point, points: readonly Point[]): number {
  if (points.length === 0) return Number.POSITIVE_INFINITY;
  if (points.length === 1) return Math.hypot(p.x - (points[0] as Point).x, p.y - (points[0] as Point).y);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < points.length; i++) best = Math.min(best, distanceToSegment(p, points[i - 1] as Point, points[i] as Point));
  return best;
}

/** A stroke placed on the board: its points in board coordinates and its width in board units. */
export interface PlacedStroke {
  id: string;
  points: readonly Point[];
  width: number;
  /** Where the stroke can be seen (a card's face cropped to the work): the eraser reaches it only there. */
  within?: Rect;
}

/** Strokes the eraser touches at `at` (board coordinates), with a tip of `radius` board units. */
export function strokesUnderEraser(strokes: Iterable<PlacedStroke>, at: Point, radius: number): string[] {
  const hits: string[] = [];
  for (const stroke of strokes) {
    const { within } = stroke;
    if (
      within &&
      (at.x < within.x - radius || at.x > within.x + within.w + radius || at.y < within.y - radius || at.y > within.y + within.h + radius)
    )
      continue;
    if (distanceToPolyline(at, stroke.points) <= radius + stroke.width / 2) hits.push(stroke.id);
  }
  return hits;
}

/**
 * A card's stroke as it lies on the board, given where the card's page is drawn (`box`, board
 * coordinates, holding the turned page): points moved and scaled with the page, width with its width.
 */
export function placeCardStroke(stroke: Pick<InkStroke, 'id' | 'points' | 'width'>, box: Rect, rotation: PageRotation): PlacedStroke {
  const pageWidth = rotation === 90 || rotation === 270 ? box.h : box.w;
  return {
    id: stroke.id,
    points: stroke.points.map((point) => pageToBox(point, box, rotation)),
    width: (stroke.width / 1000) * pageWidth,
  };
}

/** A region of a page with an id (an evidence pin). */
export interface PageRegion {
  id: string;
  region: PageRect;
}

/**
 * The pin under a page point: the smallest region containing it (a small pin drawn inside a big
 * one stays reachable), with `slop` of the page around each as a finger's margin.
 */
export function pinAt<T extends PageRegion>(pins: readonly T[], at: Point, slop = 0.01): T | null {
  let best: T | null = null;
  let bestArea = Number.POSITIVE_INFINITY;
  for (const pin of pins) {
    const { x, y, w, h } = pin.region;
    if (at.x < x - slop || at.x > x + w + slop || at.y < y - slop || at.y > y + h + slop) continue;
    const area = w * h;
    if (area < bestArea) {
      best = pin;
      bestArea = area;
    }
  }
  return best;
}

/** The points of a pointer path kept for a stroke: drops points closer than `minDistance` to the last kept. */
export function appendPoint(points: InkPoint[], point: InkPoint, minDistance: number): boolean {
  const last = points[points.length - 1];
  if (last && Math.hypot(point.x - last.x, point.y - last.y) < minDistance) return false;
  points.push(point);
  return true;
}
