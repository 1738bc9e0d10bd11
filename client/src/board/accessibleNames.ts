// What a screen reader says for a card or a pile, shared by the outline view and the canvas's
// focus list: the student label (or "Student 7" while names are hidden), where it is, its tags,
// how many comments it has.
import type { Translate } from '../i18n/index.js';

export interface CardDescription {
  /** The label people see: the student's name, "Student 7" while hidden, or empty. */
  label: string;
  /** The pile's title, or null while unsorted. */
  pile: string | null;
  tags: readonly string[];
  comments: number;
  selected?: boolean;
}

export function cardName(t: Translate, card: CardDescription): string {
  const parts = [
    t('card.accessibleName', {
      label: card.label || t('card.unnamed'),
      place: card.pile === null ? t('card.inUnsorted') : t('card.inPile', { pile: card.pile || t('pile.untitled') }),
    }),
  ];
  if (card.tags.length > 0) parts.push(t('card.tagsList', { tags: card.tags.join(', ') }));
  if (card.comments > 0) parts.push(card.comments === 1 ? t('card.commentsOne') : t('card.commentsMany', { count: card.comments }));
  if (card.selected) parts.push(t('card.selectedState'));
  return parts.join(', ');
}

export function cardCount(t: Translate, count: number): string {
  return count === 1 ? t('pile.countOne') : t('pile.countMany', { count });
}

export function pileName(t: Translate, pile: { title: string; number: number; count: number }): string {
  const title = pile.title || t('pile.untitled');
  const count = cardCount(t, pile.count);
  return pile.number > 0
    ? t('pile.accessibleName', { number: pile.number, title, count })
    : t('pile.accessibleNameUnnumbered', { title, count });
}
