// A snapshot of a Y.Map of records (cards, piles) for React: a new Map after every change, in which
// untouched records keep their identity so that memoised components skip them. The store observes
// its map for as long as the document lives (stores are kept per document, see useCards).
import * as Y from 'yjs';

export interface RecordStore<T> {
  subscribe(listener: () => void): () => void;
  snapshot(): ReadonlyMap<string, T>;
}

export function recordStore<V, T>(map: Y.Map<V>, read: (id: string, value: V | undefined) => T | null): RecordStore<T> {
  let records = new Map<string, T>();
  const listeners = new Set<() => void>();

  const refresh = (id: string) => {
    const record = map.has(id) ? read(id, map.get(id)) : null;
    if (record) records.set(id, record);
    else records.delete(id);
  };
  map.forEach((_value, id) => {
    refresh(id);
  });

  map.observeDeep((events) => {
    const touched = new Set<string>();
    for (const event of events) {
      if (event.target === map && event instanceof Y.YMapEvent) {
        for (const key of event.keysChanged) touched.add(key);
      } else {
        // A change inside a record: the first step of its path from `map` is the record's id.
        const id = event.path[0];
        if (typeof id === 'string') touched.add(id);
      }
    }
    if (touched.size === 0) return;
    records = new Map(records);
    for (const id of touched) refresh(id);
    for (const listener of listeners) listener();
  });

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => records,
  };
}
