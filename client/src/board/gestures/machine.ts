// Gestures as small states. A state handles the pointer events that matter to it and answers the
// state that comes next (or nothing, to stay); the machine runs `exit` on the state it leaves and
// `enter` on the one it enters. States reach the board only through the host they are given, so
// they run — and are tested — without a browser. (After tldraw's SelectTool child states.)
import type { Point } from '#shared/layout.js';

export interface PointerInput {
  pointerId: number;
  kind: 'mouse' | 'touch' | 'pen';
  /** 0 the main button, 1 the middle one (mouse only). */
  button: number;
  /** Where, in pixels from the canvas's top left corner. */
  screen: Point;
  shift: boolean;
  /** Ctrl or Cmd held. */
  ctrl: boolean;
  /** A stylus's pressure, 0 to 1 (0.5 for a mouse or finger). */
  pressure: number;
  /** Whether the press landed on the canvas itself (not a note or a panel over it). */
  onCanvas: boolean;
  /** The positions the browser merged into this move, oldest first (for smooth ink). */
  coalesced?: readonly PointerInput[];
}

export interface GestureState<C> {
  readonly name: string;
  enter?(context: C): void;
  down?(context: C, input: PointerInput): GestureState<C> | undefined;
  move?(context: C, input: PointerInput): GestureState<C> | undefined;
  up?(context: C, input: PointerInput): GestureState<C> | undefined;
  /** The pointer was lost (pointercancel), or Escape was pressed mid-gesture. */
  cancel?(context: C, input: PointerInput | null): GestureState<C> | undefined;
  /** The pointer left the canvas. */
  leave?(context: C, input: PointerInput): GestureState<C> | undefined;
  exit?(context: C): void;
}

export interface GestureMachine<C> {
  readonly state: GestureState<C>;
  down(input: PointerInput): void;
  move(input: PointerInput): void;
  up(input: PointerInput): void;
  cancel(input: PointerInput | null): void;
  leave(input: PointerInput): void;
  /** Leaves the current state for `next` (the idle state, when a tool is put down). */
  reset(next: GestureState<C>): void;
}

export function createMachine<C>(context: C, initial: GestureState<C>): GestureMachine<C> {
  let state = initial;
  state.enter?.(context);
  const go = (next: GestureState<C> | undefined) => {
    if (!next || next === state) return;
    const previous = state;
    state = next;
    previous.exit?.(context);
    next.enter?.(context);
  };
  return {
    get state() {
      return state;
    },
    down: (input) => go(state.down?.(context, input)),
    move: (input) => go(state.move?.(context, input)),
    up: (input) => go(state.up?.(context, input)),
    cancel: (input) => go(state.cancel?.(context, input)),
    leave: (input) => go(state.leave?.(context, input)),
    reset: (next) => go(next),
  };
}

/** A press that moves less than this (screen pixels) is a click, not a drag. */
export const DRAG_THRESHOLD = 4;

export function movedFar(screen: Point, start: Point): boolean {
  return Math.hypot(screen.x - start.x, screen.y - start.y) >= DRAG_THRESHOLD;
}
