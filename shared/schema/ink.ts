// Ink: pen and highlighter strokes, each one record of the top-level `ink` map. A stroke on a card
// names the card and the page (asset id) it was drawn on, and keeps its points in that page's own
// coordinates, so it moves, scales and turns with the page wherever the page is drawn (the board, the
// full-size view, the PDF report). A stroke on bare board keeps board coordinates. A stroke is
// written once, when the pen lifts: never point by point (README, "Measured facts": per-move writes bloat documents).
import * as Y from 'yjs';
import { newId } from '../ids.js';
import { asRecord, type RecordMap } from './board.js';
import { HEX_COLOR, readNullableString, readNumber, readString } from './fields.js';

export const INK_TOOLS = ['pen', 'highlighter'] as const;
export type InkTool = (typeof INK_TOOLS)[number];

/**
 * Page coordinates are stored as integers: fractions of the page's width and height times this
 * (a ten-thousandth of a page is finer than any scan), pressure as hundredths. Integers encode in
 * one to three bytes in Yjs, floats in eight.
 */
export const PAGE_UNITS = 10_000;
/** Board coordinates are stored in tenths of a board unit. */
export const BOARD_UNITS = 10;
/** A stroke keeps at most this many points; longer ones are thinned before they are written. */
export const MAX_STROKE_POINTS = 1500;

/** One point of a stroke: where, and how hard the pen pressed (0..1; 0.5 when the device cannot tell). */
export interface InkPoint {
  x: number;
  y: number;
  pressure: number;
}

export interface InkStroke {
  id: string;
  /** The card drawn on, or null for ink on bare board. */
  cardId: string | null;
  /** The page (asset id) of the card drawn on; null for board ink. */
  page: string | null;
  tool: InkTool;
  color: string;
  /** Card ink: thousandths of the page's width. Board ink: board units. */
  width: number;
  /** Card ink: page coordinates (0..1 of the unturned page). Board ink: board coordinates. */
  points: InkPoint[];
  author: string;
  createdAt: number;
}

export type NewInkStroke = Omit<InkStroke, 'id' | 'createdAt'> & { createdAt?: number };

export function boardInk(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('ink');
}

const isTool = (value: unknown): value is InkTool => typeof value === 'string' && (INK_TOOLS as readonly string[]).includes(value);

/** Flattens points to integers, `x, y, pressure` after one another. */
export function encodePoints(points: readonly InkPoint[], onPage: boolean): number[] {
  const scale = onPage ? PAGE_UNITS : BOARD_UNITS;
  const thinned = thinPoints(points, MAX_STROKE_POINTS);
  const flat: number[] = [];
  for (const point of thinned) {
    flat.push(Math.round(point.x * scale), Math.round(point.y * scale), Math.round(Math.min(1, Math.max(0, point.pressure)) * 100));
  }
  return flat;
}

export function decodePoints(value: unknown, onPage: boolean): InkPoint[] {
  if (!Array.isArray(value)) return [];
  const scale = onPage ? PAGE_UNITS : BOARD_UNITS;
  const points: InkPoint[] = [];
  for (let i = 0; i + 2 < value.length && points.length < MAX_STROKE_POINTS; i += 3) {
    const [x, y, p] = [value[i], value[i + 1], value[i + 2]];
    if (typeof x !== 'number' || typeof y !== 'number' || typeof p !== 'number') continue;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(p)) continue;
    points.push({ x: x / scale, y: y / scale, pressure: Math.min(1, Math.max(0, p / 100)) });
  }
  return points;
}

/** Every n-th point, keeping the last, when a stroke has more than `max` points. */
export function thinPoints(points: readonly InkPoint[], max: number): InkPoint[] {
  if (points.length <= max) return [...points];
  const step = points.length / (max - 1);
  const kept: InkPoint[] = [];
  for (let i = 0; i < max - 1; i++) kept.push(points[Math.floor(i * step)] as InkPoint);
  kept.push(points[points.length - 1] as InkPoint);
  return kept;
}

export function readStroke(id: string, map: Y.Map<unknown>): InkStroke | null {
  const cardId = readNullableString(map, 'cardId');
  const page = readNullableString(map, 'page');
  const tool = map.get('tool');
  const points = decodePoints(map.get('points'), cardId !== null);
  if (points.length === 0 || (cardId !== null && page === null)) return null;
  const color = readString(map, 'color');
  return {
    id,
    cardId,
    page,
    tool: isTool(tool) ? tool : 'pen',
    color: HEX_COLOR.test(color) ? color.toLowerCase() : '#1b2333',
    width: Math.min(200, Math.max(0.5, readNumber(map, 'width', 4))),
    points,
    author: readString(map, 'author').slice(0, 40),
    createdAt: readNumber(map, 'createdAt'),
  };
}

export function listStrokes(doc: Y.Doc): InkStroke[] {
  const strokes: InkStroke[] = [];
  boardInk(doc).forEach((value, id) => {
    const map = asRecord(value);
    const stroke = map ? readStroke(id, map) : null;
    if (stroke) strokes.push(stroke);
  });
  return strokes.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** Writes a finished stroke as one record (in the caller's transaction, if any); returns its id. */
export function addStroke(doc: Y.Doc, stroke: NewInkStroke, id = newId()): string | null {
  const onPage = stroke.cardId !== null;
  const points = encodePoints(stroke.points, onPage);
  if (points.length === 0 || (onPage && !stroke.page)) return null;
  const map = new Y.Map<unknown>();
  if (stroke.cardId) map.set('cardId', stroke.cardId);
  if (stroke.page) map.set('page', stroke.page);
  map.set('tool', stroke.tool);
  map.set('color', stroke.color);
  map.set('width', Math.round(stroke.width * 100) / 100);
  map.set('points', points);
  map.set('author', stroke.author.slice(0, 40));
  map.set('createdAt', stroke.createdAt ?? Date.now());
  boardInk(doc).set(id, map);
  return id;
}

export function removeStrokes(doc: Y.Doc, ids: readonly string[]): void {
  const ink = boardInk(doc);
  doc.transact(() => {
    for (const id of ids) ink.delete(id);
  });
}
