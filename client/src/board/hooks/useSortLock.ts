// Whether sorting is locked in this protocol phase, said in words that name who locked it: the
// canvas refuses to lift a card and the full view refuses its number keys with this message,
// before anything moves (issue 19), rather than the server refusing the drop afterwards.
import { authorOf } from '#shared/schema/authors.js';
import { boardProtocol } from '#shared/schema/protocol.js';
import { useT } from '../../i18n/index.js';
import { useBoard, useBoardSorting } from '../session.js';

/** The message to show when someone tries to move a card, or null while cards may move. */
export function useSortLock(): string | null {
  const { doc, canEdit } = useBoard();
  const { protocol } = useBoardSorting();
  const t = useT();
  if (!canEdit || !protocol.locks.sort) return null;
  // Every value keeps the client that wrote it: the locks were last set by the facilitator.
  const who = authorOf(doc, boardProtocol(doc), 'locks')?.name.trim();
  return who ? t('lock.cannotMove', { who }) : t('lock.cannotMoveAnyone');
}
