// Who made a change: each editing client records its Yjs client id with the name and colour it
// shows in presence, once per session, in the top-level `authors` map. Every value in the
// document remembers the client id that wrote it, so "who put this card in that pile" is the
// author of the item holding its `pileId`, read from any copy of the document (a snapshot too).
// Names are what people called themselves, as in presence: for attribution, not for security.
import * as Y from 'yjs';
import { asRecord } from './board.js';
import { readColor, readString } from './fields.js';

export interface Author {
  name: string;
  color: string;
}

const MAX_AUTHOR_NAME = 80;

export function boardAuthors(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('authors');
}

/** Records `doc.clientID` as `author`, unless it already is (one small write per session). */
export function registerAuthor(doc: Y.Doc, author: Author): void {
  const name = author.name.trim().slice(0, MAX_AUTHOR_NAME);
  const key = String(doc.clientID);
  const current = asRecord(boardAuthors(doc).get(key));
  if (current && readString(current, 'name') === name && readString(current, 'color') === author.color) return;
  const record = new Y.Map<unknown>();
  record.set('name', name);
  record.set('color', author.color);
  boardAuthors(doc).set(key, record);
}

export function readAuthor(doc: Y.Doc, clientId: number): Author | null {
  const record = asRecord(boardAuthors(doc).get(String(clientId)));
  if (!record) return null;
  const name = readString(record, 'name').trim();
  return name ? { name, color: readColor(record, 'color', '#525b6c') } : null;
}

/** The client that last wrote `key` of `map`, or null when the key is unset. */
export function writerOf(map: Y.Map<unknown>, key: string): number | null {
  // Yjs keeps the item holding each key's current value, with the id of the client that wrote it.
  const item = (map as unknown as { _map: Map<string, { id: { client: number }; deleted: boolean }> })._map.get(key);
  return item && !item.deleted ? item.id.client : null;
}

/** Who last wrote `key` of `map`, by the name they gave; null when unknown. */
export function authorOf(doc: Y.Doc, map: Y.Map<unknown>, key: string): Author | null {
  const client = writerOf(map, key);
  return client === null ? null : readAuthor(doc, client);
}
