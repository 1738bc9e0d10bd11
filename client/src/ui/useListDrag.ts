// Reordering a list by dragging its items (HTML drag and drop): the item under the pointer says
// whether the dragged one would land before or after it, and a drop answers the index the dragged
// item takes once it has left its own place. Keyboards reorder the same lists with Alt+arrows.
import { type DragEvent, useRef, useState } from 'react';

export interface DropMark {
  index: number;
  after: boolean;
}

/** Where an item dropped before (or after) the item at `targetIndex` lands, once it has left `fromIndex`. */
export function dropIndex(fromIndex: number, targetIndex: number, after: boolean): number {
  const slot = targetIndex + (after ? 1 : 0);
  return fromIndex < slot ? slot - 1 : slot;
}

export function useListDrag(options: {
  /** The items' ids, in the list's order. */
  ids: readonly string[];
  direction: 'row' | 'column';
  enabled: boolean;
  onMove(id: string, toIndex: number): void;
}) {
  const { ids, direction, enabled, onMove } = options;
  const dragged = useRef<string | null>(null);
  const [mark, setMark] = useState<DropMark | null>(null);

  const itemProps = (id: string, index: number) => ({
    draggable: enabled,
    onDragStart: (event: DragEvent<HTMLElement>) => {
      // A drag that starts in a field inside the item is the field's own (selecting text).
      if ((event.target as HTMLElement).closest?.('input, textarea, [contenteditable="true"]')) return;
      dragged.current = id;
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', '');
    },
    onDragEnd: () => {
      dragged.current = null;
      setMark(null);
    },
    onDragOver: (event: DragEvent<HTMLElement>) => {
      if (!dragged.current) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      const box = event.currentTarget.getBoundingClientRect();
      const after = direction === 'row' ? event.clientX > box.left + box.width / 2 : event.clientY > box.top + box.height / 2;
      if (mark?.index !== index || mark.after !== after) setMark({ index, after });
    },
    onDrop: (event: DragEvent<HTMLElement>) => {
      const moving = dragged.current;
      dragged.current = null;
      const at = mark;
      setMark(null);
      if (!moving || !at) return;
      event.preventDefault();
      const from = ids.indexOf(moving);
      if (from < 0) return;
      const to = dropIndex(from, at.index, at.after);
      if (to !== from) onMove(moving, to);
    },
  });

  const listProps = {
    onDragLeave: (event: DragEvent<HTMLElement>) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setMark(null);
    },
  };

  /** The class marking where a drop would land, for the item at `index` ('' for none). */
  const markClass = (index: number) => (mark?.index === index ? (mark.after ? 'drop-after' : 'drop-before') : '');

  return { itemProps, listProps, markClass };
}
