// Evidence pins: a comment anchored to a region of one page of a card ("carries the ten here"),
// with the replies that follow it. Each pin is one record of the top-level `comments` map naming
// its card, so a card's thread is its pins in time order. A pile's description cites a pin with a
// `[pin:<id>]` token; the citation opens the scan at the pin's region.
import * as Y from 'yjs';
import { newId } from '../ids.js';
import { type PageRect, readPageRect } from '../pageGeometry.js';
import { asRecord, type RecordMap } from './board.js';
import { HEX_COLOR, readBoolean, readNullableString, readNumber, readString } from './fields.js';

export const MAX_COMMENT_LENGTH = 2000;
/** Replies kept per pin; a thread longer than this is a meeting, not a comment. */
export const MAX_REPLIES = 200;

export interface Author {
  name: string;
  color: string;
}

export interface PinReply {
  id: string;
  text: string;
  author: Author;
  at: number;
}

export interface Pin {
  id: string;
  cardId: string;
  /** The page (asset id) the region is on. */
  page: string;
  /** The region, in the unturned page's coordinates (0..1). */
  region: PageRect;
  text: string;
  author: Author;
  createdAt: number;
  resolved: boolean;
  resolvedBy: string | null;
  replies: PinReply[];
}

export function boardComments(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('comments');
}

const cleanText = (text: string) => text.normalize('NFC').trim().slice(0, MAX_COMMENT_LENGTH);

function readAuthor(value: unknown): Author {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  return {
    name: typeof raw.name === 'string' ? raw.name.slice(0, 40) : '',
    color: typeof raw.color === 'string' && HEX_COLOR.test(raw.color) ? raw.color.toLowerCase() : '#34495e',
  };
}

function readReplies(value: unknown): PinReply[] {
  if (!(value instanceof Y.Array)) return [];
  const replies: PinReply[] = [];
  for (const raw of value.toArray().slice(0, MAX_REPLIES)) {
    if (typeof raw !== 'object' || raw === null) continue;
    const reply = raw as Record<string, unknown>;
    if (typeof reply.id !== 'string' || typeof reply.text !== 'string' || !reply.text.trim()) continue;
    replies.push({
      id: reply.id,
      text: reply.text.slice(0, MAX_COMMENT_LENGTH),
      author: readAuthor(reply.author),
      at: typeof reply.at === 'number' && Number.isFinite(reply.at) ? reply.at : 0,
    });
  }
  return replies;
}

export function readPin(id: string, map: Y.Map<unknown>): Pin | null {
  const cardId = readNullableString(map, 'cardId');
  const page = readNullableString(map, 'page');
  const region = readPageRect(map.get('region'));
  if (!cardId || !page || !region) return null;
  return {
    id,
    cardId,
    page,
    region,
    text: readString(map, 'text').slice(0, MAX_COMMENT_LENGTH),
    author: readAuthor(map.get('author')),
    createdAt: readNumber(map, 'createdAt'),
    resolved: readBoolean(map, 'resolved'),
    resolvedBy: readNullableString(map, 'resolvedBy'),
    replies: readReplies(map.get('replies')),
  };
}

/** Every pin, oldest first (a thread reads in the order it was said). */
export function listPins(doc: Y.Doc): Pin[] {
  const pins: Pin[] = [];
  boardComments(doc).forEach((value, id) => {
    const map = asRecord(value);
    const pin = map ? readPin(id, map) : null;
    if (pin) pins.push(pin);
  });
  return pins.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

export function getPin(doc: Y.Doc, id: string): Pin | null {
  const map = asRecord(boardComments(doc).get(id));
  return map ? readPin(id, map) : null;
}

export interface NewPin {
  cardId: string;
  page: string;
  region: PageRect;
  text: string;
  author: Author;
  createdAt?: number;
}

export function addPin(doc: Y.Doc, pin: NewPin, id = newId(10)): string | null {
  const region = readPageRect(pin.region);
  const text = cleanText(pin.text);
  if (!region || !text) return null;
  const map = new Y.Map<unknown>();
  map.set('cardId', pin.cardId);
  map.set('page', pin.page);
  map.set('region', region);
  map.set('text', text);
  map.set('author', { name: pin.author.name.slice(0, 40), color: pin.author.color });
  map.set('createdAt', pin.createdAt ?? Date.now());
  map.set('resolved', false);
  map.set('replies', new Y.Array<unknown>());
  boardComments(doc).set(id, map);
  return id;
}

export function replyToPin(doc: Y.Doc, pinId: string, text: string, author: Author, at = Date.now()): boolean {
  const map = asRecord(boardComments(doc).get(pinId));
  const clean = cleanText(text);
  if (!map || !clean) return false;
  doc.transact(() => {
    let replies = map.get('replies');
    if (!(replies instanceof Y.Array)) {
      replies = new Y.Array<unknown>();
      map.set('replies', replies);
    }
    const list = replies as Y.Array<unknown>;
    if (list.length < MAX_REPLIES)
      list.push([{ id: newId(10), text: clean, author: { name: author.name.slice(0, 40), color: author.color }, at }]);
  });
  return true;
}

export function setPinResolved(doc: Y.Doc, pinId: string, resolved: boolean, by: string): void {
  const map = asRecord(boardComments(doc).get(pinId));
  if (!map) return;
  doc.transact(() => {
    map.set('resolved', resolved);
    if (resolved) map.set('resolvedBy', by.slice(0, 40));
    else map.delete('resolvedBy');
  });
}

export function deletePin(doc: Y.Doc, pinId: string): void {
  boardComments(doc).delete(pinId);
}

/** The token a pile's description cites a pin with. */
export function citationToken(pinId: string): string {
  return `[pin:${pinId}]`;
}

const CITATION = /\[pin:([0-9a-z]{4,32})\]/g;

/** The pins a text cites, in order of first citation. */
export function citedPins(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(CITATION)) {
    const id = match[1] as string;
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The text with each citation replaced by `describe(pinId)` (a token citing a deleted pin reads as `missing`). */
export function replaceCitations(text: string, describe: (pinId: string) => string | null, missing = ''): string {
  return text.replace(CITATION, (_token, id: string) => describe(id) ?? missing);
}
