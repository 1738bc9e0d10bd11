// What I publish about myself through awareness (CONTRACT.md "Live sync"): who I am, where my
// pointer is and what I am dragging, in board coordinates. Pointer moves arrive at 60+ Hz; the
// network gets at most ~20 cursor and ~30 drag updates a second, always ending on the last one.
import type { Awareness } from 'y-protocols/awareness';
import type { Point } from '../../../shared/layout.js';
import type { ParticipantState } from '../../../shared/protocol.js';

const CURSOR_INTERVAL_MS = 50;
const DRAG_INTERVAL_MS = 33;

type Field = 'cursor' | 'drag';

export interface Presence {
  setUser(user: ParticipantState['user']): void;
  moveCursor(point: Point | null): void;
  /** The cards I drag and where they are now; `null` when I let go (sent at once). */
  drag(cards: { id: string; x: number; y: number }[] | null): void;
  dispose(): void;
}

const round = (value: number) => Math.round(value * 10) / 10;

export function createPresence(awareness: Awareness): Presence {
  const last: Record<Field, number> = { cursor: 0, drag: 0 };
  const timers: Record<Field, ReturnType<typeof setTimeout> | undefined> = { cursor: undefined, drag: undefined };
  const pending: Record<Field, unknown> = { cursor: undefined, drag: undefined };

  const send = (field: Field, value: unknown) => {
    last[field] = performance.now();
    timers[field] = undefined;
    if (awareness.getLocalState() !== null) awareness.setLocalStateField(field, value);
  };

  const throttled = (field: Field, value: unknown, interval: number) => {
    pending[field] = value;
    if (timers[field] !== undefined) return;
    const wait = interval - (performance.now() - last[field]);
    if (wait <= 0) send(field, value);
    else timers[field] = setTimeout(() => send(field, pending[field]), wait);
  };

  const now = (field: Field, value: unknown) => {
    clearTimeout(timers[field]);
    send(field, value);
  };

  return {
    setUser(user) {
      const current = (awareness.getLocalState() ?? {}) as Partial<ParticipantState>;
      awareness.setLocalState({ cursor: null, drag: null, ...current, user });
    },
    moveCursor(point) {
      if (point === null) now('cursor', null);
      else throttled('cursor', { x: round(point.x), y: round(point.y) }, CURSOR_INTERVAL_MS);
    },
    drag(cards) {
      if (cards === null) now('drag', null);
      else throttled('drag', { cards: cards.map((card) => ({ id: card.id, x: round(card.x), y: round(card.y) })) }, DRAG_INTERVAL_MS);
    },
    dispose() {
      clearTimeout(timers.cursor);
      clearTimeout(timers.drag);
    },
  };
}
