// One live view of a board document for React. Every kind of record or value the client shows
// (cards, piles, title and task, focus students, ink, pins, protocol state…) is one `Store` here:
// observed once per document, re-read only when its own shared types change, and handed to
// components through `useStore`, so that a value which did not change keeps its identity and
// memoised components skip it.
import { useSyncExternalStore } from 'react';
import * as Y from 'yjs';
import { asRecord, boardCards, boardMeta, boardPiles } from '#shared/schema/board.js';
import { type Card, readCard } from '#shared/schema/card.js';
import { boardFocus, readFocusStudents } from '#shared/schema/focus.js';
import { boardInk, type InkStroke, listStrokes } from '#shared/schema/ink.js';
import { type BoardMeta, readMeta } from '#shared/schema/meta.js';
import { type Pile, readPile } from '#shared/schema/pile.js';

export interface Store<T> {
  subscribe(listener: () => void): () => void;
  snapshot(): T;
}

type SharedType = Y.AbstractType<unknown>;

/**
 * A value read from some shared types, re-read after every change to them (deeply) or, for
 * `shallow` types, to their own entries only. `read` receives the previous value and the change's
 * events, so it can keep what did not change; listeners hear of a change only when the value's
 * identity changed.
 */
export function observedStore<T>(
  deep: readonly SharedType[],
  read: (previous: T | null, events: readonly Y.YEvent<SharedType>[]) => T,
  shallow: readonly SharedType[] = [],
): Store<T> {
  let value = read(null, []);
  const listeners = new Set<() => void>();
  const refresh = (events: readonly Y.YEvent<SharedType>[]) => {
    const next = read(value, events);
    if (next === value) return;
    value = next;
    for (const listener of listeners) listener();
  };
  for (const type of deep) type.observeDeep((events) => refresh(events));
  for (const type of shallow) type.observe((event) => refresh([event as Y.YEvent<SharedType>]));
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => value,
  };
}

/**
 * A Y.Map of records as a map of immutable records: after a change only the records it touched
 * are read again, and every other record keeps its identity.
 */
export function recordStore<V, T>(
  map: Y.Map<V>,
  readRecord: (id: string, value: V | undefined) => T | null,
): Store<ReadonlyMap<string, T>> {
  const refresh = (records: Map<string, T>, id: string) => {
    const record = map.has(id) ? readRecord(id, map.get(id)) : null;
    if (record) records.set(id, record);
    else records.delete(id);
  };
  return observedStore<ReadonlyMap<string, T>>([map as SharedType], (previous, events) => {
    if (!previous) {
      const records = new Map<string, T>();
      for (const id of map.keys()) refresh(records, id);
      return records;
    }
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === (map as SharedType) && event instanceof Y.YMapEvent) {
        for (const key of event.keysChanged) touched.add(key);
      } else {
        // A change inside a record: the first step of its path from `map` is the record's id.
        const id = event.path[0];
        if (typeof id === 'string') touched.add(id);
      }
    }
    if (touched.size === 0) return previous;
    const records = new Map(previous);
    for (const id of touched) refresh(records, id);
    return records;
  });
}

export interface InkSnapshot {
  /** Strokes of each card, oldest first; a card's array keeps its identity while its ink is unchanged. */
  byCard: ReadonlyMap<string, readonly InkStroke[]>;
  /** Strokes on bare board. */
  board: readonly InkStroke[];
}

const NO_STROKES: readonly InkStroke[] = [];
const sameStrokes = (a: readonly InkStroke[] | undefined, b: readonly InkStroke[]) =>
  a !== undefined && a.length === b.length && a.every((stroke, i) => stroke.id === b[i]?.id);

