// A value derived from some shared types of a board document, for React: re-read after every
// change to those types, kept per document and kind so every component shares one observer.
import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

interface Store<T> {
  subscribe(listener: () => void): () => void;
  snapshot(): T;
}

const stores = new WeakMap<Y.Doc, Map<string, Store<unknown>>>();

function storeOf<T>(doc: Y.Doc, kind: string, types: (doc: Y.Doc) => Y.AbstractType<unknown>[], read: (doc: Y.Doc) => T): Store<T> {
  let byKind = stores.get(doc);
  if (!byKind) {
    byKind = new Map();
    stores.set(doc, byKind);
  }
  let store = byKind.get(kind) as Store<T> | undefined;
  if (!store) {
    let value = read(doc);
    const listeners = new Set<() => void>();
    const refresh = () => {
      value = read(doc);
      for (const listener of listeners) listener();
    };
    for (const type of types(doc)) type.observeDeep(refresh);
    store = {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      snapshot: () => value,
    };
    byKind.set(kind, store as Store<unknown>);
  }
  return store;
}

/** `read(doc)`, re-read whenever any of `types(doc)` (or anything inside them) changes. */
export function useDocValue<T>(doc: Y.Doc, kind: string, types: (doc: Y.Doc) => Y.AbstractType<unknown>[], read: (doc: Y.Doc) => T): T {
  const store = storeOf(doc, kind, types, read);
  return useSyncExternalStore(store.subscribe, store.snapshot);
}
