// Whether sorting is locked in this protocol phase, said in words that name who locked it: the
// canvas refuses to lift a card, and the full view and the board's keys refuse their moves, all
// with this one message, before anything moves, rather than the server refusing the drop afterwards.
import type * as Y from 'yjs';
import { authorOf } from '#shared/schema/authors.js';
import { boardProtocol } from '#shared/schema/protocol.js';
import { type Translate, useT } from '../../i18n/index.js';
import { useBoard, useBoardSorting } from '../session.js';

/** The words for a refused move while sorting is locked, naming who locked it when known. */
export function sortLockMessage(doc: Y.Doc, t: Translate): string {
  // Every value keeps the client that wrote it: the locks were last set by the facilitator.
  const who = authorOf(doc, boardProtocol(doc), 'locks')?.name.trim();
  return who ? t('lock.cannotMove', { who }) : t('lock.cannotMoveAnyone');
}

/** The message to show when someone tries to move a card, or null while cards may move. */
export function useSortLock(): string | null {
  const { doc, canEdit } = useBoard();
  const { protocol } = useBoardSorting();
  const t = useT();
  if (!canEdit || !protocol.locks.sort) return null;
  return sortLockMessage(doc, t);
}