/** Strokes never change once written: a card's list is new only when a stroke came or went. */
function readInk(doc: Y.Doc, previous: InkSnapshot | null): InkSnapshot {
  const grouped = new Map<string, InkStroke[]>();
  const board: InkStroke[] = [];
  for (const stroke of listStrokes(doc)) {
    if (stroke.cardId === null) board.push(stroke);
    else {
      const list = grouped.get(stroke.cardId) ?? [];
      list.push(stroke);
      grouped.set(stroke.cardId, list);
    }
  }
  const byCard = new Map<string, readonly InkStroke[]>();
  for (const [cardId, list] of grouped) {
    const before = previous?.byCard.get(cardId);
    byCard.set(cardId, before && sameStrokes(before, list) ? before : list);
  }
  return { byCard, board: previous && sameStrokes(previous.board, board) ? previous.board : board.length ? board : NO_STROKES };
}

export interface FocusStudents {
  /** Card ids in the order they were marked. */
  list: readonly string[];
  set: ReadonlySet<string>;
}

function readFocus(doc: Y.Doc, previous: FocusStudents | null): FocusStudents {
  const list = readFocusStudents(doc);
  if (previous && list.length === previous.list.length && list.every((id, i) => id === previous.list[i])) return previous;
  return { list, set: new Set(list) };
}

export interface DocumentStore {
  doc: Y.Doc;
  cards: Store<ReadonlyMap<string, Card>>;
  piles: Store<ReadonlyMap<string, Pile>>;
  meta: Store<BoardMeta>;
  focus: Store<FocusStudents>;
  ink: Store<InkSnapshot>;
  /** `read(doc)`, re-read whenever anything inside `types(doc)` changes; one store per `kind`. */
  value<T>(kind: string, types: (doc: Y.Doc) => SharedType[], read: (doc: Y.Doc) => T): Store<T>;
}

const documents = new WeakMap<Y.Doc, DocumentStore>();

/** The store of a document, made on first use and kept for as long as the document lives. */
export function documentStore(doc: Y.Doc): DocumentStore {
  const existing = documents.get(doc);
  if (existing) return existing;
  const values = new Map<string, Store<unknown>>();
  // Each store starts observing on first use: a page that never shows ink never reads it.
  const lazy = <T>(make: () => Store<T>): (() => Store<T>) => {
    let store: Store<T> | null = null;
    return () => {
      store ??= make();
      return store;
    };
  };
  const cards = lazy(() =>
    recordStore(boardCards(doc), (id, value) => {
      const map = asRecord(value);
      return map ? readCard(id, map) : null;
    }),
  );
  const piles = lazy(() =>
    recordStore(boardPiles(doc), (id, value) => {
      const map = asRecord(value);
      return map ? readPile(id, map) : null;
    }),
  );
  const meta = lazy(() => observedStore([boardMeta(doc) as SharedType], () => readMeta(doc)));
  // A deleted card stops being a focus student; only additions and deletions of cards matter here.
  const focus = lazy(() =>
    observedStore<FocusStudents>([boardFocus(doc) as SharedType], (previous) => readFocus(doc, previous), [boardCards(doc) as SharedType]),
  );
  const ink = lazy(() => observedStore<InkSnapshot>([boardInk(doc) as SharedType], (previous) => readInk(doc, previous)));
  const store: DocumentStore = {
    doc,
    get cards() {
      return cards();
    },
    get piles() {
      return piles();
    },
    get meta() {
      return meta();
    },
    get focus() {
      return focus();
    },
    get ink() {
      return ink();
    },
    value<T>(kind: string, types: (doc: Y.Doc) => SharedType[], read: (doc: Y.Doc) => T): Store<T> {
      let found = values.get(kind) as Store<T> | undefined;
      if (!found) {
        found = observedStore<T>(types(doc), () => read(doc));
        values.set(kind, found as Store<unknown>);
      }
      return found;
    },
  };
  documents.set(doc, store);
  return store;
}

/** The current value of a store; the component re-renders when it changes. */
export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

/** One part of a store's value (a card's ink, whether a card is a focus student), compared by identity. */
export function useStoreSelect<T, S>(store: Store<T>, select: (value: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => select(store.snapshot()));
}
