// A card is one student's work: its pages (asset ids), the pile it is sorted into, and its tags.
import * as Y from 'yjs';
import { newId } from '../ids.js';
import { asRecord, boardCards } from './board.js';
import { readNullableString, readNumber, readString, readStringArray } from './fields.js';

/** Quarter turns a page can be rotated by, clockwise, in degrees. */
export type PageRotation = 0 | 90 | 180 | 270;

/** Longest tag a card keeps; tags are short labels for a strategy or a model. */
export const MAX_TAG_LENGTH = 60;

export interface Card {
  id: string;
  /** The label shown for the student; may be empty. */
  student: string;
  /** Asset ids, in page order. */
  pages: string[];
  /** `null` means unsorted. May name a pile that no longer exists: see `effectivePileId`. */
  pileId: string | null;
  /** Board coordinates of the card while unsorted; kept informative while in a pile. */
  x: number;
  y: number;
  tags: string[];
  /** Position within its pile or the unsorted area (a fractional index: lower comes first). */
  order: number;
  /** The upload batch the card came in (it names the batch's name band); absent: the default batch. */
  batchId?: string;
  /** How far someone turned each page (by asset id), when anyone did; absent when none is turned. */
  rotations?: Record<string, PageRotation>;
  /** On a class's board: the roster's id of the student, when known (README, "Classes"). */
  studentId?: string;
}

export interface NewCard {
  student?: string;
  pages: string[];
  x?: number;
  y?: number;
  pileId?: string | null;
  tags?: string[];
  order?: number;
  batchId?: string;
  studentId?: string;
}

export function readCard(id: string, map: Y.Map<unknown>): Card {
  return {
    id,
    student: readString(map, 'student'),
    pages: readStringArray(map, 'pages'),
    pileId: readNullableString(map, 'pileId'),
    x: readNumber(map, 'x'),
    y: readNumber(map, 'y'),
    tags: readStringArray(map, 'tags'),
    order: readNumber(map, 'order'),
    batchId: readNullableString(map, 'batchId') ?? undefined,
    rotations: readRotations(map),
    studentId: readNullableString(map, 'studentId') ?? undefined,
  };
}

/** A rotation as stored, or 0 for anything that is not a quarter turn. */
export function asPageRotation(value: unknown): PageRotation {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 0;
  const turned = (((Math.round(value / 90) * 90) % 360) + 360) % 360;
  return turned === 90 || turned === 180 || turned === 270 ? turned : 0;
}

function readRotations(map: Y.Map<unknown>): Record<string, PageRotation> | undefined {
  const value = map.get('rotations');
  if (!(value instanceof Y.Map)) return undefined;
  let rotations: Record<string, PageRotation> | undefined;
  value.forEach((degrees: unknown, assetId: string) => {
    const rotation = asPageRotation(degrees);
    if (rotation !== 0) {
      rotations ??= {};
      rotations[assetId] = rotation;
    }
  });
  return rotations;
}

/** The rotation of one page of a card. */
export function pageRotation(card: Pick<Card, 'rotations'>, assetId: string): PageRotation {
  return card.rotations?.[assetId] ?? 0;
}

export function listCards(doc: Y.Doc): Card[] {
  const cards: Card[] = [];
  boardCards(doc).forEach((value, id) => {
    const map = asRecord(value);
    if (map) cards.push(readCard(id, map));
  });
  return cards;
}

export function getCard(doc: Y.Doc, id: string): Card | null {
  const map = asRecord(boardCards(doc).get(id));
  return map ? readCard(id, map) : null;
}

/** Adds a card (in a transaction of the caller's, if any) and returns its id. */
export function createCard(doc: Y.Doc, init: NewCard, id = newId()): string {
  const map = new Y.Map<unknown>();
  map.set('student', init.student ?? '');
  map.set('pages', Y.Array.from(init.pages));
  map.set('pileId', init.pileId ?? null);
  map.set('x', init.x ?? 0);
  map.set('y', init.y ?? 0);
  map.set('tags', Y.Array.from(init.tags ?? []));
  map.set('order', init.order ?? Date.now());
  if (init.batchId) map.set('batchId', init.batchId);
  if (init.studentId) map.set('studentId', init.studentId);
  boardCards(doc).set(id, map);
  return id;
}

