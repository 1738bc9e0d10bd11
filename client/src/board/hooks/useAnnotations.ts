// Annotations of a board for React, live: ink strokes (grouped by card, so a card redraws only when
// its own ink changes), evidence pins and sticky notes. One observer per document and kind.
import type * as Y from 'yjs';
import { boardComments, listPins, type Pin } from '#shared/schema/comments.js';
import type { InkStroke } from '#shared/schema/ink.js';
import { boardNotes, listNotes, type StickyNote } from '#shared/schema/notes.js';
import { documentStore, type InkSnapshot, useStore, useStoreSelect } from '../../sync/documentStore.js';
import { useOptionalBoard } from '../session.js';
import { useDocValue } from './docValue.js';

export type { InkSnapshot };

const EMPTY: readonly InkStroke[] = [];
const NO_INK: InkSnapshot = { byCard: new Map(), board: EMPTY };
const NO_BOARD = { subscribe: () => () => {}, snapshot: () => NO_INK };

export function useInk(doc: Y.Doc): InkSnapshot {
  return useStore(documentStore(doc).ink);
}

/** The strokes on one page of one card. */
export function useCardInk(cardId: string, page: string | null): readonly InkStroke[] {
  const store = useOptionalBoard()?.store.ink ?? NO_BOARD;
  const all = useStoreSelect(store, (ink) => ink.byCard.get(cardId) ?? EMPTY);
  return pageStrokes(all, page);
}

const pageCache = new WeakMap<readonly InkStroke[], Map<string, readonly InkStroke[]>>();

/** The strokes of one page, the same array each time for the same card strokes. */
export function pageStrokes(strokes: readonly InkStroke[], page: string | null): readonly InkStroke[] {
  if (!page || strokes.length === 0) return EMPTY;
  let byPage = pageCache.get(strokes);
  if (!byPage) {
    byPage = new Map();
    pageCache.set(strokes, byPage);
  }
  let list = byPage.get(page);
  if (!list) {
    list = strokes.filter((stroke) => stroke.page === page);
    if (list.length === 0) list = EMPTY;
    byPage.set(page, list);
  }
  return list;
}

const pinTypes = (doc: Y.Doc) => [boardComments(doc) as Y.AbstractType<unknown>];
const noteTypes = (doc: Y.Doc) => [boardNotes(doc) as Y.AbstractType<unknown>];

export function usePins(doc: Y.Doc): Pin[] {
  return useDocValue(doc, 'pins', pinTypes, listPins);
}

export function useNotes(doc: Y.Doc): StickyNote[] {
  return useDocValue(doc, 'notes', noteTypes, listNotes);
}
