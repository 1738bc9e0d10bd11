// The board's lesson study focus students (shared/schema/focus.ts) for React: the list for panels,
// and a per-card yes/no for card shapes, so marking one student redraws only that card.
import type * as Y from 'yjs';
import { documentStore, useStore, useStoreSelect } from '../../sync/documentStore.js';
import { useOptionalBoard } from '../session.js';

/** Card ids of the focus students, in the order they were marked. */
export function useFocusStudents(doc: Y.Doc): readonly string[] {
  return useStore(documentStore(doc).focus).list;
}

const NO_BOARD = { subscribe: () => () => {}, snapshot: () => null };

/** Whether a card of the board on screen is a focus student (false off any board). */
export function useIsFocusStudent(cardId: string): boolean {
  const board = useOptionalBoard();
  const store = board?.store.focus ?? NO_BOARD;
  return useStoreSelect(store, (focus) => focus?.set.has(cardId) ?? false);
}
