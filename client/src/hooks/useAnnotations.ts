// Annotations of a board for React, live: ink strokes (grouped by card, so a card redraws only when
// its own ink changes), evidence pins and sticky notes. One observer per document and kind.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { boardComments, listPins, type Pin } from '../../../shared/schema/comments.js';
import { boardInk, type InkStroke, listStrokes } from '../../../shared/schema/ink.js';
import { boardNotes, listNotes, type StickyNote } from '../../../shared/schema/notes.js';
import { useDocValue } from './docValue.js';

export interface InkSnapshot {
  /** Strokes of each card, oldest first; a card's array keeps its identity while its ink is unchanged. */
  byCard: ReadonlyMap<string, readonly InkStroke[]>;
  /** Strokes on bare board. */
  board: readonly InkStroke[];
}

export interface InkStore {
  subscribe(listener: () => void): () => void;
  snapshot(): InkSnapshot;
}

const EMPTY: readonly InkStroke[] = [];
const inkStores = new WeakMap<Y.Doc, InkStore>();

const sameStrokes = (a: readonly InkStroke[] | undefined, b: readonly InkStroke[]) =>
  a !== undefined && a.length === b.length && a.every((stroke, i) => stroke.id === b[i]?.id);

/** The ink of a board, re-read on every change to the `ink` map; strokes never change once written. */
export function inkStore(doc: Y.Doc): InkStore {
  let store = inkStores.get(doc);
  if (store) return store;
  const listeners = new Set<() => void>();
  const read = (previous: InkSnapshot | null): InkSnapshot => {
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
    return { byCard, board: previous && sameStrokes(previous.board, board) ? previous.board : board };
  };
  let snapshot = read(null);
  boardInk(doc).observeDeep(() => {
    snapshot = read(snapshot);
    for (const listener of listeners) listener();
  });
  store = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => snapshot,
  };
  inkStores.set(doc, store);
  return store;
}

/** The board's ink store, for shapes deep inside the canvas (bridged into the Konva stage by react-konva). */
export const InkContext = createContext<InkStore | null>(null);

const NO_INK: InkSnapshot = { byCard: new Map(), board: EMPTY };
let activeStore: InkStore | null = null;

/**
 * The ink store of the board on screen, for card shapes that render without an InkContext
 * provider above them (the canvas is the sorting area's; the board page names its board's ink
 * here while it renders, before the canvas does).
 */
export function setActiveInk(doc: Y.Doc): void {
  activeStore = inkStore(doc);
}

const ACTIVE: InkStore = {
  subscribe: (listener) => activeStore?.subscribe(listener) ?? (() => {}),
  snapshot: () => activeStore?.snapshot() ?? NO_INK,
};

export function useInk(doc: Y.Doc): InkSnapshot {
  const store = inkStore(doc);
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

/** The strokes on one page of one card. */
export function useCardInk(cardId: string, page: string | null): readonly InkStroke[] {
  const store = useContext(InkContext) ?? ACTIVE;
  const all = useSyncExternalStore(store.subscribe, () => store.snapshot().byCard.get(cardId) ?? EMPTY);
  return pageStrokes(all, page);
}

const pageCache = new WeakMap<readonly InkStroke[], Map<string, readonly InkStroke[]>>();

/** The strokes of one page, the same array each time for the same card strokes. */
export function pageStrokes(strokes: readonly InkStroke[], page: string | null): readonly InkStroke[] {
  if (!page || strokes.length === 0) return EMPTY;
  let byPage = pageCache.get(strokes);
  if (!byPage) {
    byPage = new Map();
    pageCache.set(strokes, byPage);
  }
  let list = byPage.get(page);
  if (!list) {
    list = strokes.filter((stroke) => stroke.page === page);
    if (list.length === 0) list = EMPTY;
    byPage.set(page, list);
  }
  return list;
}

const pinTypes = (doc: Y.Doc) => [boardComments(doc) as Y.AbstractType<unknown>];
const noteTypes = (doc: Y.Doc) => [boardNotes(doc) as Y.AbstractType<unknown>];

export function usePins(doc: Y.Doc): Pin[] {
  return useDocValue(doc, 'pins', pinTypes, listPins);
}

export function useNotes(doc: Y.Doc): StickyNote[] {
  return useDocValue(doc, 'notes', noteTypes, listNotes);
}
