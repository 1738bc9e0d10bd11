// A text area bound to a Y.Text, for notes several people write at once (a pile's description and
// next steps). Each edit is sent as the smallest insert and delete that turns the old text into the
// new one, through my history (typing joins one undo step); others' edits arrive live and keep my
// caret where it was in the text around it. Ctrl-Z here undoes my edits, never someone else's.
import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { textChange } from '#shared/textChange.js';
import type { History } from '../sync/history.js';

export interface CollabTextAreaProps {
  text: Y.Text;
  history: History;
  id?: string;
  label: string;
  placeholder?: string;
  readOnly?: boolean;
  rows?: number;
  maxLength?: number;
}

/** Where a caret at `position` goes when `delta` (a Y.Text change) happens before or around it. */
function shift(position: number, delta: { retain?: number; insert?: unknown; delete?: number }[]): number {
  let at = 0;
  let result = position;
  for (const op of delta) {
    if (op.retain !== undefined) at += op.retain;
    else if (typeof op.insert === 'string') {
      // Text typed exactly at my caret stays after it, as if they typed just ahead of me.
      if (at < result) result += op.insert.length;
      at += op.insert.length;
    } else if (op.delete !== undefined) {
      if (at < result) result -= Math.min(op.delete, result - at);
    }
  }
  return result;
}

export function CollabTextArea({
  text,
  history,
  id,
  label,
  placeholder,
  readOnly = false,
  rows = 4,
  maxLength = 4000,
}: CollabTextAreaProps) {
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const element = area.current;
    if (!element) return;
    element.value = text.toString();
    const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      // My own typing is already in the field.
      if (transaction.origin === history.origin) return;
      const focused = document.activeElement === element;
      const start = shift(element.selectionStart, event.delta as never);
      const end = shift(element.selectionEnd, event.delta as never);
      element.value = text.toString();
      if (focused) element.setSelectionRange(start, end);
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text, history]);

  const onInput = () => {
    const element = area.current;
    if (!element || readOnly) return;
    const change = textChange(text.toString(), element.value);
    if (!change) return;
    history.type(() => {
      if (change.remove > 0) text.delete(change.at, change.remove);
      if (change.insert) text.insert(change.at, change.insert);
    });
  };

  return (
    <textarea
      ref={area}
      id={id}
      className="input textarea collab-text"
      aria-label={label}
      placeholder={placeholder}
      readOnly={readOnly}
      rows={rows}
      maxLength={maxLength}
      onInput={onInput}
      onKeyDown={(event) => {
        // The field's own undo would fight the shared text: undo my edits through my history.
        const mod = event.ctrlKey || event.metaKey;
        if (!mod) return;
        const key = event.key.toLowerCase();
        if (key === 'z' || key === 'y') {
          event.preventDefault();
          event.stopPropagation();
          if (key === 'y' || event.shiftKey) history.redo();
          else history.undo();
        }
      }}
    />
  );
}
