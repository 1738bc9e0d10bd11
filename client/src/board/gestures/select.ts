// The select tool's gestures on the canvas, one small state each: press a card and let go to open
// it, or drag it (with the selection) into a pile or between its cards; drag a pile by its header,
// fold it, resize it by its corner; move or widen the unsorted area; shift- or ctrl-drag to lasso
// cards; drag bare board to pan; two fingers pinch; hold a finger or pen still on a card to select
// it; hold a dragged card near an edge and the board scrolls under it. Moves are shown live (the
// host draws them, and tells the others through awareness) and written to the document once, on
// drop, as one undo step.
import { CARD_HEIGHT, CARD_WIDTH, PILE_HEADER_HEIGHT, type Point, type Rect } from '../../../../shared/layout.js';
import type { CardPlacement } from '../../../../shared/schema/card.js';
import { MIN_PILE_HEIGHT, type Pile } from '../../../../shared/schema/pile.js';
import { inDisplayOrder, planMove } from '../../../../shared/sorting.js';
import {
  cardsInRect,
  type DropTarget,
  dropIndex,
  dropTargetAt,
  hitTestSort,
  insertMark,
  type SortHit,
  type SortLayout,
  STACK_OFFSET,
  snapWidth,
} from '../../../../shared/sortLayout.js';
import { SELECTION } from '../theme.js';
import { toBoard, toScreen, type Viewport } from '../viewport.js';
import { createMachine, type GestureState, movedFar, type PointerInput } from './machine.js';

/** Dragging this close to the canvas's edge scrolls the board, like a sheet of paper under the hand. */
export const EDGE_SCROLL_ZONE = 36;
export const EDGE_SCROLL_SPEED = 14;
/** A finger or pen held this long on a card, without moving, selects it (touch has no Shift key). */
export const LONG_PRESS_MS = 500;
const AREA_COLOR = '#5b6475';

export type SelectMode = 'replace' | 'add' | 'toggle';

/** Cards being dragged: the grabbed card last (drawn on top), where the top one is, where they would land. */
export interface CardDragPreview {
  ids: string[];
  topLeft: Point;
  target: DropTarget;
  /** The line where they would be inserted. */
  mark: Rect | null;
}

/** A rectangle showing what a resize or a move of the unsorted area would make. */
export interface Ghost extends Rect {
  label: string;
  color: string;
}

/** What the select tool reads of the board and does to it. */
export interface SelectHost {
  canEdit(): boolean;
  layout(): SortLayout;
  /** Card ids in drawing order, for hit tests. */
  cardOrder(): readonly string[];
  /** Cards not drawn where they lie (being dragged), which a press passes through. */
  hidden(): ReadonlySet<string>;
  selection(): ReadonlySet<string>;
  pile(pileId: string): Pile | undefined;
  viewport(): Viewport;
  /** The canvas's size on screen. */
  size(): { width: number; height: number };
  /** "3 columns", for the ghost of a resize. */
  columnsLabel(count: number): string;
  /** "Move here", for the ghost of the unsorted area. */
  moveHereLabel(): string;

  panBy(dx: number, dy: number): void;
  zoomAt(screen: Point, factor: number): void;
  setCursor(cursor: string): void;
  /** Keeps a pointer's events coming to the canvas wherever it goes. */
  capture(pointerId: number): void;
  moveCursor(point: Point | null): void;

  select(ids: readonly string[], mode: SelectMode): void;
  openCard(cardId: string): void;
  openPile(pileId: string): void;
  renamePile(pileId: string): void;
  /** A pan, zoom or move happened (e.g. to retire the first-use hint). */
  interacted(): void;

  showCardDrag(preview: CardDragPreview | null): void;
  showPileMove(move: { pileId: string; at: Point } | null): void;
  showGhost(ghost: Ghost | null): void;
  /** The lasso, in screen coordinates. */
  showLasso(rect: Rect | null): void;
  /** The cards I drag as others see them; null when I let go. */
  publishDrag(cards: { id: string; x: number; y: number }[] | null): void;

