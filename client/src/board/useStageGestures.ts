// The one pointer pipeline of the board: DOM events on the stage's container become gesture inputs
// for the tool in hand (board/gestures/). With an annotation tool, its states see an event first;
// what they do not take goes to the select tool's states. Both reach the board only through the
// hosts built here, which read the latest render's values when an event arrives.
import { type RefObject, useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import type { Point, Rect } from '#shared/layout.js';
import type { PageRect } from '#shared/pageGeometry.js';
import type { Card, CardPlacement } from '#shared/schema/card.js';
import { addStroke, removeStrokes } from '#shared/schema/ink.js';
import { addNote } from '#shared/schema/notes.js';
import { type Pile, updatePile } from '#shared/schema/pile.js';
import { setUnsortedArea } from '#shared/schema/settings.js';
import { applyPlan } from '#shared/sorting.js';
import type { SortLayout } from '#shared/sortLayout.js';
import type { History } from '../sync/history.js';
import type { Presence } from '../sync/presence.js';
import { annotateTool, type BoardTool, type Draft, type InkOnBoard } from './gestures/annotate.js';
import type { PointerInput } from './gestures/machine.js';
import { type CardDragPreview, type Ghost, type SelectMode, selectTool, wheelAction } from './gestures/select.js';
import type { ViewportControls } from './hooks/useViewport.js';
import { pageSize } from './inkDrawing.js';
import { toBoard, wheelPixels } from './viewport.js';

/** What the gestures read when an event arrives: the board as last rendered. */
export interface StageLive {
  doc: Y.Doc;
  history: History;
  presence: Presence;
  canEdit: boolean;
  tool: BoardTool;
  cards: ReadonlyMap<string, Card>;
  /** Every card as everyone sees it (ink belongs to the shared cards). */
  sharedCards: ReadonlyMap<string, Card>;
  cardOrder: readonly string[];
  piles: readonly Pile[];
  layout: SortLayout;
  hidden: ReadonlySet<string>;
  selection: ReadonlySet<string>;
  view: ViewportControls & { width: number; height: number };
  ink: InkOnBoard;
  /** Where each page's student worked: card faces show that part, so a pen anchors to it. */
  workRegions: ReadonlyMap<string, PageRect>;
  color: string;
  author: string;
  labels: { columns(count: number): string; moveHere: string };
  select(ids: readonly string[], mode: SelectMode): void;
  openCard(cardId: string): void;
  openPile(pileId: string): void;
  renamePile(pileId: string): void;
  interacted?(): void;
  /** Where dropped cards go instead of the shared board (my layer in a private sort). */
  placeCards: ((plan: ReadonlyMap<string, CardPlacement>) => void) | undefined;
  noteAdded(noteId: string): void;
  /** Sorting is locked in this protocol phase (useSortLock). */
  cardsLocked: boolean;
  refuseLift(screen: Point): void;
}

/** Where the gestures show what they are doing. */
export interface StagePreviews {
  cardDrag(preview: CardDragPreview | null): void;
  pileMove(move: { pileId: string; at: Point } | null): void;
  ghost(ghost: Ghost | null): void;
  lasso(rect: Rect | null): void;
  draft(draft: Draft | null): void;
  laser(points: number[] | null): void;
}

function inputOf(container: HTMLElement, event: PointerEvent, withCoalesced = false): PointerInput {
  const rect = container.getBoundingClientRect();
  const kind = event.pointerType === 'touch' || event.pointerType === 'pen' ? event.pointerType : 'mouse';
  const input: PointerInput = {
    pointerId: event.pointerId,
    kind,
    button: event.button,
    screen: { x: event.clientX - rect.left, y: event.clientY - rect.top },
    shift: event.shiftKey,
    ctrl: event.ctrlKey || event.metaKey,
    pressure: event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : 0.5,
    onCanvas: container.contains(event.target as Node | null),
  };
  if (withCoalesced) {
    const merged = event.getCoalescedEvents?.() ?? [];
    if (merged.length > 0) input.coalesced = merged.map((each) => inputOf(container, each));
  }
  return input;
}

export function useStageGestures(
  container: RefObject<HTMLDivElement | null>,
  live: RefObject<StageLive>,
  show: StagePreviews,
  tool: BoardTool,
): void {
  const annotating = useRef<{ stop(): void } | null>(null);
  // Putting a tool down drops what it was doing (a stroke under way, the laser's trail).
  useEffect(() => {
    if (tool !== 'laser') annotating.current?.stop();
  }, [tool]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the handlers are attached once and read `live` when called.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const now = () => live.current;
    const frame = (run: () => void) => {
      const id = requestAnimationFrame(run);
      return () => cancelAnimationFrame(id);
    };

    const select = selectTool({
      canEdit: () => now().canEdit,
      cardsLocked: () => now().cardsLocked,
      refuseLift: (screen) => now().refuseLift(screen),
      layout: () => now().layout,
      cardOrder: () => now().cardOrder,
      hidden: () => now().hidden,
      selection: () => now().selection,
      pile: (pileId) => now().piles.find((pile) => pile.id === pileId),
      viewport: () => now().view.viewport,
      size: () => ({ width: element.clientWidth, height: element.clientHeight }),
      columnsLabel: (count) => now().labels.columns(count),
      moveHereLabel: () => now().labels.moveHere,
      panBy: (dx, dy) => now().view.panBy(dx, dy),
      zoomAt: (screen, factor) => now().view.zoomAt(screen, factor),
      setCursor: (cursor) => {
        element.style.cursor = cursor;
      },
      capture: (pointerId) => element.setPointerCapture(pointerId),
      moveCursor: (point) => now().presence.moveCursor(point),
      select: (ids, mode) => now().select(ids, mode),
      openCard: (cardId) => now().openCard(cardId),
      openPile: (pileId) => now().openPile(pileId),
      renamePile: (pileId) => now().renamePile(pileId),
      interacted: () => now().interacted?.(),
      showCardDrag: show.cardDrag,
      showPileMove: show.pileMove,
      showGhost: show.ghost,
      showLasso: show.lasso,
      publishDrag: (cards) => now().presence.drag(cards),
      placeCards: (plan) => {
        const { placeCards, history, doc } = now();
        if (placeCards) placeCards(plan);
        else history.change(() => applyPlan(doc, plan));
      },
      updatePile: (pileId, fields) => {
        const { history, doc } = now();
        history.change(() => updatePile(doc, pileId, fields));
      },
      setUnsortedArea: (area) => {
        const { history, doc } = now();
        history.change(() => setUnsortedArea(doc, area));
      },
      after: (ms, run) => {
        const timer = setTimeout(run, ms);
        return () => clearTimeout(timer);
      },
      nextFrame: frame,
    });

    const annotate = annotateTool({
      tool: () => now().tool,
      canEdit: () => now().canEdit,
      viewport: () => now().view.viewport,
      layout: () => now().layout,
      cards: () => now().sharedCards,
      ink: () => now().ink,
      pageSize,
      workRegion: (assetId) => now().workRegions.get(assetId) ?? null,
      capture: (pointerId) => element.setPointerCapture(pointerId),
      moveCursor: (point) => now().presence.moveCursor(point),
      showDraft: (draft) => {
        show.draft(draft);
        const { presence, color } = now();
        if (!draft) {
          presence.inking(null);
          return;
        }
        const pairs: number[] = [];
        for (let i = 0; i + 2 < draft.points.length; i += 3) pairs.push(draft.points[i] as number, draft.points[i + 1] as number);
        presence.inking({ tool: draft.tool, color, width: draft.width, points: pairs });
      },
      showLaser: (points) => {
        show.laser(points);
        now().presence.laser(
          points
            ? Array.from({ length: points.length / 2 }, (_, i) => ({ x: points[i * 2] as number, y: points[i * 2 + 1] as number }))
            : null,
        );
      },
      addStroke: (stroke) => {
        const { history, doc, color, author } = now();
        history.change(() => {
          addStroke(doc, { ...stroke, color, author });
        });
      },
      removeStrokes: (ids) => {
        const { history, doc } = now();
        history.change(() => removeStrokes(doc, [...ids]));
      },
      addNote: (point) => {
        const { history, doc, layout } = now();
        const pileId = [...layout.pileRects].reverse().find(([, rect]) => inside(rect, point))?.[0] ?? null;
        const pile = pileId ? layout.pileRects.get(pileId) : undefined;
        let noteId = '';
        history.change(() => {
          noteId = addNote(doc, pile ? { pileId, x: point.x - pile.x, y: point.y - pile.y } : { x: point.x, y: point.y });
        });
        now().noteAdded(noteId);
      },
      nextFrame: frame,
    });

    /** An event an annotation tool took goes no further (not to the select tool, not to the page). */
    const taken = (event: Event, took: boolean) => {
      if (!took) return false;
      event.stopPropagation();
      event.preventDefault();
      return true;
    };
    const onPointerDown = (event: PointerEvent) => {
      const input = inputOf(element, event);
      if (!taken(event, annotate.down(input))) select.down(input);
    };
    const onPointerMove = (event: PointerEvent) => {
      // The positions merged into a move matter only to a stroke being drawn.
      const input = inputOf(element, event, now().tool !== 'select');
      if (!taken(event, annotate.move(input))) select.move(input);
    };
    const onPointerUp = (event: PointerEvent) => {
      const input = inputOf(element, event);
      if (!taken(event, annotate.up(input))) select.up(input);
    };
    const onPointerCancel = (event: PointerEvent) => {
      const input = inputOf(element, event);
      if (!taken(event, annotate.cancel(input))) select.cancel(input);
    };
    const onPointerLeave = (event: PointerEvent) => {
      const input = inputOf(element, event);
      annotate.leave(input);
      select.leave(input);
    };
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const screen = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      const action = wheelAction({
        deltaX: event.deltaX,
        deltaY: event.deltaY,
        pixels: wheelPixels(event),
        deltaMode: event.deltaMode,
        shift: event.shiftKey,
        ctrl: event.ctrlKey || event.metaKey,
      });
      const { view } = now();
      if ('zoom' in action) view.zoomAt(screen, action.zoom);
      else view.panBy(action.pan.x, action.pan.y);
      now().presence.moveCursor(toBoard(now().view.viewport, screen));
      now().interacted?.();
    };
    const onDoubleClick = (event: MouseEvent) => {
      const rect = element.getBoundingClientRect();
      const hit = select.hitAt({ x: event.clientX - rect.left, y: event.clientY - rect.top });
      if (hit?.kind === 'pileHeader' && now().canEdit) now().renamePile(hit.id);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && select.escape()) event.stopPropagation();
    };

    element.addEventListener('pointerdown', onPointerDown);
    element.addEventListener('pointermove', onPointerMove);
    element.addEventListener('pointerup', onPointerUp);
    element.addEventListener('pointercancel', onPointerCancel);
    element.addEventListener('pointerleave', onPointerLeave);
    element.addEventListener('wheel', onWheel, { passive: false });
    element.addEventListener('dblclick', onDoubleClick);
    window.addEventListener('keydown', onKeyDown, true);
    annotating.current = annotate;
    return () => {
      annotating.current = null;
      select.stop();
      annotate.stop();
      element.removeEventListener('pointerdown', onPointerDown);
      element.removeEventListener('pointermove', onPointerMove);
      element.removeEventListener('pointerup', onPointerUp);
      element.removeEventListener('pointercancel', onPointerCancel);
      element.removeEventListener('pointerleave', onPointerLeave);
      element.removeEventListener('wheel', onWheel);
      element.removeEventListener('dblclick', onDoubleClick);
      window.removeEventListener('keydown', onKeyDown, true);
    };
  }, []);
}

function inside(rect: Rect, point: Point): boolean {
  return point.x >= rect.x && point.x <= rect.x + rect.w && point.y >= rect.y && point.y <= rect.y + rect.h;
}
