// The board's tag list: the words a team agrees on for what the work shows ("number line",
// "base-ten drawing", "counting on"), offered as completions on every card. A top-level map keyed
// by tag, so two people adding the same tag at once end with one entry, not two.
import type * as Y from 'yjs';
import { cleanTag, sameTag } from './card.js';

/** Most tags a board keeps: a list people scan, not a dictionary. */
export const MAX_BOARD_TAGS = 200;

export function boardTags(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('tags');
}

/** The board's tags in the order they were added; one entry per tag whatever its case. */
export function listBoardTags(doc: Y.Doc): string[] {
  const entries: { tag: string; order: number }[] = [];
  boardTags(doc).forEach((value, key) => {
    const tag = cleanTag(key);
    if (!tag) return;
    entries.push({ tag, order: typeof value === 'number' && Number.isFinite(value) ? value : Number.MAX_SAFE_INTEGER });
  });
  entries.sort((a, b) => a.order - b.order || a.tag.localeCompare(b.tag));
  const tags: string[] = [];
  for (const { tag } of entries) if (!tags.some((known) => sameTag(known, tag))) tags.push(tag);
  return tags.slice(0, MAX_BOARD_TAGS);
}

/** Adds the tags the list lacks (in any case), in the order given. */
export function addBoardTags(doc: Y.Doc, tags: readonly string[]): void {
  const known = listBoardTags(doc);
  const map = boardTags(doc);
  let next = 0;
  map.forEach((value) => {
    if (typeof value === 'number' && Number.isFinite(value)) next = Math.max(next, value + 1);
  });
  doc.transact(() => {
    for (const raw of tags) {
      const tag = cleanTag(raw);
      if (!tag || known.length >= MAX_BOARD_TAGS || known.some((existing) => sameTag(existing, tag))) continue;
      map.set(tag, next++);
      known.push(tag);
    }
  });
}

/** Takes a tag off the list (cards keep it: the list only offers completions). */
export function removeBoardTag(doc: Y.Doc, tag: string): void {
  const map = boardTags(doc);
  doc.transact(() => {
    for (const key of [...map.keys()]) if (sameTag(key, tag)) map.delete(key);
  });
}

/** Tags of `list` that match what someone is typing: starts-with first, then contains; never `exclude`d ones. */
export function suggestTags(list: readonly string[], typed: string, exclude: readonly string[] = [], limit = 8): string[] {
  const query = cleanTag(typed).toLocaleLowerCase();
  const open = list.filter((tag) => !exclude.some((taken) => sameTag(taken, tag)));
  if (!query) return open.slice(0, limit);
  const starts = open.filter((tag) => tag.toLocaleLowerCase().startsWith(query));
  const words = open.filter(
    (tag) =>
      !starts.includes(tag) &&
      tag
        .toLocaleLowerCase()
        .split(/[\s-]+/)
        .some((word) => word.startsWith(query)),
  );
  const contains = open.filter((tag) => !starts.includes(tag) && !words.includes(tag) && tag.toLocaleLowerCase().includes(query));
  return [...starts, ...words, ...contains].slice(0, limit);
}