  placeCards(plan: ReadonlyMap<string, CardPlacement>): void;
  updatePile(pileId: string, fields: Partial<Pick<Pile, 'x' | 'y' | 'w' | 'h' | 'collapsed'>>): void;
  setUnsortedArea(area: { x: number; y: number; w: number }): void;

  /** Runs `run` after `ms`; answers a function that cancels it. */
  after(ms: number, run: () => void): () => void;
  /** Runs `run` before the next frame is drawn; answers a function that cancels it. */
  nextFrame(run: () => void): () => void;
}

type State = GestureState<SelectHost>;

const boardPoint = (host: SelectHost, screen: Point) => toBoard(host.viewport(), screen);
const hitAt = (host: SelectHost, screen: Point): SortHit =>
  hitTestSort(host.layout(), host.cardOrder(), boardPoint(host, screen), host.hidden());

/** Everything a gesture shows while it lasts, taken away. */
function clearPreviews(host: SelectHost): void {
  host.showCardDrag(null);
  host.showPileMove(null);
  host.showGhost(null);
  host.showLasso(null);
  host.publishDrag(null);
  host.setCursor('');
}

const CURSORS: Partial<Record<NonNullable<SortHit>['kind'], string>> = {
  card: 'grab',
  pileHeader: 'move',
  unsortedHeader: 'move',
  pileCollapse: 'pointer',
  pileResize: 'nwse-resize',
  unsortedResize: 'ew-resize',
};

export function idle(): State {
  return {
    name: 'idle',
    down(host, input) {
      const middle = input.kind === 'mouse' && input.button === 1;
      if (input.kind === 'mouse' && input.button !== 0 && !middle) return;
      host.capture(input.pointerId);
      const modifier = input.shift || input.ctrl;
      const hit = middle ? null : hitAt(host, input.screen);
      const editable = host.canEdit();
      const layout = host.layout();
      const pointer = boardPoint(host, input.screen);
      const press = { pointerId: input.pointerId, start: input.screen };

      if (editable && hit?.kind === 'card') {
        const position = layout.cardPositions.get(hit.id);
        if (position) {
          // Pressing a selected card carries the whole selection; any other card goes alone.
          const selection = host.selection();
          const ids = selection.has(hit.id) ? inDisplayOrder(layout, [...selection, hit.id]) : [hit.id];
          const grab = { x: pointer.x - position.x, y: pointer.y - position.y };
          return pointingCard({ ...press, cardId: hit.id, ids, toggle: modifier, grab, longPress: input.kind !== 'mouse' });
        }
      }
      if (editable && hit?.kind === 'pileHeader') {
        const pile = layout.pileRects.get(hit.id);
        if (pile) return pointingPile({ ...press, pileId: hit.id, grab: { x: pointer.x - pile.x, y: pointer.y - pile.y } });
      }
      if (editable && hit?.kind === 'pileCollapse') return folding({ pointerId: input.pointerId, pileId: hit.id });
      if (editable && (hit?.kind === 'pileResize' || hit?.kind === 'unsortedResize')) {
        const pileId = hit.kind === 'pileResize' ? hit.id : null;
        const origin = pileId === null ? layout.unsorted : layout.pileRects.get(pileId);
        if (origin) return resizing({ ...press, pileId, origin: { ...origin } });
      }
      if (editable && hit?.kind === 'unsortedHeader') {
        const area = layout.unsorted;
        return movingUnsorted({ ...press, grab: { x: pointer.x - area.x, y: pointer.y - area.y } });
      }
      if (editable && modifier && hit?.kind !== 'card') return brushing({ ...press, from: pointer, base: [...host.selection()] });
      return panning(press);
    },
    move(host, input) {
      // Hovering shows what a press would do.
      if (input.kind !== 'mouse' || !host.canEdit()) return;
      const hit = hitAt(host, input.screen);
      host.setCursor((hit && CURSORS[hit.kind]) ?? '');
    },
    leave(host, input) {
      if (input.kind === 'mouse') host.moveCursor(null);
      return undefined;
    },
  };
}

interface CardPress {
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
      if (held) return idle();
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

/**
 * The select tool: the machine of the states above, with what all of them share — my pointer shown
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

function normalise(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}
