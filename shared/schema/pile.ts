// A pile groups cards that show the same thinking: a title, a colour, a rectangle on the board,
// and two collaborative texts, what the pile shows (`description`) and what to do next (`nextSteps`).
import * as Y from 'yjs';
import { DEFAULT_PILE_COLOR } from '../colors.js';
import { newId } from '../ids.js';
import { asRecord, boardCards, boardPiles } from './board.js';
import { readBoolean, readColor, readNumber, readString, readText } from './fields.js';

export interface Pile {
  id: string;
  title: string;
  color: string;
  x: number;
  y: number;
  w: number;
  h: number;
  description: string;
  nextSteps: string;
  /** Folded to a stack showing its count, to make room (everyone sees it folded). */
  collapsed: boolean;
  /** Place in the team's trajectory, less to more sophisticated (lower first); null when unordered. */
  order: number | null;
  /** Named in protocol step 1, before anyone sorted: a strategy the team expected to see. */
  anticipated: boolean;
  /**
   * The title for which the team dismissed the reminder that the name sounds like an ability tier
   * (shared/tierNames.ts); renaming the pile to another tier-like name brings the reminder back.
   */
  tierReminderDismissed: string;
}

export interface NewPile {
  title: string;
  color?: string;
  x: number;
  y: number;
  w: number;
  h: number;
  description?: string;
  nextSteps?: string;
  collapsed?: boolean;
  order?: number;
  anticipated?: boolean;
}

export const MIN_PILE_WIDTH = 220;
export const MIN_PILE_HEIGHT = 160;

export function readPile(id: string, map: Y.Map<unknown>): Pile {
  return {
    id,
    title: readString(map, 'title'),
    color: readColor(map, 'color', DEFAULT_PILE_COLOR),
    x: readNumber(map, 'x'),
    y: readNumber(map, 'y'),
    w: Math.max(MIN_PILE_WIDTH, readNumber(map, 'w', MIN_PILE_WIDTH)),
    h: Math.max(MIN_PILE_HEIGHT, readNumber(map, 'h', MIN_PILE_HEIGHT)),
    description: readText(map, 'description'),
    nextSteps: readText(map, 'nextSteps'),
    collapsed: readBoolean(map, 'collapsed'),
    order: readOrder(map),
    anticipated: readBoolean(map, 'anticipated'),
    tierReminderDismissed: readString(map, 'tierReminderDismissed'),
  };
}

function readOrder(map: Y.Map<unknown>): number | null {
  const order = map.get('order');
  return typeof order === 'number' && Number.isFinite(order) ? order : null;
}

export function listPiles(doc: Y.Doc): Pile[] {
  const piles: Pile[] = [];
  boardPiles(doc).forEach((value, id) => {
    const map = asRecord(value);
    if (map) piles.push(readPile(id, map));
  });
  return piles;
}

export function getPile(doc: Y.Doc, id: string): Pile | null {
  const map = asRecord(boardPiles(doc).get(id));
  return map ? readPile(id, map) : null;
}

export function createPile(doc: Y.Doc, init: NewPile, id = newId()): string {
  const map = new Y.Map<unknown>();
  map.set('title', init.title);
  map.set('color', init.color ?? DEFAULT_PILE_COLOR);
  map.set('x', init.x);
  map.set('y', init.y);
  map.set('w', Math.max(MIN_PILE_WIDTH, init.w));
  map.set('h', Math.max(MIN_PILE_HEIGHT, init.h));
  map.set('description', new Y.Text(init.description ?? ''));
  map.set('nextSteps', new Y.Text(init.nextSteps ?? ''));
  if (init.collapsed) map.set('collapsed', true);
  if (init.order !== undefined && Number.isFinite(init.order)) map.set('order', init.order);
  if (init.anticipated) map.set('anticipated', true);
  boardPiles(doc).set(id, map);
  return id;
}

export type PilePatch = Partial<
  Pick<Pile, 'title' | 'color' | 'x' | 'y' | 'w' | 'h' | 'collapsed' | 'anticipated' | 'tierReminderDismissed'>
>;

export function updatePile(doc: Y.Doc, id: string, patch: PilePatch): void {
  const map = asRecord(boardPiles(doc).get(id));
  if (!map) return;
  doc.transact(() => {
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined && map.get(key) !== value) map.set(key, value);
    }
  });
}

/** The live collaborative text of a pile field, for editors bound to it. */
export function pileText(doc: Y.Doc, id: string, field: 'description' | 'nextSteps'): Y.Text | null {
  const value = asRecord(boardPiles(doc).get(id))?.get(field);
  return value instanceof Y.Text ? value : null;
}

/** Deletes a pile; its cards go back to unsorted, never deleted. */
export function deletePile(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    boardCards(doc).forEach((value) => {
      const card = asRecord(value);
      if (card?.get('pileId') === id) card.set('pileId', null);
    });
    boardPiles(doc).delete(id);
  });
}
