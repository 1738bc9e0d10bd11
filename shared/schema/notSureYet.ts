// The built-in "Not sure yet" pile: every board made from a template has it, so nobody has to force
// a card into a group they doubt (strategy, not ability). It has a fixed id, so two creations are
// the same pile, and the server refuses any update that deletes or replaces it.
import type * as Y from 'yjs';
import { layoutSortBoard, newPileSpotSorted, widthForColumns } from '../sortLayout.js';
import type { TemplateLanguage } from '../templates.js';
import { boardPiles } from './board.js';
import { listCards } from './card.js';
import { createPile, listPiles, MIN_PILE_HEIGHT } from './pile.js';

export const NOT_SURE_YET_PILE_ID = 'not-sure-yet';

export const NOT_SURE_YET_TITLES: Readonly<Record<TemplateLanguage, string>> = { en: 'Not sure yet', es: 'Aún no estamos seguros' };

/** Grey: it is not a strategy, and it should not compete with the strategy piles' hues. */
export const NOT_SURE_YET_COLOR = '#999999';

export function isBuiltInPile(pileId: string): boolean {
  return pileId === NOT_SURE_YET_PILE_ID;
}

/** Adds the pile in the next free spot unless the board has it (in the caller's transaction, if any). */
export function ensureNotSureYetPile(doc: Y.Doc, language: TemplateLanguage = 'en'): boolean {
  if (boardPiles(doc).has(NOT_SURE_YET_PILE_ID)) return false;
  const w = widthForColumns(3);
  const layout = layoutSortBoard({ cards: listCards(doc), piles: listPiles(doc) });
  const spot = newPileSpotSorted(layout, { w, h: MIN_PILE_HEIGHT });
  createPile(
    doc,
    { title: NOT_SURE_YET_TITLES[language], color: NOT_SURE_YET_COLOR, x: spot.x, y: spot.y, w, h: MIN_PILE_HEIGHT },
    NOT_SURE_YET_PILE_ID,
  );
  return true;
}