export interface CardPlacement {
  pileId: string | null;
  x: number;
  y: number;
  order?: number;
}

/**
 * Puts a card somewhere: one write per drop, never per pointer move, because every write grows
 * the document (README, "Measured facts": alternating x/y writes grew a board by 32 KB a minute of dragging).
 */
export function placeCard(doc: Y.Doc, id: string, placement: CardPlacement): boolean {
  const map = asRecord(boardCards(doc).get(id));
  if (!map) return false;
  doc.transact(() => {
    if (map.get('pileId') !== placement.pileId) map.set('pileId', placement.pileId);
    if (map.get('x') !== placement.x) map.set('x', placement.x);
    if (map.get('y') !== placement.y) map.set('y', placement.y);
    if (placement.order !== undefined && map.get('order') !== placement.order) map.set('order', placement.order);
  });
  return true;
}

export function setStudentLabel(doc: Y.Doc, id: string, student: string): void {
  asRecord(boardCards(doc).get(id))?.set('student', student);
}

/**
 * Names a card's student: the label, and on a class's board the roster's id of the student (null:
 * a name that is not on the roster, so any earlier roster id is dropped).
 */
export function nameCardStudent(doc: Y.Doc, id: string, student: string, studentId: string | null): void {
  const map = asRecord(boardCards(doc).get(id));
  if (!map) return;
  doc.transact(() => {
    map.set('student', student);
    if (studentId) map.set('studentId', studentId);
    else map.delete('studentId');
  });
}

/** A tag as people mean it: trimmed, single spaces, not too long. */
export function cleanTag(tag: string): string {
  return tag.normalize('NFC').trim().replace(/\s+/g, ' ').slice(0, MAX_TAG_LENGTH);
}

/** True when two tags are the same tag to a person (case and spacing do not matter). */
export function sameTag(a: string, b: string): boolean {
  return cleanTag(a).toLocaleLowerCase() === cleanTag(b).toLocaleLowerCase();
}

/** Adds a tag to a card unless it already has it (in any case); answers whether it was added. */
export function addCardTag(doc: Y.Doc, id: string, tag: string): boolean {
  const clean = cleanTag(tag);
  const map = asRecord(boardCards(doc).get(id));
  if (!map || !clean) return false;
  let tags = map.get('tags');
  if (tags instanceof Y.Array && tags.toArray().some((existing) => typeof existing === 'string' && sameTag(existing, clean))) return false;
  doc.transact(() => {
    if (!(tags instanceof Y.Array)) {
      tags = new Y.Array<string>();
      map.set('tags', tags);
    }
    (tags as Y.Array<string>).push([clean]);
  });
  return true;
}

/** Removes a tag (every copy, in any case: two people may have added it at once). */
export function removeCardTag(doc: Y.Doc, id: string, tag: string): void {
  const tags = asRecord(boardCards(doc).get(id))?.get('tags');
  if (!(tags instanceof Y.Array)) return;
  doc.transact(() => {
    const values = tags.toArray();
    for (let i = values.length - 1; i >= 0; i--) {
      const value = values[i];
      if (typeof value === 'string' && sameTag(value, tag)) tags.delete(i, 1);
    }
  });
}

/** Turns one page of a card to `rotation` (one key per page, so two people turning two pages both win). */
export function setPageRotation(doc: Y.Doc, id: string, assetId: string, rotation: PageRotation): void {
  const map = asRecord(boardCards(doc).get(id));
  if (!map) return;
  doc.transact(() => {
    let rotations = map.get('rotations');
    if (!(rotations instanceof Y.Map)) {
      rotations = new Y.Map<number>();
      map.set('rotations', rotations);
    }
    (rotations as Y.Map<number>).set(assetId, asPageRotation(rotation));
  });
}

/**
 * The pile a card is really in: its `pileId` if that pile exists, else unsorted. A pile deleted
 * while someone drops a card into it thus leaves the card unsorted, never lost.
 */
export function effectivePileId(card: Card, existingPiles: { has(id: string): boolean }): string | null {
  return card.pileId !== null && existingPiles.has(card.pileId) ? card.pileId : null;
}
