// The board's share-out sequences, live: one store per document, re-read when a sequence changes.
import type * as Y from 'yjs';
import { boardSequences, listSequences, type Sequence } from '#shared/schema/sequence.js';
import { useBoard } from '../../board/session.js';
import { useStore } from '../../sync/documentStore.js';

const sequencesOf = (doc: Y.Doc) => [boardSequences(doc) as unknown as Y.AbstractType<unknown>];

export function useSequences(): Sequence[] {
  const { store } = useBoard();
  return useStore(store.value('sequences', sequencesOf, listSequences));
}
