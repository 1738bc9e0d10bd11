// The board's lesson study focus students (shared/schema/focus.ts) for React: the list for panels,
// and a per-card yes/no for card shapes, so marking one student redraws only that card.
import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { boardCards } from '../../../shared/schema/board.js';
import { boardFocus, readFocusStudents } from '../../../shared/schema/focus.js';

interface FocusStore {
  subscribe(listener: () => void): () => void;
  snapshot(): ReadonlySet<string>;
  list(): readonly string[];
}

const stores = new WeakMap<Y.Doc, FocusStore>();

function focusStore(doc: Y.Doc): FocusStore {
  const existing = stores.get(doc);
  if (existing) return existing;
  let list = readFocusStudents(doc);
  let set: ReadonlySet<string> = new Set(list);
  const listeners = new Set<() => void>();
  const refresh = () => {
    const next = readFocusStudents(doc);
    if (next.length === list.length && next.every((id, i) => id === list[i])) return;
    list = next;
    set = new Set(next);
    for (const listener of listeners) listener();
  };
  boardFocus(doc).observe(refresh);
  // A deleted card stops being a focus student; only additions and deletions of cards matter here.
  boardCards(doc).observe(refresh);
  const store: FocusStore = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => set,
    list: () => list,
  };
  stores.set(doc, store);
  return store;
}

/** Card ids of the focus students, in the order they were marked. */
export function useFocusStudents(doc: Y.Doc): readonly string[] {
  const store = focusStore(doc);
  return useSyncExternalStore(store.subscribe, store.list);
}

const NONE: ReadonlySet<string> = new Set();
let activeStore: FocusStore | null = null;

/**
 * Names the board on screen, for card shapes deep in the canvas that have no document of their
 * own (as `setActiveInk` does for ink); the board page calls it while it renders.
 */
export function setActiveFocusBoard(doc: Y.Doc): void {
  activeStore = focusStore(doc);
}

const ACTIVE = {
  subscribe: (listener: () => void) => activeStore?.subscribe(listener) ?? (() => {}),
  snapshot: () => activeStore?.snapshot() ?? NONE,
};

/** Whether a card of the board on screen is a focus student. */
export function useIsFocusStudent(cardId: string): boolean {
  return useSyncExternalStore(ACTIVE.subscribe, () => ACTIVE.snapshot().has(cardId));
}
