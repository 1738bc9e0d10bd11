// A value derived from some shared types of a board document, for React: re-read after every
// change to those types, kept per document and kind so every component shares one observer.
import type * as Y from 'yjs';
import { documentStore, useStore } from '../../sync/documentStore.js';

/** `read(doc)`, re-read whenever any of `types(doc)` (or anything inside them) changes. */
export function useDocValue<T>(doc: Y.Doc, kind: string, types: (doc: Y.Doc) => Y.AbstractType<unknown>[], read: (doc: Y.Doc) => T): T {
  return useStore(documentStore(doc).value(kind, types, read));
}
