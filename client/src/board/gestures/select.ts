// The select tool's gestures on the canvas, one small state each: press a card and let go to open
// it, or drag it (with the selection) into a pile or between its cards; drag a pile by its header,
// fold it, resize it by its corner; move or widen the unsorted area; shift- or ctrl-drag to lasso
// cards; drag bare board to pan; two fingers pinch; hold a finger or pen still on a card to select
// it; hold a dragged card near an edge and the board scrolls under it. Moves are shown live (the
// host draws them, and tells the others through awareness) and written to the document once, on
// drop, as one undo step.
import type { Point } from '#shared/layout.js';
import { createMachine, type PointerInput } from './machine.js';
import { pinching } from './select/board.js';
import { boardPoint, hitAt, type SelectHost } from './select/host.js';
import { idle } from './select/idle.js';

export { brushing, panning, pinching } from './select/board.js';
export { pointingCard, translatingCards } from './select/cards.js';
export {
  type CardDragPreview,
  EDGE_SCROLL_SPEED,
  EDGE_SCROLL_ZONE,
  type Ghost,
  LONG_PRESS_MS,
  type SelectHost,
  type SelectMode,
} from './select/host.js';
export { idle } from './select/idle.js';
export { folding, movingUnsorted, pointingPile, resizing, translatingPile } from './select/piles.js';

/**
 * The select tool: the machine of the states in select/, with what all of them share — my pointer shown
 * to others, the fingers on the screen (a second one turns any gesture into a pinch), and Escape.
 */
export function selectTool(host: SelectHost) {
  const machine = createMachine<SelectHost>(host, idle());
  const touches = new Map<number, Point>();
  return {
    machine,
    down(input: PointerInput) {
      if (input.kind === 'touch') {
        touches.set(input.pointerId, input.screen);
        if (touches.size === 2) {
          // A second finger turns whatever the first one started into a pinch.
          machine.reset(pinching(touches));
          return;
        }
      }
      if (machine.state.name !== 'idle') return;
      machine.down(input);
    },
    move(input: PointerInput) {
      host.moveCursor(boardPoint(host, input.screen));
      if (input.kind === 'touch' && touches.has(input.pointerId)) touches.set(input.pointerId, input.screen);
      machine.move(input);
    },
    up(input: PointerInput) {
      touches.delete(input.pointerId);
      machine.up(input);
    },
    cancel(input: PointerInput) {
      touches.delete(input.pointerId);
      machine.reset(idle());
    },
    leave(input: PointerInput) {
      machine.leave(input);
    },
    /** Escape mid-gesture puts everything back as it was; answers whether there was a gesture to cancel. */
    escape(): boolean {
      const name = machine.state.name;
      if (name === 'idle' || name === 'pinching') return false;
      machine.reset(idle());
      return true;
    },
    /** What a press at `screen` would land on. */
    hitAt: (screen: Point) => hitAt(host, screen),
    /** The tool is put down (another tool taken up, or the canvas closes). */
    stop() {
      machine.reset(idle());
    },
  };
}

export type SelectTool = ReturnType<typeof selectTool>;

/** What a wheel turn does: trackpad pinches (ctrl+wheel) and mouse wheels zoom; trackpad scrolls pan. */
export function wheelAction(wheel: {
  deltaX: number;
  deltaY: number;
  /** Pixels, after lines and pages are turned into pixels. */
  pixels: Point;
  deltaMode: number;
  shift: boolean;
  ctrl: boolean;
}): { zoom: number } | { pan: Point } {
  const { pixels } = wheel;
  // A mouse wheel scrolls in whole lines or big steps; a trackpad's two-finger scroll in small pixel steps, which pan like a map.
  const mouseWheel = wheel.deltaMode !== 0 || (wheel.deltaX === 0 && Math.abs(wheel.deltaY) >= 50 && Number.isInteger(wheel.deltaY));
  if (wheel.ctrl) return { zoom: Math.exp(-pixels.y * 0.01) };
  if (mouseWheel && !wheel.shift) return { zoom: 2 ** (-pixels.y / 400) };
  if (wheel.shift && pixels.x === 0) return { pan: { x: -pixels.y, y: 0 } };
  return { pan: { x: -pixels.x, y: -pixels.y } };
}
