// Restoring a snapshot as a new change. The snapshot's document is loaded into a scratch Y.Doc
// and the live document is rewritten, inside one server change, until its meta, piles and cards
// read exactly like the snapshot's: records the snapshot lacks are deleted, records it has are
// set field by field (only fields that differ are written), collaborative texts are edited to the
// snapshot's text. Nothing is rolled back or replaced wholesale, so every client receives an
// ordinary update, undo stacks and text cursors survive, and the board's history (earlier
// snapshots, the update log) is untouched. Other top-level types (ink, notes, …) are left alone:
// their shapes belong to their own modules.
import * as Y from 'yjs';
import { boardCards, boardMeta, boardPiles } from '#shared/schema/board.js';

/** Rewrites `live` to match `snapshot` (call inside a transaction, e.g. `room.change`). */
export function restoreBoard(live: Y.Doc, snapshot: Y.Doc): void {
  // The live board keeps its own schema version: the snapshot was migrated to it on load.
  mirrorMap(boardMeta(live), boardMeta(snapshot), new Set(['schemaVersion']));
  mirrorMap(untyped(boardPiles(live)), untyped(boardPiles(snapshot)));
  mirrorMap(untyped(boardCards(live)), untyped(boardCards(snapshot)));
}

/** The record maps as they really are: whatever clients wrote, which the mirror copies as it is. */
function untyped<T>(map: Y.Map<T>): Y.Map<unknown> {
  return map as unknown as Y.Map<unknown>;
}

/** Makes `target` hold the same keys and values as `source`, writing only what differs. */
export function mirrorMap(target: Y.Map<unknown>, source: Y.Map<unknown>, keep: ReadonlySet<string> = new Set()): void {
  for (const key of [...target.keys()]) {
    if (!keep.has(key) && !source.has(key)) target.delete(key);
  }
  for (const [key, value] of source.entries()) {
    if (keep.has(key)) continue;
    const current = target.get(key);
    if (value instanceof Y.Text && current instanceof Y.Text) {
      if (!sameDelta(current, value)) editText(current, value);
    } else if (value instanceof Y.Map && current instanceof Y.Map) {
      mirrorMap(current, value);
    } else if (value instanceof Y.Array && current instanceof Y.Array) {
      mirrorArray(current, value);
    } else if (value instanceof Y.AbstractType) {
      target.set(key, value.clone());
    } else if (!sameValue(current, value)) {
      target.set(key, value);
    }
  }
}

function mirrorArray(target: Y.Array<unknown>, source: Y.Array<unknown>): void {
  if (sameValue(target.toJSON(), source.toJSON())) return;
  target.delete(0, target.length);
  target.insert(
    0,
    source.toArray().map((item) => (item instanceof Y.AbstractType ? item.clone() : item)),
  );
}

function sameDelta(a: Y.Text, b: Y.Text): boolean {
  return JSON.stringify(a.toDelta()) === JSON.stringify(b.toDelta());
}

/**
 * Edits `target` into `source`'s text: keeps the common start and end and replaces the middle,
 * so a participant typing in the same text keeps their place. Formatting is copied when the
 * snapshot's text has any.
 */
function editText(target: Y.Text, source: Y.Text): void {
  const before = target.toString();
  const after = source.toString();
  const formatted = source.toDelta().some((op: { attributes?: unknown }) => op.attributes !== undefined);
  if (formatted || before === after) {
    target.delete(0, target.length);
    target.applyDelta(source.toDelta());
    return;
  }
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) {
    end++;
  }
  // Never cut a surrogate pair in half: step back over a high surrogate left at the edge.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  target.delete(start, before.length - start - end);
  target.insert(start, after.slice(start, after.length - end));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((byte, i) => byte === b[i]);
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}
