// The board's title and task, live.
import type * as Y from 'yjs';
import type { BoardMeta } from '#shared/schema/meta.js';
import { documentStore, useStore } from '../../sync/documentStore.js';

export function useMeta(doc: Y.Doc): BoardMeta {
  return useStore(documentStore(doc).meta);
}
