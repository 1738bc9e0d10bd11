// The board's piles as immutable records; untouched piles keep their identity between changes.
import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { asRecord, boardPiles } from '../../../shared/schema/board.js';
import { type Pile, readPile } from '../../../shared/schema/pile.js';
import { type RecordStore, recordStore } from './recordStore.js';

const stores = new WeakMap<Y.Doc, RecordStore<Pile>>();

function pileStore(doc: Y.Doc): RecordStore<Pile> {
  let store = stores.get(doc);
  if (!store) {
    store = recordStore(boardPiles(doc), (id, value) => {
      const map = asRecord(value);
      return map ? readPile(id, map) : null;
    });
    stores.set(doc, store);
  }
  return store;
}

export function usePiles(doc: Y.Doc): ReadonlyMap<string, Pile> {
  const store = pileStore(doc);
  return useSyncExternalStore(store.subscribe, store.snapshot);
}
