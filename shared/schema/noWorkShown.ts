// The "No work shown" pile: where an upload puts a student's card whose every page is blank (an
// absent student's cover sheet and empty answer sheet, say), so it is seen and never deleted. It
// has a fixed id, so two uploads at once make the same pile.
import type * as Y from 'yjs';
import { layoutSortBoard, newPileSpotSorted, widthForColumns } from '../sortLayout.js';
import { boardPiles } from './board.js';
import { listCards } from './card.js';
import { createPile, listPiles, MIN_PILE_HEIGHT } from './pile.js';

export const NO_WORK_SHOWN_PILE_ID = 'no-work-shown';
export const NO_WORK_SHOWN_TITLE = 'No work shown';
/** Light grey: not a strategy, and quieter than "Not sure yet". */
export const NO_WORK_SHOWN_COLOR = '#bbbbbb';

/** Adds the pile in the next free spot unless the board has it (in the caller's transaction, if any); answers its id. */
export function ensureNoWorkShownPile(doc: Y.Doc): string {
  if (boardPiles(doc).has(NO_WORK_SHOWN_PILE_ID)) return NO_WORK_SHOWN_PILE_ID;
  const w = widthForColumns(3);
  const layout = layoutSortBoard({ cards: listCards(doc), piles: listPiles(doc) });
  const spot = newPileSpotSorted(layout, { w, h: MIN_PILE_HEIGHT });
  createPile(
    doc,
    { title: NO_WORK_SHOWN_TITLE, color: NO_WORK_SHOWN_COLOR, x: spot.x, y: spot.y, w, h: MIN_PILE_HEIGHT },
    NO_WORK_SHOWN_PILE_ID,
  );
  return NO_WORK_SHOWN_PILE_ID;
}
