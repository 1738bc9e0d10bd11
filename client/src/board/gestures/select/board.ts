// Gestures on the board as a whole: a lasso drawn with shift or ctrl, bare board dragged to pan
// (or clicked), two fingers pinched to zoom.
import type { Point, Rect } from '#shared/layout.js';
import { cardsInRect } from '#shared/sortLayout.js';
import { toScreen } from '../../viewport.js';
import { movedFar } from '../machine.js';
import { boardPoint, clearPreviews, hitAt, type State } from './host.js';
import { idle } from './idle.js';

/** A lasso drawn with shift or ctrl held: the cards it touches join the selection there was. */
export function brushing(press: { pointerId: number; start: Point; from: Point; base: string[] }): State {
  let moved = false;
  return {
    name: 'brushing',
    move(host, input) {
      if (input.pointerId !== press.pointerId) return;
      if (!moved && !movedFar(input.screen, press.start)) return;
      moved = true;
      const area = normalise(press.from, boardPoint(host, input.screen));
      const viewport = host.viewport();
      const corner = toScreen(viewport, area);
      host.showLasso({ x: corner.x, y: corner.y, w: area.w * viewport.scale, h: area.h * viewport.scale });
      host.select([...press.base, ...cardsInRect(host.layout(), host.cardOrder(), area)], 'replace');
      return undefined;
    },
    up(host, input) {
      if (input.pointerId !== press.pointerId) return;
      if (moved) host.interacted();
      return idle();
    },
    cancel: () => idle(),
    exit: clearPreviews,
  };
}

/** Bare board dragged: the board moves with the pointer. A click opens a card or clears the selection. */
export function panning(press: { pointerId: number; start: Point }): State {
  let last = press.start;
  let moved = false;
  return {
    name: 'panning',
    enter: (host) => host.setCursor('grabbing'),
    move(host, input) {
      if (input.pointerId !== press.pointerId) return;
      host.panBy(input.screen.x - last.x, input.screen.y - last.y);
      last = input.screen;
      if (movedFar(input.screen, press.start)) moved = true;
      return undefined;
    },
    up(host, input) {
      if (input.pointerId !== press.pointerId) return;
      if (moved) {
        host.interacted();
        return idle();
      }
      // A click on a card (by anyone, viewers too) opens it large; on bare board it clears the selection.
      const hit = hitAt(host, input.screen);
      if (hit?.kind === 'card') host.openCard(hit.id);
      else if (!input.shift && !input.ctrl) host.select([], 'replace');
      return idle();
    },
    cancel: () => idle(),
    exit: (host) => host.setCursor(''),
  };
}

/** Two fingers on the canvas: the board follows their middle and scales with their spread. */
export function pinching(touches: ReadonlyMap<number, Point>): State {
  const measure = () => {
    const [a, b] = [...touches.values()];
    if (!a || !b) return null;
    return { distance: Math.hypot(a.x - b.x, a.y - b.y), center: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
  };
  let last = measure();
  return {
    name: 'pinching',
    move(host) {
      const now = measure();
      if (!now || !last) return;
      host.panBy(now.center.x - last.center.x, now.center.y - last.center.y);
      if (last.distance > 0) host.zoomAt(now.center, now.distance / last.distance);
      last = now;
      return undefined;
    },
    up: () => (touches.size < 2 ? idle() : undefined),
  };
}

function normalise(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}
