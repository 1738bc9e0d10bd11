// Sticky notes: a square of collaborative text on the board or on a pile. One record per note in
// the top-level `notes` map. A note on a pile keeps its position relative to the pile's top-left
// corner, so it travels with the pile; a note on bare board keeps board coordinates.
import * as Y from 'yjs';
import { newId } from '../ids.js';
import type { Point } from '../layout.js';
import { asRecord, type RecordMap } from './board.js';
import { readColor, readNullableString, readNumber, readText } from './fields.js';

/** Paper colours, light enough for dark text on a projector. */
export const NOTE_COLORS = ['#fff3a3', '#ffd6e0', '#d3f5d3', '#d6e9ff'] as const;
export const NOTE_SIZE = 180;
export const MAX_NOTE_LENGTH = 1000;

export interface StickyNote {
  id: string;
  /** The pile the note is stuck on, or null for bare board. */
  pileId: string | null;
  /** Board coordinates, or the offset from the pile's top-left corner. */
  x: number;
  y: number;
  w: number;
  h: number;
  color: string;
  text: string;
  createdAt: number;
}

export function boardNotes(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('notes');
}

export function readNote(id: string, map: Y.Map<unknown>): StickyNote {
  return {
    id,
    pileId: readNullableString(map, 'pileId'),
    x: readNumber(map, 'x'),
    y: readNumber(map, 'y'),
    w: Math.min(600, Math.max(120, readNumber(map, 'w', NOTE_SIZE))),
    h: Math.min(600, Math.max(100, readNumber(map, 'h', NOTE_SIZE))),
    color: readColor(map, 'color', NOTE_COLORS[0]),
    text: readText(map, 'text'),
    createdAt: readNumber(map, 'createdAt'),
  };
}

export function listNotes(doc: Y.Doc): StickyNote[] {
  const notes: StickyNote[] = [];
  boardNotes(doc).forEach((value, id) => {
    const map = asRecord(value);
    if (map) notes.push(readNote(id, map));
  });
  return notes.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export interface NewNote {
  pileId?: string | null;
  x: number;
  y: number;
  color?: string;
  text?: string;
}

export function addNote(doc: Y.Doc, init: NewNote, id = newId()): string {
  const map = new Y.Map<unknown>();
  if (init.pileId) map.set('pileId', init.pileId);
  map.set('x', Math.round(init.x));
  map.set('y', Math.round(init.y));
  map.set('w', NOTE_SIZE);
  map.set('h', NOTE_SIZE);
  map.set('color', init.color ?? NOTE_COLORS[0]);
  map.set('text', new Y.Text((init.text ?? '').slice(0, MAX_NOTE_LENGTH)));
  map.set('createdAt', Date.now());
  boardNotes(doc).set(id, map);
  return id;
}

/** Moves a note (one write per drop), onto a pile (position relative to it) or bare board. */
export function moveNote(doc: Y.Doc, id: string, pileId: string | null, at: Point): void {
  const map = asRecord(boardNotes(doc).get(id));
  if (!map) return;
  doc.transact(() => {
    if (pileId) map.set('pileId', pileId);
    else map.delete('pileId');
    map.set('x', Math.round(at.x));
    map.set('y', Math.round(at.y));
  });
}

export function setNoteColor(doc: Y.Doc, id: string, color: string): void {
  asRecord(boardNotes(doc).get(id))?.set('color', color);
}

export function deleteNote(doc: Y.Doc, id: string): void {
  boardNotes(doc).delete(id);
}

/** The live text of a note, for the editor bound to it. */
export function noteText(doc: Y.Doc, id: string): Y.Text | null {
  const value = asRecord(boardNotes(doc).get(id))?.get('text');
  return value instanceof Y.Text ? value : null;
}

/** Where a note is on the board: on a pile that still exists, relative to it; else where it was left. */
export function notePosition(note: Pick<StickyNote, 'pileId' | 'x' | 'y'>, pileOrigin: (pileId: string) => Point | undefined): Point {
  const origin = note.pileId ? pileOrigin(note.pileId) : undefined;
  return origin ? { x: origin.x + note.x, y: origin.y + note.y } : { x: note.x, y: note.y };
}
