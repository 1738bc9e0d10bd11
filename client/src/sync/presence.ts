// What I publish about myself through awareness (README, "The API", shared/presence.ts): who I
// am, where my pointer is, what I am dragging, the board area I look at, my laser trail and the
// stroke I am inking, in board coordinates. Pointer moves arrive at 60+ Hz; each field goes out at
// most at its own rate, always ending on the last value, and fields due together leave in one
// message (awareness sends the whole state each time, so fewer messages means fewer bytes).
import type { Awareness } from 'y-protocols/awareness';
import type { Point, Rect } from '#shared/layout.js';
import { MAX_PREVIEW_POINTS, MAX_TRAIL_POINTS } from '#shared/presence.js';
import type { ShareoutPresentation } from '#shared/shareoutPresence.js';
import type { ParticipantState } from '#shared/syncWire.js';

/** Milliseconds between two messages carrying a field: ~20 cursor, ~30 drag, ~8 viewport updates a second. */
const INTERVALS = { cursor: 50, drag: 33, viewport: 120, laser: 40, inking: 80 } as const;

type Field = keyof typeof INTERVALS;
type Immediate = 'summon' | 'spotlight' | 'shareout';

export interface InkPreview {
  tool: string;
  color: string;
  width: number;
  /** Board coordinates, `x, y` pairs. */
  points: number[];
}

export interface Presence {
  setUser(user: ParticipantState['user']): void;
  moveCursor(point: Point | null): void;
  /** The cards I drag and where they are now; `null` when I let go (sent at once). */
  drag(cards: { id: string; x: number; y: number }[] | null): void;
  /** The board area on my screen, for those following me. */
  viewport(area: Rect | null): void;
  /** My laser trail (board points, newest last); null when the laser is put away. */
  laser(points: Point[] | null): void;
  /** The stroke I am drawing on the board, for others to see it grow; null when it is done. */
  inking(preview: InkPreview | null): void;
  /** Asks everyone to come to my view (each call is a new request). */
  summon(): void;
  /** Shows a card (and a pin on it, or only the student's work) to everyone; null ends the spotlight. */
  spotlight(target: { cardId: string; pinId?: string; work?: boolean } | null): void;
  /** Presents a share-out step to everyone (shared/shareoutPresence.ts); null ends it. */
  presentShareout(presentation: ShareoutPresentation | null): void;
  dispose(): void;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** Every other point until at most `max` pairs remain, keeping the newest. */
function capPairs(flat: number[], max: number): number[] {
  let points = flat;
  while (points.length / 2 > max) points = points.filter((_, i) => Math.floor(i / 2) % 2 === 0 || i >= points.length - 2);
  return points;
}

export function createPresence(awareness: Awareness): Presence {
  const last: Record<Field, number> = { cursor: 0, drag: 0, viewport: 0, laser: 0, inking: 0 };
  const pending = new Map<Field | Immediate, unknown>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let counter = 0;
  let dueAt = Number.POSITIVE_INFINITY;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    dueAt = Number.POSITIVE_INFINITY;
    if (pending.size === 0) return;
    const now = performance.now();
    const current = awareness.getLocalState();
    const update: Record<string, unknown> = {};
    for (const [field, value] of pending) {
      update[field] = value;
      if (field in last) last[field as Field] = now;
    }
    pending.clear();
    if (current !== null) awareness.setLocalState({ ...current, ...update });
  };

  const schedule = () => {
    // The soonest any pending field may go out; everything pending leaves with it.
    const now = performance.now();
    let due = Number.POSITIVE_INFINITY;
    for (const field of pending.keys()) {
      due = Math.min(due, field in INTERVALS ? last[field as Field] + INTERVALS[field as Field] : now);
    }
    if (due <= now) {
      flush();
      return;
    }
    if (timer !== undefined && dueAt <= due) return;
    clearTimeout(timer);
    dueAt = due;
    timer = setTimeout(flush, due - now);
  };

  const throttled = (field: Field, value: unknown) => {
    pending.set(field, value);
    schedule();
  };

  const now = (field: Field | Immediate, value: unknown) => {
    pending.set(field, value);
    flush();
  };

  return {
    setUser(user) {
      const current = (awareness.getLocalState() ?? {}) as Partial<ParticipantState>;
      awareness.setLocalState({ cursor: null, drag: null, ...current, user });
    },
    moveCursor(point) {
      if (point === null) now('cursor', null);
      else throttled('cursor', { x: round(point.x), y: round(point.y) });
    },
    drag(cards) {
      if (cards === null) now('drag', null);
      else throttled('drag', { cards: cards.map((card) => ({ id: card.id, x: round(card.x), y: round(card.y) })) });
    },
    viewport(area) {
      if (area === null) now('viewport', null);
      else throttled('viewport', { x: Math.round(area.x), y: Math.round(area.y), w: Math.round(area.w), h: Math.round(area.h) });
    },
    laser(points) {
      if (points === null || points.length === 0) now('laser', null);
      else throttled('laser', { points: points.slice(-MAX_TRAIL_POINTS).flatMap((p) => [Math.round(p.x), Math.round(p.y)]) });
    },
    inking(preview) {
      if (preview === null) now('inking', null);
      else throttled('inking', { ...preview, points: capPairs(preview.points.map(Math.round), MAX_PREVIEW_POINTS) });
    },
    summon() {
      counter++;
      now('summon', { id: `${awareness.clientID.toString(36)}-${counter}-${Date.now().toString(36)}` });
    },
    spotlight(target) {
      counter++;
      now('spotlight', target ? { id: `${awareness.clientID.toString(36)}-${counter}`, ...target } : null);
    },
    presentShareout(presentation) {
      now('shareout', presentation);
    },
    dispose() {
      clearTimeout(timer);
    },
  };
}
