// Sticky notes over the board: real text fields (so typing, selection and screen readers work as
// anywhere), placed in board coordinates by one transform that follows the board's pan and zoom.
// A note on a pile is placed relative to the pile, so it moves with it.
import { memo, useCallback } from 'react';
import type { Point, Rect } from '#shared/layout.js';
import { deleteNote, moveNote, type StickyNote as Note, notePosition, setNoteColor } from '#shared/schema/notes.js';
import { useBoard } from '../session.js';
import type { Viewport } from '../viewport.js';
import { StickyNote } from './StickyNote.js';

export interface NotesLayerProps {
  notes: readonly Note[];
  pileRects: ReadonlyMap<string, Rect>;
  viewport: Viewport;
  /** The note just added here, to type into at once. */
  focusId: string | null;
}

/** The topmost pile whose rectangle holds `point`. */
export function pileUnder(pileRects: ReadonlyMap<string, Rect>, point: Point): string | null {
  let found: string | null = null;
  for (const [id, rect] of pileRects) {
    if (point.x >= rect.x && point.x <= rect.x + rect.w && point.y >= rect.y && point.y <= rect.y + rect.h) found = id;
  }
  return found;
}

export const NotesLayer = memo(function NotesLayer({ notes, pileRects, viewport, focusId }: NotesLayerProps) {
  const { doc, history } = useBoard();
  const origin = useCallback((pileId: string) => pileRects.get(pileId), [pileRects]);
  const onMove = useCallback(
    (noteId: string, topLeft: Point) => {
      // The note sticks to the pile its top strip is dropped on.
      const pileId = pileUnder(pileRects, { x: topLeft.x + 20, y: topLeft.y + 10 });
      const pile = pileId ? pileRects.get(pileId) : undefined;
      history.change(() =>
        moveNote(doc, noteId, pile ? (pileId as string) : null, pile ? { x: topLeft.x - pile.x, y: topLeft.y - pile.y } : topLeft),
      );
    },
    [doc, history, pileRects],
  );
  const onColor = useCallback((noteId: string, color: string) => history.change(() => setNoteColor(doc, noteId, color)), [doc, history]);
  const onDelete = useCallback((noteId: string) => history.change(() => deleteNote(doc, noteId)), [doc, history]);
  if (notes.length === 0) return null;
  return (
    <div className="notes-layer" style={{ transform: `translate(${viewport.x}px, ${viewport.y}px) scale(${viewport.scale})` }}>
      {notes.map((note) => (
        <StickyNote
          key={note.id}
          note={note}
          at={notePosition(note, origin)}
          scale={viewport.scale}
          autoFocus={note.id === focusId}
          onMove={onMove}
          onColor={onColor}
          onDelete={onDelete}
        />
      ))}
    </div>
  );
});
