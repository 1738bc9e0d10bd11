// The smallest edit that turns one text into another, for binding a plain text field to a shared
// text: typing sends an insert and a delete at the caret, not the whole text again.

export interface TextChange {
  /** Where the change starts. */
  at: number;
  /** How many characters go. */
  remove: number;
  /** What comes in their place. */
  insert: string;
}

export function textChange(before: string, after: string): TextChange | null {
  if (before === after) return null;
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  // Never split a surrogate pair (an emoji, a rare character): widen the change to whole characters.
  if (start > 0 && isHighSurrogate(before.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(before.charCodeAt(before.length - end))) end--;
  return { at: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
