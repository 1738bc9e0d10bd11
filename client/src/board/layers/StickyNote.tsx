// One sticky note: a square of paper whose text everyone edits together (a Y.Text through
// CollabTextArea), moved by its top strip and dropped on bare board or onto a pile, whose colour
// can be changed and which can be thrown away.
import { memo, type PointerEvent as ReactPointerEvent, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { Point } from '#shared/layout.js';
import { MAX_NOTE_LENGTH, NOTE_COLORS, type StickyNote as Note, noteText } from '#shared/schema/notes.js';
import { useT } from '../../i18n/index.js';
import type { History } from '../../sync/history.js';
import { CollabTextArea } from '../../ui/CollabTextArea.js';
import { useBoard } from '../session.js';

export interface StickyNoteProps {
  note: Note;
  /** Where the note is on the board now (on its pile, if it has one). */
  at: Point;
  scale: number;
  autoFocus?: boolean;
  onMove(noteId: string, topLeft: Point): void;
  onColor(noteId: string, color: string): void;
  onDelete(noteId: string): void;
}

export const StickyNote = memo(function StickyNote({ note, at, scale, autoFocus, onMove, onColor, onDelete }: StickyNoteProps) {
  const { doc, history, canEdit } = useBoard();
  const t = useT();
  const [offset, setOffset] = useState<Point | null>(null);
  const grab = useRef<{ pointerId: number; start: Point } | null>(null);
  const text = noteText(doc, note.id);

  const onDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!canEdit || (event.target as HTMLElement).closest('button')) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    grab.current = { pointerId: event.pointerId, start: { x: event.clientX, y: event.clientY } };
    setOffset({ x: 0, y: 0 });
  };
  const onMovePointer = (event: ReactPointerEvent<HTMLDivElement>) => {
    const held = grab.current;
    if (!held || held.pointerId !== event.pointerId) return;
    setOffset({ x: (event.clientX - held.start.x) / scale, y: (event.clientY - held.start.y) / scale });
  };
  const onUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    const held = grab.current;
    if (!held || held.pointerId !== event.pointerId) return;
    grab.current = null;
    const moved = { x: (event.clientX - held.start.x) / scale, y: (event.clientY - held.start.y) / scale };
    setOffset(null);
    if (Math.hypot(moved.x, moved.y) * scale >= 3) onMove(note.id, { x: at.x + moved.x, y: at.y + moved.y });
  };

  const x = at.x + (offset?.x ?? 0);
  const y = at.y + (offset?.y ?? 0);
  return (
    <section
      className={offset ? 'sticky-note sticky-note-moving' : 'sticky-note'}
      style={{ left: x, top: y, width: note.w, height: note.h, backgroundColor: note.color }}
      aria-label={t('notes.label')}
      data-note={note.id}
      data-pile={note.pileId ?? ''}
    >
      <div
        className="sticky-note-grip"
        onPointerDown={onDown}
        onPointerMove={onMovePointer}
        onPointerUp={onUp}
        onPointerCancel={() => {
          grab.current = null;
          setOffset(null);
        }}
        title={canEdit ? t('notes.move') : undefined}
      >
        {canEdit && (
          <>
            <span className="sticky-note-colors">
              {NOTE_COLORS.map((color, i) => (
                <button
                  key={color}
                  type="button"
                  className="sticky-note-color"
                  style={{ backgroundColor: color }}
                  aria-label={t('notes.color', { number: i + 1 })}
                  aria-pressed={color === note.color}
                  onClick={() => onColor(note.id, color)}
                />
              ))}
            </span>
            <button
              type="button"
              className="sticky-note-delete"
              aria-label={t('notes.delete')}
              title={t('notes.delete')}
              onClick={() => onDelete(note.id)}
            >
              ×
            </button>
          </>
        )}
      </div>
      {text && (
        <NoteText
          text={text}
          history={history}
          readOnly={!canEdit}
          label={t('notes.label')}
          placeholder={t('notes.placeholder')}
          autoFocus={autoFocus}
        />
      )}
    </section>
  );
});

function NoteText({
  text,
  history,
  readOnly,
  label,
  placeholder,
  autoFocus,
}: {
  text: Y.Text;
  history: History;
  readOnly: boolean;
  label: string;
  placeholder: string;
  autoFocus?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  return (
    <div
      className="sticky-note-text"
      ref={(element) => {
        box.current = element;
        if (element && autoFocus) element.querySelector('textarea')?.focus();
      }}
    >
      <CollabTextArea
        text={text}
        history={history}
        label={label}
        placeholder={placeholder}
        readOnly={readOnly}
        rows={5}
        maxLength={MAX_NOTE_LENGTH}
      />
    </div>
  );
}
