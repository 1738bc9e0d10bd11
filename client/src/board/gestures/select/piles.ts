// Piles and the unsorted area handled by their edges: a header clicked opens the pile's panel or
// dragged moves it with its cards; the fold button folds it; a corner resizes it; the unsorted
// area moves by its header and widens by its edge.
import { CARD_HEIGHT, CARD_WIDTH, PILE_HEADER_HEIGHT, type Point, type Rect } from '#shared/layout.js';
import { MIN_PILE_HEIGHT } from '#shared/schema/pile.js';
import { snapWidth } from '#shared/sortLayout.js';
import { SELECTION } from '../../theme.js';
import { movedFar } from '../machine.js';
import { AREA_COLOR, boardPoint, clearPreviews, hitAt, type SelectHost, type State } from './host.js';
import { idle } from './idle.js';

interface PilePress {
  pointerId: number;
  start: Point;
  pileId: string;
  grab: Point;
}

/** A pile's header pressed: a click opens its panel, a drag moves it. */
export function pointingPile(press: PilePress): State {
  return {
    name: 'pointingPile',
    move(_host, input) {
      if (input.pointerId !== press.pointerId || !movedFar(input.screen, press.start)) return;
      return translatingPile(press, input.screen);
    },
    up(host, input) {
      if (input.pointerId !== press.pointerId) return;
      host.openPile(press.pileId);
      return idle();
    },
    cancel: () => idle(),
    exit: clearPreviews,
  };
}

/** A pile carried by its header, its cards with it. */
export function translatingPile(press: PilePress, at: Point): State {
  const show = (host: SelectHost, screen: Point) => {
    const pointer = boardPoint(host, screen);
    host.setCursor('grabbing');
    host.showPileMove({ pileId: press.pileId, at: { x: pointer.x - press.grab.x, y: pointer.y - press.grab.y } });
  };
  return {
    name: 'translatingPile',
    enter: (host) => show(host, at),
    move(host, input) {
      if (input.pointerId === press.pointerId) show(host, input.screen);
      return undefined;
    },
    up(host, input) {
      if (input.pointerId !== press.pointerId) return;
      const pointer = boardPoint(host, input.screen);
      host.updatePile(press.pileId, { x: Math.round(pointer.x - press.grab.x), y: Math.round(pointer.y - press.grab.y) });
      host.interacted();
      return idle();
    },
    cancel: () => idle(),
    exit: clearPreviews,
  };
}

/** A pile's fold button pressed: released on it, the pile folds or unfolds. */
export function folding(press: { pointerId: number; pileId: string }): State {
  return {
    name: 'folding',
    up(host, input) {
      if (input.pointerId !== press.pointerId) return;
      const hit = hitAt(host, input.screen);
      const pile = host.pile(press.pileId);
      if (hit?.kind === 'pileCollapse' && hit.id === press.pileId && pile) host.updatePile(pile.id, { collapsed: !pile.collapsed });
      return idle();
    },
    cancel: () => idle(),
    exit: clearPreviews,
  };
}

/** A pile's corner (or the unsorted area's edge) dragged: a ghost shows the columns it would have. */
export function resizing(press: { pointerId: number; start: Point; pileId: string | null; origin: Rect }): State {
  let moved = false;
  const { origin, pileId } = press;
  return {
    name: 'resizing',
    move(host, input) {
      if (input.pointerId !== press.pointerId) return;
      if (!moved && !movedFar(input.screen, press.start)) return;
      moved = true;
      const pointer = boardPoint(host, input.screen);
      const w = snapWidth(pointer.x - origin.x, 1);
      const h = pileId === null ? origin.h : Math.max(MIN_PILE_HEIGHT, pointer.y - origin.y);
      const columns = Math.round((w - 32 + 16) / (CARD_WIDTH + 16));
      const color = pileId === null ? AREA_COLOR : (host.pile(pileId)?.color ?? SELECTION);
      host.showGhost({ x: origin.x, y: origin.y, w, h, label: host.columnsLabel(columns), color });
      return undefined;
    },
    up(host, input) {
      if (input.pointerId !== press.pointerId) return;
      if (!moved) return idle();
      const pointer = boardPoint(host, input.screen);
      const w = snapWidth(pointer.x - origin.x, pileId === null ? 2 : 1);
      if (pileId === null) host.setUnsortedArea({ x: origin.x, y: origin.y, w });
      else {
        const notes = host.layout().notes.get(pileId) ?? 0;
        host.updatePile(pileId, { w, h: Math.max(MIN_PILE_HEIGHT, Math.round(pointer.y - origin.y - notes)) });
      }
      host.interacted();
      return idle();
    },
    cancel: () => idle(),
    exit: clearPreviews,
  };
}

/** The unsorted area dragged by its header. */
export function movingUnsorted(press: { pointerId: number; start: Point; grab: Point }): State {
  let moved = false;
  return {
    name: 'movingUnsorted',
    move(host, input) {
      if (input.pointerId !== press.pointerId) return;
      if (!moved && !movedFar(input.screen, press.start)) return;
      moved = true;
      host.setCursor('grabbing');
      const pointer = boardPoint(host, input.screen);
      const area = host.layout().unsorted;
      host.showGhost({
        x: pointer.x - press.grab.x,
        y: pointer.y - press.grab.y,
        w: area.w,
        h: Math.min(area.h, PILE_HEADER_HEIGHT + 2 * CARD_HEIGHT),
        label: host.moveHereLabel(),
        color: AREA_COLOR,
      });
      return undefined;
    },
    up(host, input) {
      if (input.pointerId !== press.pointerId) return;
      if (!moved) return idle();
      const pointer = boardPoint(host, input.screen);
      host.setUnsortedArea({ x: pointer.x - press.grab.x, y: pointer.y - press.grab.y, w: host.layout().unsorted.w });
      host.interacted();
      return idle();
    },
    cancel: () => idle(),
    exit: clearPreviews,
  };
}
