// The top-level shared types of a board's Y.Doc (README, "The board document").
import * as Y from 'yjs';

export type RecordMap = Y.Map<unknown>;

export function boardMeta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('meta');
}

export function boardPiles(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('piles');
}

export function boardCards(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('cards');
}

/** A record map if `value` is one; hostile clients can put anything under a key. */
export function asRecord(value: unknown): RecordMap | null {
  return value instanceof Y.Map ? (value as RecordMap) : null;
}
