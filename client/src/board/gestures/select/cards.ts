// Cards pressed and carried: a click opens one, a long press selects it, a drag carries it (with
// the selection) into a pile or between its cards; near an edge the board scrolls under it.
import type { Point, Rect } from '#shared/layout.js';
import { inDisplayOrder, planMove } from '#shared/sorting.js';
import { dropIndex, dropTargetAt, insertMark, STACK_OFFSET } from '#shared/sortLayout.js';
import { movedFar } from '../machine.js';
import { boardPoint, clearPreviews, EDGE_SCROLL_SPEED, EDGE_SCROLL_ZONE, LONG_PRESS_MS, type SelectHost, type State } from './host.js';
import { idle } from './idle.js';

export interface CardPress {
  pointerId: number;
  start: Point;
  cardId: string;
  /** The cards that go with it, in display order. */
  ids: string[];
  /** Shift or ctrl held: a click toggles the card in the selection. */
  toggle: boolean;
  /** Where on the card it was grabbed, in board units. */
  grab: Point;
  /** A finger or pen: holding still selects the card. */
  longPress: boolean;
}

/** A card pressed, not yet moved: a click opens it, a drag carries it, a long press selects it. */
export function pointingCard(press: CardPress): State {
  let cancelTimer = () => {};
  let held = false;
  // A drag refused by a protocol lock: the card stays put, and letting go does not open it.
  let refused = false;
  const ids = [...press.ids];
  return {
    name: 'pointingCard',
    enter(host) {
      if (!press.longPress) return;
      cancelTimer = host.after(LONG_PRESS_MS, () => {
        // Long press: in or out of the selection; a drag that follows carries the whole selection.
        held = true;
        const before = host.selection();
        const wasSelected = before.has(press.cardId);
        host.select([press.cardId], 'toggle');
        const others = [...before].filter((id) => id !== press.cardId);
        ids.splice(0, ids.length, ...inDisplayOrder(host.layout(), wasSelected ? [press.cardId] : [...others, press.cardId]));
      });
    },
    move(host, input) {
      if (input.pointerId !== press.pointerId || !movedFar(input.screen, press.start)) return;
      if (host.cardsLocked()) {
        if (!refused) host.refuseLift(input.screen);
        refused = true;
        host.setCursor('not-allowed');
        return;
      }
      let carried = ids;
      const selection = host.selection();
      if (press.toggle && !selection.has(press.cardId)) {
        // A modifier-drag of an unselected card adds it to the selection and carries them all.
        carried = inDisplayOrder(host.layout(), [...selection, press.cardId]);
        host.select([press.cardId], 'add');
      }
      return translatingCards({ ...press, ids: carried }, input.screen);
    },
    up(host, input) {
      if (input.pointerId !== press.pointerId) return;
      if (held || refused) return idle();
      if (press.toggle) host.select([press.cardId], 'toggle');
      else host.openCard(press.cardId);
      return idle();
    },
    cancel: () => idle(),
    exit(host) {
      cancelTimer();
      clearPreviews(host);
    },
  };
}

/** Cards carried under the pointer; near an edge of the canvas, the board scrolls beneath them. */
export function translatingCards(press: CardPress, at: Point): State {
  let last = at;
  let cancelFrame: (() => void) | null = null;
  let cancelShow = () => {};

  const show = (host: SelectHost, screen: Point) => {
    const pointer = boardPoint(host, screen);
    const layout = host.layout();
    const topLeft = { x: pointer.x - press.grab.x, y: pointer.y - press.grab.y };
    // The others fan out under the grabbed card, which others see on top.
    const ordered = [...press.ids.filter((id) => id !== press.cardId), press.cardId];
    const target = dropTargetAt(layout, pointer);
    const moving = new Set(press.ids);
    let mark: Rect | null = null;
    if (target.kind !== 'none') {
      const pileId = target.kind === 'pile' ? target.id : null;
      mark = insertMark(layout, pileId, dropIndex(layout, pileId, pointer, moving), moving);
    }
    host.showCardDrag({ ids: ordered, topLeft, target, mark });
    host.publishDrag(
      ordered.map((id, i) => {
        const depth = ordered.length - 1 - i;
        return { id, x: topLeft.x + depth * STACK_OFFSET * 2, y: topLeft.y + depth * STACK_OFFSET * 2 };
      }),
    );
  };

  const edgeScroll = (host: SelectHost) => {
    cancelFrame = null;
    const { width, height } = host.size();
    const push = (position: number, size: number) =>
      position < EDGE_SCROLL_ZONE ? EDGE_SCROLL_SPEED : position > size - EDGE_SCROLL_ZONE ? -EDGE_SCROLL_SPEED : 0;
    const dx = push(last.x, width);
    const dy = push(last.y, height);
    if (dx === 0 && dy === 0) return;
    host.panBy(dx, dy);
    // The pan lands on the next render; show the drag where the board will then be.
    const screen = last;
    cancelShow = host.nextFrame(() => show(host, screen));
    cancelFrame = host.nextFrame(() => edgeScroll(host));
  };

  const moved = (host: SelectHost, screen: Point) => {
    last = screen;
    host.setCursor('grabbing');
    show(host, screen);
    cancelFrame ??= host.nextFrame(() => edgeScroll(host));
  };

  return {
    name: 'translatingCards',
    enter(host) {
      moved(host, at);
    },
    move(host, input) {
      if (input.pointerId !== press.pointerId) return;
      moved(host, input.screen);
    },
    up(host, input) {
      if (input.pointerId !== press.pointerId) return;
      const pointer = boardPoint(host, input.screen);
      const layout = host.layout();
      const target = dropTargetAt(layout, pointer);
      const moving = new Set(press.ids);
      const allUnsorted = press.ids.every((id) => layout.cardPile.get(id) === null);
      // Dropped on bare board: out of their pile, to the end of the unsorted area.
      if (target.kind !== 'none' || !allUnsorted) {
        const pileId = target.kind === 'pile' ? target.id : null;
        const index = target.kind === 'none' ? undefined : dropIndex(layout, pileId, pointer, moving);
        const plan = planMove(layout, press.ids, { pileId, index });
        // One write per drop; the preview others see ends right after, in the same order.
        if (plan.size > 0) host.placeCards(plan);
        // Put down: the next selection starts afresh, as after sending cards with a key.
        if (press.ids.length > 1 || host.selection().has(press.cardId)) host.select([], 'replace');
      }
      host.interacted();
      return idle();
    },
    cancel: () => idle(),
    exit(host) {
      cancelFrame?.();
      cancelFrame = null;
      cancelShow();
      clearPreviews(host);
    },
  };
}
