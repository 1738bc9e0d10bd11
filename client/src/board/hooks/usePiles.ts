// The board's piles as immutable records; untouched piles keep their identity between changes.
import type * as Y from 'yjs';
import type { Pile } from '#shared/schema/pile.js';
import { documentStore, useStore } from '../../sync/documentStore.js';

export function usePiles(doc: Y.Doc): ReadonlyMap<string, Pile> {
  return useStore(documentStore(doc).piles);
}
