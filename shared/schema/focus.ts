// Lesson study focus students: the few students a team follows closely through a cycle. Kept in the
// top-level `focus` map, card id → time it was marked, so two people marking at once both win and
// unmarking is one key deleted. The board, the comparison and the report show them first.
import type * as Y from 'yjs';
import { boardCards } from './board.js';

/** "A few": a lesson study follows a handful of students, not a class. */
export const MAX_FOCUS_STUDENTS = 5;

export function boardFocus(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('focus');
}

/**
 * The focus students' card ids, in the order they were marked (then by id). Marks of deleted
 * cards and junk values are skipped; if people marked more than the limit at once, the first
 * `MAX_FOCUS_STUDENTS` count and the rest are ignored everywhere alike.
 */
export function readFocusStudents(doc: Y.Doc): string[] {
  const cards = boardCards(doc);
  const marks: { id: string; at: number }[] = [];
  boardFocus(doc).forEach((at, id) => {
    if (typeof at === 'number' && Number.isFinite(at) && cards.has(id)) marks.push({ id, at });
  });
  return marks
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, MAX_FOCUS_STUDENTS)
    .map((mark) => mark.id);
}

export function isFocusStudent(doc: Y.Doc, cardId: string): boolean {
  return readFocusStudents(doc).includes(cardId);
}

/**
 * Marks or unmarks a card as a focus student. Answers false when marking is refused because the
 * board already has `MAX_FOCUS_STUDENTS` (or the card does not exist); unmarking always succeeds.
 */
export function setFocusStudent(doc: Y.Doc, cardId: string, focus: boolean, at = Date.now()): boolean {
  const map = boardFocus(doc);
  if (!focus) {
    if (map.has(cardId)) map.delete(cardId);
    return true;
  }
  const current = readFocusStudents(doc);
  if (current.includes(cardId)) return true;
  if (current.length >= MAX_FOCUS_STUDENTS || !boardCards(doc).has(cardId)) return false;
  doc.transact(() => {
    // Marks of deleted cards would otherwise stay in the document for ever.
    for (const id of [...map.keys()]) if (!boardCards(doc).has(id)) map.delete(id);
    map.set(cardId, at);
  });
  return true;
}

/**
 * The focus students first, in the order they were marked (`rank`, 0 first), then everyone else
 * in the order given. Items with no rank are not focus students.
 */
export function focusFirst<T>(items: readonly T[], rank: (item: T) => number | undefined): T[] {
  const focus: { item: T; rank: number }[] = [];
  const rest: T[] = [];
  for (const item of items) {
    const at = rank(item);
    if (at === undefined) rest.push(item);
    else focus.push({ item, rank: at });
  }
  return [...focus.sort((a, b) => a.rank - b.rank).map((entry) => entry.item), ...rest];
}
