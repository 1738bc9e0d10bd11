// Board-wide sorting settings kept in `meta`: whether student names are hidden for everyone (the
// projector switch), and where the unsorted area sits and how wide it is.
import type * as Y from 'yjs';
import { boardMeta } from './board.js';
import { readBoolean } from './fields.js';

/** The unsorted area's top-left and width on the board; its height follows its cards. */
export interface UnsortedArea {
  x: number;
  y: number;
  w: number;
}

export interface BoardSettings {
  /** Labels read `Student 1`, `Student 2`, … and name bands are masked, on every screen. */
  hideNames: boolean;
  /** Where someone put the unsorted area, or null for the default place. */
  unsortedArea: UnsortedArea | null;
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A plain `{ x, y, w }` object, as stored; anything else (old or hostile data) reads as unset. */
export function readUnsortedArea(value: unknown): UnsortedArea | null {
  if (typeof value !== 'object' || value === null) return null;
  const { x, y, w } = value as Record<string, unknown>;
  if (!finite(x) || !finite(y) || !finite(w) || w <= 0) return null;
  return { x, y, w };
}

export function readBoardSettings(doc: Y.Doc): BoardSettings {
  const meta = boardMeta(doc);
  return { hideNames: readBoolean(meta, 'hideNames'), unsortedArea: readUnsortedArea(meta.get('unsortedArea')) };
}

export function setHideNames(doc: Y.Doc, hidden: boolean): void {
  const meta = boardMeta(doc);
  if (readBoolean(meta, 'hideNames') !== hidden) meta.set('hideNames', hidden);
}

/** Stored as one plain value: it changes once per drop, never per pointer move. */
export function setUnsortedArea(doc: Y.Doc, area: UnsortedArea): void {
  boardMeta(doc).set('unsortedArea', { x: Math.round(area.x), y: Math.round(area.y), w: Math.round(area.w) });
}
