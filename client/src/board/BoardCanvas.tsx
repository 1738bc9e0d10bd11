// The board's canvas: the Konva stage with its layers, and the gestures on it. Pointer input is
// handled here, once, on the stage's container: drag a card (or the selected cards) into a pile or
// between its cards; drag a pile header to move the pile with its cards, its corner to resize it;
// shift- or ctrl-drag to lasso cards; drag empty space to pan; wheel or pinch to zoom. Moves are
// shown live (locally on the drag layer, to others through awareness) and written to the document
// once, on drop, as one undo step of mine.
import { useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { CARD_HEIGHT, CARD_WIDTH, PILE_HEADER_HEIGHT, type Point, type Rect } from '../../../shared/layout.js';
import type { Card, CardPlacement } from '../../../shared/schema/card.js';
import { MIN_PILE_HEIGHT, type Pile, updatePile } from '../../../shared/schema/pile.js';
import { setUnsortedArea } from '../../../shared/schema/settings.js';
import { applyPlan, inDisplayOrder, planMove } from '../../../shared/sorting.js';
import {
  cardsInRect,
  type DropTarget,
  dropIndex,
  dropTargetAt,
  hitTestSort,
  insertMark as insertMarkAt,
  NUMBERED_PILES,
  type SortHit,
  type SortLayout,
  STACK_OFFSET,
  snapWidth,
} from '../../../shared/sortLayout.js';
import { ImageCacheContext } from '../hooks/useCardImage.js';
import { dragKey, useParticipantsExceptPointers } from '../hooks/useParticipants.js';
import type { ViewportControls } from '../hooks/useViewport.js';
import { useT } from '../i18n/index.js';
import type { History } from '../sync/history.js';
import type { Presence } from '../sync/presence.js';
import { CardsLayer } from './CardsLayer.js';
import { DragLayer, type Ghost, type MovingPile, type RemoteDrag } from './DragLayer.js';
import { ImageCache, type ImageLevel, levelFor } from './imageCache.js';
import { Stage } from './konva.js';
import { PilesLayer } from './PilesLayer.js';
import { PileTitlesLayer } from './PileTitlesLayer.js';
import { useBoard, useBoardSorting, useBoardView } from './session.js';
import { FAR_SCALE, SELECTION } from './theme.js';
import { toBoard, toScreen, type Viewport, visibleRect, wheelPixels } from './viewport.js';

export interface BoardCanvasProps {
  editingPileId: string | null;
  /** The pile open in the pile panel. */
  activePileId: string | null;
  /** Called after each pan, zoom or move, e.g. to retire the first-use hint. */
  onInteract?(): void;
}

/** What the gestures read when they happen: the session, the sorting and the view as last rendered. */
interface Live {
  doc: Y.Doc;
  history: History;
  presence: Presence;
  canEdit: boolean;
  cards: ReadonlyMap<string, Card>;
  /** In drawing order: later piles are on top. */
  piles: Pile[];
  layout: SortLayout;
  view: ViewportControls;
  selection: ReadonlySet<string>;
  /** Replace the selection, add to it, or toggle cards in or out of it. */
  onSelect(ids: readonly string[], mode: 'replace' | 'add' | 'toggle'): void;
  onRenamePile(pileId: string): void;
  /** A pile header was clicked: open its panel. */
  onOpenPile(pileId: string): void;
  onInteract?(): void;
  /** A card was clicked (pressed and released without moving). */
  onOpenCard(cardId: string): void;
  /** Where dropped cards go instead of the shared board: my own layer in a private-first sort (issue 5). */
  onPlaceCards: ((plan: ReadonlyMap<string, CardPlacement>) => void) | undefined;
}

/** A press that moves less than this (screen pixels) is a click, not a drag. */
const DRAG_THRESHOLD = 4;
/** Dragging this close to the canvas's edge scrolls the board, like a sheet of paper under the hand. */
const EDGE_SCROLL_ZONE = 36;
const EDGE_SCROLL_SPEED = 14;
/** The drawn width of a card's picture, in board units (CardShape's image area). */
const PICTURE_WIDTH = CARD_WIDTH - 12;
/** A finger or pen held this long on a card, without moving, selects it (touch has no Shift key). */
const LONG_PRESS_MS = 500;

type Gesture =
  | { kind: 'none' }
  | { kind: 'pan'; pointerId: number; last: Point; start: Point; moved: boolean }
  | {
      kind: 'card';
      pointerId: number;
      cardId: string;
      ids: string[];
      toggle: boolean;
      grab: Point;
      start: Point;
      moved: boolean;
      /** Held still under a finger or pen long enough to toggle it in the selection (issue 10). */
      held?: boolean;
    }
  | { kind: 'pile'; pointerId: number; pileId: string; grab: Point; start: Point; moved: boolean }
  | { kind: 'fold'; pointerId: number; pileId: string }
  | { kind: 'resize'; pointerId: number; pileId: string | null; origin: Rect; start: Point; moved: boolean }
  | { kind: 'area'; pointerId: number; grab: Point; start: Point; moved: boolean }
  | { kind: 'lasso'; pointerId: number; from: Point; base: string[]; start: Point; moved: boolean }
  | { kind: 'pinch'; distance: number; center: Point };

interface CardDrag {
  /** The grabbed card last: it is drawn on top. */
  ids: string[];
  topLeft: Point;
}

const EMPTY_IDS: ReadonlySet<string> = new Set();

const CULL_GRID = 512;

function cullArea(viewport: Viewport, width: number, height: number): string {
  const area = visibleRect(viewport, width, height);
  const x = Math.floor((area.x - area.w / 2) / CULL_GRID) * CULL_GRID;
  const y = Math.floor((area.y - area.h / 2) / CULL_GRID) * CULL_GRID;
  const right = Math.ceil((area.x + area.w * 1.5) / CULL_GRID) * CULL_GRID;
  const bottom = Math.ceil((area.y + area.h * 1.5) / CULL_GRID) * CULL_GRID;
  return `${x} ${y} ${right - x} ${bottom - y}`;
}

/** The dotted background moves and scales with the board, like graph paper under the cards. */
function gridStyle(viewport: Viewport) {
  let spacing = 40 * viewport.scale;
  while (spacing < 18) spacing *= 2;
  return { backgroundSize: `${spacing}px ${spacing}px`, backgroundPosition: `${viewport.x}px ${viewport.y}px` };
}

const CURSORS: Partial<Record<NonNullable<SortHit>['kind'], string>> = {
  card: 'grab',
  pileHeader: 'move',
  unsortedHeader: 'move',
  pileCollapse: 'pointer',
  pileResize: 'nwse-resize',
  unsortedResize: 'ew-resize',
};

/** The picture level for a zoom, settled a moment after the zoom stops so a wheel spin loads nothing in between. */
function useImageLevel(scale: number): ImageLevel {
  const wanted = levelFor(PICTURE_WIDTH * scale * (window.devicePixelRatio || 1));
  const [level, setLevel] = useState(wanted);
  useEffect(() => {
    if (wanted === level) return;
    const timer = setTimeout(() => setLevel(wanted), 220);
    return () => clearTimeout(timer);
  }, [wanted, level]);
  return level;
}

export function BoardCanvas({ editingPileId, activePileId, onInteract }: BoardCanvasProps) {
  const session = useBoard();
  const sorting = useBoardSorting();
  const view = useBoardView();
  const { awareness, assetUrl, canEdit } = session;
  const { cards, piles, layout } = sorting;
  const { viewport, width, height } = view;
  const t = useT();
  const containerRef = useRef<HTMLDivElement>(null);
  const [cardDrag, setCardDrag] = useState<CardDrag | null>(null);
  const [pileMove, setPileMove] = useState<{ pileId: string; at: Point } | null>(null);
  const [ghost, setGhost] = useState<Ghost | null>(null);
  const [dropTarget, setDropTarget] = useState<DropTarget | null>(null);
  const [insertMark, setInsertMark] = useState<Rect | null>(null);
  const [lasso, setLasso] = useState<Rect | null>(null);
  // Pointers are drawn over the canvas (CursorsOverlay): their moves need not re-render it.
  const participants = useParticipantsExceptPointers(awareness, dragKey);
  const level = useImageLevel(viewport.scale);
  const detail = viewport.scale >= 0.45;
  const far = viewport.scale < FAR_SCALE;

  // One image cache per board session; it closes every bitmap when the board closes.
  const cache = useMemo(() => new ImageCache(assetUrl), [assetUrl]);
  useEffect(() => () => cache.destroy(), [cache]);

  // Event handlers are attached once; they read the latest render's values from these.
  const live = useRef<Live>(null as unknown as Live);
  live.current = {
    doc: session.doc,
    history: session.history,
    presence: sorting.canvasPresence,
    canEdit,
    cards,
    piles,
    layout,
    view,
    selection: sorting.selection,
    onSelect: sorting.select,
    onRenamePile: session.renamePile,
    onOpenPile: session.openPile,
    onInteract,
    onOpenCard: session.showCard,
    onPlaceCards: sorting.placeCards,
  };
  const cardOrder = useMemo(() => [...cards.keys()], [cards]);
  const cardOrderRef = useRef(cardOrder);
  cardOrderRef.current = cardOrder;
  const hiddenRef = useRef<ReadonlySet<string>>(EMPTY_IDS);
  const labelsRef = useRef({ columns: (n: number) => t('pile.columns', { count: n }), move: t('unsorted.moveHere') });
  labelsRef.current = { columns: (n: number) => t('pile.columns', { count: n }), move: t('unsorted.moveHere') };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    let gesture: Gesture = { kind: 'none' };
    const touches = new Map<number, Point>();
    /** The last pointer position of a card drag, in screen coordinates, for edge scrolling. */
    let dragScreen: Point | null = null;
    let edgeFrame = 0;

    const local = (event: { clientX: number; clientY: number }): Point => {
      const rect = container.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };
    const boardPoint = (screen: Point) => toBoard(live.current.view.viewport, screen);
    const hitAt = (screen: Point): SortHit => hitTestSort(live.current.layout, cardOrderRef.current, boardPoint(screen), hiddenRef.current);
    const movedFar = (screen: Point, start: Point) => Math.hypot(screen.x - start.x, screen.y - start.y) >= DRAG_THRESHOLD;

    const endDrag = () => {
      setCardDrag(null);
      setPileMove(null);
      setGhost(null);
      setDropTarget(null);
      setInsertMark(null);
      setLasso(null);
      live.current.presence.drag(null);
      container.style.cursor = '';
      dragScreen = null;
      cancelAnimationFrame(edgeFrame);
      edgeFrame = 0;
    };

    let longPress: ReturnType<typeof setTimeout> | undefined;
    const cancel = () => {
      clearTimeout(longPress);
      if (gesture.kind !== 'none' && gesture.kind !== 'pinch' && gesture.kind !== 'pan') endDrag();
      gesture = { kind: 'none' };
    };

    const pinchState = (): { distance: number; center: Point } | null => {
      const [a, b] = [...touches.values()];
      if (!a || !b) return null;
      return { distance: Math.hypot(a.x - b.x, a.y - b.y), center: { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } };
    };

    /** Shows a card drag at `screen`: the cards under the pointer, where they would land, for me and for others. */
    const showCardDrag = (screen: Point) => {
      if (gesture.kind !== 'card') return;
      const pointer = boardPoint(screen);
      const { layout: currentLayout } = live.current;
      const topLeft = { x: pointer.x - gesture.grab.x, y: pointer.y - gesture.grab.y };
      // The others fan out under the grabbed card, which others see on top.
      const grabbed = gesture.cardId;
      const others = gesture.ids.filter((id) => id !== grabbed);
      const ordered = [...others, grabbed];
      setCardDrag({ ids: ordered, topLeft });
      const target = dropTargetAt(currentLayout, pointer);
      setDropTarget((current) => (sameTarget(current, target) ? current : target));
      const moving = new Set(gesture.ids);
      if (target.kind === 'none') setInsertMark(null);
      else {
        const pileId = target.kind === 'pile' ? target.id : null;
        const mark = insertMarkAt(currentLayout, pileId, dropIndex(currentLayout, pileId, pointer, moving), moving);
        setInsertMark((current) => (sameRect(current, mark) ? current : mark));
      }
      live.current.presence.drag(
        ordered.map((id, i) => {
          const depth = ordered.length - 1 - i;
          return { id, x: topLeft.x + depth * STACK_OFFSET * 2, y: topLeft.y + depth * STACK_OFFSET * 2 };
        }),
      );
    };

    /** While a card is held near an edge of the canvas, the board scrolls under it. */
    const edgeScroll = () => {
      edgeFrame = 0;
      if (gesture.kind !== 'card' || !gesture.moved || !dragScreen) return;
      const rect = container.getBoundingClientRect();
      const push = (at: number, size: number) =>
        at < EDGE_SCROLL_ZONE ? EDGE_SCROLL_SPEED : at > size - EDGE_SCROLL_ZONE ? -EDGE_SCROLL_SPEED : 0;
      const dx = push(dragScreen.x, rect.width);
      const dy = push(dragScreen.y, rect.height);
      if (dx === 0 && dy === 0) return;
      live.current.view.panBy(dx, dy);
      // The pan lands on the next render; show the drag where the board will then be.
      const screen = dragScreen;
      requestAnimationFrame(() => showCardDrag(screen));
      edgeFrame = requestAnimationFrame(edgeScroll);
    };

    const onPointerDown = (event: PointerEvent) => {
      const screen = local(event);
      if (event.pointerType === 'touch') {
        touches.set(event.pointerId, screen);
        if (touches.size === 2) {
          // A second finger turns whatever the first one started into a pinch.
          cancel();
          const pinch = pinchState();
          if (pinch) gesture = { kind: 'pinch', ...pinch };
          return;
        }
      }
      if (gesture.kind !== 'none') return;
      const middle = event.pointerType === 'mouse' && event.button === 1;
      if (event.pointerType === 'mouse' && event.button !== 0 && !middle) return;
      container.setPointerCapture(event.pointerId);
      const modifier = event.shiftKey || event.ctrlKey || event.metaKey;
      const hit = middle ? null : hitAt(screen);
      const { canEdit: editable, layout: currentLayout, selection } = live.current;
      const pointer = boardPoint(screen);
      const start = { pointerId: event.pointerId, start: screen, moved: false };

      if (editable && hit?.kind === 'card') {
        const position = currentLayout.cardPositions.get(hit.id);
        if (position) {
          // Pressing a selected card carries the whole selection; any other card goes alone.
          const ids = selection.has(hit.id) ? inDisplayOrder(currentLayout, [...selection, hit.id]) : [hit.id];
          gesture = {
            kind: 'card',
            cardId: hit.id,
            ids,
            toggle: modifier,
            grab: { x: pointer.x - position.x, y: pointer.y - position.y },
            ...start,
          };
          if (event.pointerType !== 'mouse') {
            const pressed = gesture;
            clearTimeout(longPress);
            longPress = setTimeout(() => {
              if (gesture !== pressed || pressed.moved) return;
              // Long-press: in or out of the selection; a drag that follows carries the whole selection.
              pressed.held = true;
              const wasSelected = live.current.selection.has(pressed.cardId);
              live.current.onSelect([pressed.cardId], 'toggle');
              const others = [...live.current.selection].filter((id) => id !== pressed.cardId);
              pressed.ids = inDisplayOrder(live.current.layout, wasSelected ? [pressed.cardId] : [...others, pressed.cardId]);
            }, LONG_PRESS_MS);
          }
          return;
        }
      }
      if (editable && hit?.kind === 'pileHeader') {
        const pile = currentLayout.pileRects.get(hit.id);
        if (pile) {
          gesture = { kind: 'pile', pileId: pile.id, grab: { x: pointer.x - pile.x, y: pointer.y - pile.y }, ...start };
          return;
        }
      }
      if (editable && hit?.kind === 'pileCollapse') {
        gesture = { kind: 'fold', pointerId: event.pointerId, pileId: hit.id };
        return;
      }
      if (editable && (hit?.kind === 'pileResize' || hit?.kind === 'unsortedResize')) {
        const pileId = hit.kind === 'pileResize' ? hit.id : null;
        const origin = pileId === null ? currentLayout.unsorted : currentLayout.pileRects.get(pileId);
        if (origin) {
          gesture = { kind: 'resize', pileId, origin: { ...origin }, ...start };
          return;
        }
      }
      if (editable && hit?.kind === 'unsortedHeader') {
        const area = currentLayout.unsorted;
        gesture = { kind: 'area', grab: { x: pointer.x - area.x, y: pointer.y - area.y }, ...start };
        return;
      }
      if (editable && modifier && hit?.kind !== 'card') {
        gesture = { kind: 'lasso', from: pointer, base: [...selection], ...start };
        return;
      }
      gesture = { kind: 'pan', pointerId: event.pointerId, last: screen, start: screen, moved: false };
      container.style.cursor = 'grabbing';
    };

    const onPointerMove = (event: PointerEvent) => {
      const screen = local(event);
      const pointer = boardPoint(screen);
      live.current.presence.moveCursor(pointer);
      if (event.pointerType === 'touch' && touches.has(event.pointerId)) touches.set(event.pointerId, screen);

      switch (gesture.kind) {
        case 'pinch': {
          const pinch = pinchState();
          if (!pinch) return;
          const { view: controls } = live.current;
          controls.panBy(pinch.center.x - gesture.center.x, pinch.center.y - gesture.center.y);
          if (gesture.distance > 0) controls.zoomAt(pinch.center, pinch.distance / gesture.distance);
          gesture = { kind: 'pinch', ...pinch };
          return;
        }
        case 'pan': {
          if (event.pointerId !== gesture.pointerId) return;
          live.current.view.panBy(screen.x - gesture.last.x, screen.y - gesture.last.y);
          gesture.last = screen;
          if (movedFar(screen, gesture.start)) gesture.moved = true;
          return;
        }
        case 'card': {
          if (event.pointerId !== gesture.pointerId) return;
          if (!gesture.moved && !movedFar(screen, gesture.start)) return;
          clearTimeout(longPress);
          if (!gesture.moved && gesture.toggle && !live.current.selection.has(gesture.cardId)) {
            // A modifier-drag of an unselected card adds it to the selection and carries them all.
            gesture.ids = inDisplayOrder(live.current.layout, [...live.current.selection, gesture.cardId]);
            live.current.onSelect([gesture.cardId], 'add');
          }
          gesture.moved = true;
          container.style.cursor = 'grabbing';
          dragScreen = screen;
          showCardDrag(screen);
          if (!edgeFrame) edgeFrame = requestAnimationFrame(edgeScroll);
          return;
        }
        case 'pile': {
          if (event.pointerId !== gesture.pointerId) return;
          if (!gesture.moved && !movedFar(screen, gesture.start)) return;
          gesture.moved = true;
          container.style.cursor = 'grabbing';
          setPileMove({ pileId: gesture.pileId, at: { x: pointer.x - gesture.grab.x, y: pointer.y - gesture.grab.y } });
          return;
        }
        case 'resize': {
          if (event.pointerId !== gesture.pointerId) return;
          if (!gesture.moved && !movedFar(screen, gesture.start)) return;
          gesture.moved = true;
          const { origin, pileId } = gesture;
          const w = snapWidth(pointer.x - origin.x, 1);
          const h = pileId === null ? origin.h : Math.max(MIN_PILE_HEIGHT, pointer.y - origin.y);
          const columns = Math.round((w - 32 + 16) / (CARD_WIDTH + 16));
          const color = pileId === null ? '#5b6475' : (live.current.piles.find((pile) => pile.id === pileId)?.color ?? SELECTION);
          setGhost({ x: origin.x, y: origin.y, w, h, label: labelsRef.current.columns(columns), color });
          return;
        }
        case 'area': {
          if (event.pointerId !== gesture.pointerId) return;
          if (!gesture.moved && !movedFar(screen, gesture.start)) return;
          gesture.moved = true;
          container.style.cursor = 'grabbing';
          const area = live.current.layout.unsorted;
          setGhost({
            x: pointer.x - gesture.grab.x,
            y: pointer.y - gesture.grab.y,
            w: area.w,
            h: Math.min(area.h, PILE_HEADER_HEIGHT + 2 * CARD_HEIGHT),
            label: labelsRef.current.move,
            color: '#5b6475',
          });
          return;
        }
        case 'lasso': {
          if (event.pointerId !== gesture.pointerId) return;
          if (!gesture.moved && !movedFar(screen, gesture.start)) return;
          gesture.moved = true;
          const area = normalise(gesture.from, pointer);
          const { viewport: current } = live.current.view;
          const corner = toScreen(current, area);
          setLasso({ x: corner.x, y: corner.y, w: area.w * current.scale, h: area.h * current.scale });
          live.current.onSelect([...gesture.base, ...cardsInRect(live.current.layout, cardOrderRef.current, area)], 'replace');
          return;
        }
        case 'fold':
          return;
        case 'none': {
          if (event.pointerType !== 'mouse' || !live.current.canEdit) return;
          const hit = hitAt(screen);
          container.style.cursor = (hit && CURSORS[hit.kind]) ?? '';
          return;
        }
      }
    };

    const onPointerUp = (event: PointerEvent) => {
      touches.delete(event.pointerId);
      if (gesture.kind === 'pinch') {
        if (touches.size < 2) gesture = { kind: 'none' };
        return;
      }
      if (gesture.kind === 'none' || event.pointerId !== gesture.pointerId) return;
      const screen = local(event);
      const pointer = boardPoint(screen);
      const { doc: board, layout: currentLayout, history } = live.current;
      const finished = gesture;
      gesture = { kind: 'none' };

      switch (finished.kind) {
        case 'card': {
          clearTimeout(longPress);
          if (!finished.moved) {
            if (finished.held) break;
            if (finished.toggle) live.current.onSelect([finished.cardId], 'toggle');
            else live.current.onOpenCard(finished.cardId);
            break;
          }
          const target = dropTargetAt(currentLayout, pointer);
          const moving = new Set(finished.ids);
          const allUnsorted = finished.ids.every((id) => currentLayout.cardPile.get(id) === null);
          // Dropped on bare board: out of their pile, to the end of the unsorted area.
          if (target.kind !== 'none' || !allUnsorted) {
            const pileId = target.kind === 'pile' ? target.id : null;
            const index = target.kind === 'none' ? undefined : dropIndex(currentLayout, pileId, pointer, moving);
            const plan = planMove(currentLayout, finished.ids, { pileId, index });
            // One write per drop (NOTES.md); the awareness preview ends right after, in the same order.
            const place = live.current.onPlaceCards;
            if (plan.size > 0) {
              if (place) place(plan);
              else history.change(() => applyPlan(board, plan));
            }
            // Put down: the next selection starts afresh, as after sending cards with a key.
            if (finished.ids.length > 1 || live.current.selection.has(finished.cardId)) live.current.onSelect([], 'replace');
          }
          break;
        }
        case 'pile': {
          if (!finished.moved) {
            live.current.onOpenPile(finished.pileId);
            break;
          }
          history.change(() =>
            updatePile(board, finished.pileId, { x: Math.round(pointer.x - finished.grab.x), y: Math.round(pointer.y - finished.grab.y) }),
          );
          break;
        }
        case 'fold': {
          const hit = hitAt(screen);
          if (hit?.kind === 'pileCollapse' && hit.id === finished.pileId) {
            const pile = live.current.piles.find((each) => each.id === finished.pileId);
            if (pile) history.change(() => updatePile(board, pile.id, { collapsed: !pile.collapsed }));
          }
          break;
        }
        case 'resize': {
          if (!finished.moved) break;
          const { origin, pileId } = finished;
          const w = snapWidth(pointer.x - origin.x, pileId === null ? 2 : 1);
          if (pileId === null) {
            history.change(() => setUnsortedArea(board, { x: origin.x, y: origin.y, w }));
          } else {
            const notes = currentLayout.notes.get(pileId) ?? 0;
            const h = Math.max(MIN_PILE_HEIGHT, Math.round(pointer.y - origin.y - notes));
            history.change(() => updatePile(board, pileId, { w, h }));
          }
          break;
        }
        case 'area': {
          if (!finished.moved) break;
          const area = currentLayout.unsorted;
          history.change(() => setUnsortedArea(board, { x: pointer.x - finished.grab.x, y: pointer.y - finished.grab.y, w: area.w }));
          break;
        }
        case 'lasso':
          break;
        case 'pan': {
          // A click on a card (by anyone, viewers too) opens it large; on bare board it clears the selection.
          if (finished.moved) break;
          const hit = hitAt(screen);
          if (hit?.kind === 'card') live.current.onOpenCard(hit.id);
          else if (!event.shiftKey && !event.ctrlKey && !event.metaKey) live.current.onSelect([], 'replace');
          break;
        }
      }
      endDrag();
      if ('moved' in finished && finished.moved) live.current.onInteract?.();
    };

    const onPointerCancel = (event: PointerEvent) => {
      touches.delete(event.pointerId);
      cancel();
    };

    const onPointerLeave = (event: PointerEvent) => {
      if (gesture.kind === 'none' && event.pointerType === 'mouse') live.current.presence.moveCursor(null);
    };

    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const screen = local(event);
      const delta = wheelPixels(event);
      const { view: controls } = live.current;
      // Trackpad pinches arrive as ctrl+wheel. A mouse wheel scrolls in whole lines or big steps;
      // a trackpad's two-finger scroll in small pixel steps, which pan like a map.
      const mouseWheel = event.deltaMode !== 0 || (event.deltaX === 0 && Math.abs(event.deltaY) >= 50 && Number.isInteger(event.deltaY));
      if (event.ctrlKey || event.metaKey) {
        controls.zoomAt(screen, Math.exp(-delta.y * 0.01));
      } else if (mouseWheel && !event.shiftKey) {
        controls.zoomAt(screen, 2 ** (-delta.y / 400));
      } else if (event.shiftKey && delta.x === 0) {
        controls.panBy(-delta.y, 0);
      } else {
        controls.panBy(-delta.x, -delta.y);
      }
      live.current.presence.moveCursor(toBoard(live.current.view.viewport, screen));
      live.current.onInteract?.();
    };

    const onDoubleClick = (event: MouseEvent) => {
      const hit = hitAt(local(event));
      if (hit?.kind === 'pileHeader' && live.current.canEdit) live.current.onRenamePile(hit.id);
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && gesture.kind !== 'none' && gesture.kind !== 'pinch') {
        cancel();
        event.stopPropagation();
      }
    };

    container.addEventListener('pointerdown', onPointerDown);
    container.addEventListener('pointermove', onPointerMove);
    container.addEventListener('pointerup', onPointerUp);
    container.addEventListener('pointercancel', onPointerCancel);
    container.addEventListener('pointerleave', onPointerLeave);
    container.addEventListener('wheel', onWheel, { passive: false });
    container.addEventListener('dblclick', onDoubleClick);
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      clearTimeout(longPress);
      cancelAnimationFrame(edgeFrame);
      container.removeEventListener('pointerdown', onPointerDown);
      container.removeEventListener('pointermove', onPointerMove);
      container.removeEventListener('pointerup', onPointerUp);
      container.removeEventListener('pointercancel', onPointerCancel);
      container.removeEventListener('pointerleave', onPointerLeave);
      container.removeEventListener('wheel', onWheel);
      container.removeEventListener('dblclick', onDoubleClick);
      window.removeEventListener('keydown', onKeyDown, true);
    };
  }, []);

  // Cards others are dragging, except any I am holding myself.
  const mine = cardDrag?.ids;
  const remote = useMemo(() => {
    const list: RemoteDrag[] = [];
    for (const participant of participants) {
      for (const drag of participant.drag) {
        if (!mine?.includes(drag.id))
          list.push({ ...drag, name: participant.name, color: participant.color, showName: participant.cursor === null });
      }
    }
    return list;
  }, [participants, mine]);

  // The set of cards left off the cards layer changes only when a drag starts or ends, so the
  // cards layer does not re-render while something moves.
  const hiddenKey = [...(mine ?? []), ...remote.map((drag) => drag.id)].sort().join(' ');
  const hiddenIds = useMemo(() => (hiddenKey ? new Set(hiddenKey.split(' ')) : EMPTY_IDS), [hiddenKey]);

  const movingPile = useMemo((): MovingPile | null => {
    if (!pileMove) return null;
    const pile = piles.find((p) => p.id === pileMove.pileId);
    const drawn = layout.pileRects.get(pileMove.pileId);
    if (!pile || !drawn) return null;
    const list = layout.members.get(pile.id) ?? [];
    const shown = pile.collapsed ? list.slice(0, 1) : list;
    const members = shown.flatMap((card) => {
      const position = layout.cardPositions.get(card.id);
      return position
        ? [{ card, offset: { x: position.x - drawn.x, y: position.y - drawn.y }, stackCount: pile.collapsed ? list.length : 0 }]
        : [];
    });
    const number = layout.pileNumbers.get(pile.id) ?? 0;
    return {
      pile,
      height: drawn.h,
      width: drawn.w,
      at: pileMove.at,
      number: number <= NUMBERED_PILES ? number : 0,
      notesHeight: layout.notes.get(pile.id) ?? 0,
      cards: members,
    };
  }, [pileMove, piles, layout]);

  // While a pile moves, its cards travel with it on the drag layer.
  const hiddenWithPile = useMemo(() => {
    if (!movingPile) return hiddenIds;
    const set = new Set(hiddenIds);
    for (const card of layout.members.get(movingPile.pile.id) ?? []) set.add(card.id);
    return set;
  }, [hiddenIds, movingPile, layout]);

  hiddenRef.current = hiddenWithPile;

  // Cards far off screen are not drawn (NOTES.md: it cuts the cost of a pan by half). The area is
  // generous and snapped to a coarse grid, so it changes only every few hundred pixels of panning.
  const cullKey = cullArea(viewport, width, height);
  const drawArea = useMemo(() => {
    const [x, y, w, h] = cullKey.split(' ').map(Number) as [number, number, number, number];
    return { x, y, w, h };
  }, [cullKey]);

  const localDrag = useMemo(() => {
    if (!cardDrag) return [];
    // The grabbed card (last) at the pointer; the rest peek out under it, at most a few.
    const shown = cardDrag.ids.slice(-6);
    return shown.map((id, i) => {
      const depth = shown.length - 1 - i;
      return { id, x: cardDrag.topLeft.x + depth * STACK_OFFSET * 2, y: cardDrag.topLeft.y + depth * STACK_OFFSET * 2 };
    });
  }, [cardDrag]);

  return (
    <div
      ref={containerRef}
      className="board-canvas"
      data-testid="board-canvas"
      data-dragging={cardDrag ? cardDrag.ids.length : undefined}
      style={gridStyle(viewport)}
    >
      <ImageCacheContext.Provider value={cache}>
        <Stage width={width} height={height} x={viewport.x} y={viewport.y} scaleX={viewport.scale} scaleY={viewport.scale}>
          <PilesLayer
            piles={piles}
            layout={layout}
            dropTarget={dropTarget}
            editingId={editingPileId}
            activeId={activePileId}
            hiddenId={pileMove?.pileId ?? null}
            editable={canEdit}
            scale={viewport.scale}
          />
          <CardsLayer
            cards={cards}
            layout={layout}
            hiddenIds={hiddenWithPile}
            drawArea={drawArea}
            level={level}
            detail={detail}
            far={far}
            hiddenLabels={sorting.names.labels}
            nameBands={sorting.nameBands}
            annotations={sorting.annotations}
            selection={sorting.selection}
          />
          <DragLayer
            cards={cards}
            local={localDrag}
            movingPile={movingPile}
            ghost={ghost}
            insertMark={insertMark}
            remote={remote}
            hiddenLabels={sorting.names.labels}
            nameBands={sorting.nameBands}
            level={level === 'tiny' ? 'tiny' : 'thumb'}
            tagScale={1 / viewport.scale}
          />
          {/* Last, so the layers above keep their places (0 piles, 1 cards, 2 what moves). */}
          {far && <PileTitlesLayer piles={piles} layout={layout} scale={viewport.scale} hiddenId={pileMove?.pileId ?? null} />}
        </Stage>
      </ImageCacheContext.Provider>
      {lasso && <div className="lasso" style={{ left: lasso.x, top: lasso.y, width: lasso.w, height: lasso.h }} data-testid="lasso" />}
    </div>
  );
}

function normalise(a: Point, b: Point): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}

function sameTarget(a: DropTarget | null, b: DropTarget): boolean {
  if (!a || a.kind !== b.kind) return false;
  return a.kind !== 'pile' || (b.kind === 'pile' && a.id === b.id);
}

function sameRect(a: Rect | null, b: Rect | null): boolean {
  return a === b || (a !== null && b !== null && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h);
}
