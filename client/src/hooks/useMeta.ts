// The board's title and task, live.
import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { boardMeta } from '../../../shared/schema/board.js';
import { type BoardMeta, readMeta } from '../../../shared/schema/meta.js';

interface MetaStore {
  subscribe(listener: () => void): () => void;
  snapshot(): BoardMeta;
}

const stores = new WeakMap<Y.Doc, MetaStore>();

function metaStore(doc: Y.Doc): MetaStore {
  let store = stores.get(doc);
  if (!store) {
    let meta = readMeta(doc);
    const listeners = new Set<() => void>();
    boardMeta(doc).observe(() => {
      meta = readMeta(doc);
      for (const listener of listeners) listener();
    });
    store = {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      snapshot: () => meta,
    };
    stores.set(doc, store);
  }
  return store;
}

export function useMeta(doc: Y.Doc): BoardMeta {
  const store = metaStore(doc);
  return useSyncExternalStore(store.subscribe, store.snapshot);
}
