// Pointer input for the board's annotation tools (pen, highlighter, eraser, laser, sticky note).
// Listens on the board area in the capture phase, ahead of the canvas's own gestures: with a tool
// in hand, presses on the board draw instead of dragging. Mouse, touch and stylus all arrive as
// pointer events; once a stylus has been used, touches are taken for a resting palm and ignored.
// A pen stroke that starts on a card's page is stored in that page's coordinates (it then moves
// and scales with the card); elsewhere it is board ink.
import { type RefObject, useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { boxToPage, INK_WIDTHS, type PlacedStroke, pictureBox, placeCardStroke, strokesUnderEraser } from '../../../shared/inkGeometry.js';
import { CARD_IMAGE_HEIGHT, CARD_WIDTH, type Point, type Rect } from '../../../shared/layout.js';
import { type Card, type PageRotation, pageRotation } from '../../../shared/schema/card.js';
import { addStroke, type InkPoint, type InkTool, removeStrokes } from '../../../shared/schema/ink.js';
import { addNote } from '../../../shared/schema/notes.js';
import { hitTestSort, type SortLayout } from '../../../shared/sortLayout.js';
import type { DraftStroke } from '../board/InkLayer.js';
import { pageSize } from '../board/inkDrawing.js';
import type { BoardTool } from '../board/session.js';
import { toBoard, type Viewport } from '../board/viewport.js';
import type { History } from '../sync/history.js';
import type { Presence } from '../sync/presence.js';
import type { InkSnapshot } from './useAnnotations.js';

/** Where a card's picture sits within the card (CardShape's image area). */
export const CARD_PICTURE: Rect = { x: 6, y: 6, w: CARD_WIDTH - 12, h: CARD_IMAGE_HEIGHT - 6 };
const EMPTY = new Set<string>();
/** The eraser's tip and the laser's trail length, in screen pixels and points. */
const ERASER_RADIUS = 10;
const LASER_POINTS = 40;

export interface BoardToolsOptions {
  area: RefObject<HTMLElement | null>;
  tool: BoardTool;
  doc: Y.Doc;
  history: History;
  presence: Presence;
  viewport: Viewport;
  layout: SortLayout;
  cards: ReadonlyMap<string, Card>;
  ink: InkSnapshot;
  color: string;
  author: string;
  canEdit: boolean;
  onDraft(draft: DraftStroke | null): void;
  onLaser(points: number[] | null): void;
  onNoteAdded(noteId: string): void;
}

interface Anchor {
  cardId: string;
  page: string;
  box: Rect;
  rotation: PageRotation;
}

/** The page of the card under `point` (board coordinates), if its picture has been drawn once. */
function pageUnder(layout: SortLayout, cards: ReadonlyMap<string, Card>, point: Point): Anchor | null {
  const hit = hitTestSort(layout, [...cards.keys()], point, EMPTY);
  if (hit?.kind !== 'card') return null;
  const card = cards.get(hit.id);
  const picture = card ? pictureOnBoard(layout, card) : null;
  return picture && boxToPage(point, picture.box, picture.rotation) ? { cardId: hit.id, ...picture } : null;
}

/** Where a card's first page is drawn on the board, if the card is placed and its page's size known. */
function pictureOnBoard(layout: SortLayout, card: Card): Omit<Anchor, 'cardId'> | null {
  const position = layout.cardPositions.get(card.id);
  const page = card.pages[0];
  const size = page ? pageSize(page) : null;
  if (!position || !page || !size) return null;
  const rotation = pageRotation(card, page);
  const box = pictureBox(
    { ...CARD_PICTURE, x: position.x + CARD_PICTURE.x, y: position.y + CARD_PICTURE.y },
    size.width,
    size.height,
    rotation,
  );
  return { page, box, rotation };
}

/** Every stroke as it lies on the board now: board ink as is, card ink where its card is drawn. */
export function placedStrokes(ink: InkSnapshot, layout: SortLayout, cards: ReadonlyMap<string, Card>): PlacedStroke[] {
  const placed: PlacedStroke[] = ink.board.map((stroke) => ({ id: stroke.id, points: stroke.points, width: stroke.width }));
  for (const [cardId, strokes] of ink.byCard) {
    const card = cards.get(cardId);
    const picture = card && !layout.stacked.has(cardId) ? pictureOnBoard(layout, card) : null;
    if (!picture) continue;
    for (const stroke of strokes) if (stroke.page === picture.page) placed.push(placeCardStroke(stroke, picture.box, picture.rotation));
  }
  return placed;
}

const pressureOf = (event: PointerEvent) => (event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : 0.5);

export function useBoardTools(options: BoardToolsOptions): void {
  const live = useRef(options);
  live.current = options;

  useEffect(() => {
    const area = options.area.current;
    if (!area) return;
    let penSeen = false;
    let stroke: { pointerId: number; tool: InkTool; anchor: Anchor | null; board: number[]; page: InkPoint[]; width: number } | null = null;
    let erasing: number | null = null;
    let laser: number[] = [];
    let laserDown: number | null = null;
    let frame = 0;

    const onSurface = (event: Event) => {
      const target = event.target as HTMLElement | null;
      return Boolean(target?.closest('.board-canvas'));
    };
    const boardPoint = (event: PointerEvent): Point => {
      const rect = area.getBoundingClientRect();
      return toBoard(live.current.viewport, { x: event.clientX - rect.left, y: event.clientY - rect.top });
    };
    const swallow = (event: Event) => {
      event.stopPropagation();
      event.preventDefault();
    };
    const showDraft = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const current = live.current;
        if (!stroke) return;
        const draft: DraftStroke = { key: 'mine', tool: stroke.tool, color: current.color, width: boardWidth(), points: stroke.board };
        current.onDraft(draft);
        const pairs: number[] = [];
        for (let i = 0; i + 2 < stroke.board.length; i += 3) pairs.push(stroke.board[i] as number, stroke.board[i + 1] as number);
        current.presence.inking({ tool: stroke.tool, color: current.color, width: draft.width, points: pairs });
      });
    };
    /** The width of the stroke being drawn, in board units. */
    const boardWidth = () => {
      if (!stroke) return 1;
      if (!stroke.anchor) return stroke.width;
      const pageWidth = stroke.anchor.rotation === 90 || stroke.anchor.rotation === 270 ? stroke.anchor.box.h : stroke.anchor.box.w;
      return (stroke.width / 1000) * pageWidth;
    };
    const erase = (point: Point) => {
      const current = live.current;
      const hits = strokesUnderEraser(
        placedStrokes(current.ink, current.layout, current.cards),
        point,
        ERASER_RADIUS / current.viewport.scale,
      );
      if (hits.length > 0) current.history.change(() => removeStrokes(current.doc, hits));
    };
    const pointLaser = (point: Point) => {
      laser = [...laser, point.x, point.y].slice(-LASER_POINTS * 2);
      live.current.onLaser(laser);
      live.current.presence.laser(
        Array.from({ length: laser.length / 2 }, (_, i) => ({ x: laser[i * 2] as number, y: laser[i * 2 + 1] as number })),
      );
    };

    const onDown = (event: PointerEvent) => {
      const current = live.current;
      if (current.tool === 'select' || !onSurface(event)) return;
      if (event.pointerType === 'pen') penSeen = true;
      // Palm rejection: with a stylus in play, a touch is the hand resting on the screen.
      if (event.pointerType === 'touch' && penSeen) {
        swallow(event);
        return;
      }
      if (event.pointerType === 'mouse' && event.button !== 0) return;
      const point = boardPoint(event);
      if (current.tool === 'laser') {
        swallow(event);
        laserDown = event.pointerId;
        area.setPointerCapture(event.pointerId);
        pointLaser(point);
        return;
      }
      if (!current.canEdit) return;
      swallow(event);
      if (current.tool === 'note') {
        const pileId = [...current.layout.pileRects].reverse().find(([, rect]) => inside(rect, point))?.[0] ?? null;
        const pile = pileId ? current.layout.pileRects.get(pileId) : undefined;
        let noteId = '';
        current.history.change(() => {
          noteId = addNote(current.doc, pile ? { pileId, x: point.x - pile.x, y: point.y - pile.y } : { x: point.x, y: point.y });
        });
        current.onNoteAdded(noteId);
        return;
      }
      area.setPointerCapture(event.pointerId);
      if (current.tool === 'eraser') {
        erasing = event.pointerId;
        erase(point);
        return;
      }
      const tool = current.tool;
      const anchor = pageUnder(current.layout, current.cards, point);
      const screenWidth = tool === 'pen' ? 3 : 16;
      let width: number;
      if (anchor) {
        // Thin enough to write with on the full-size page, thick enough to see on the thumbnail.
        const pageWidth = anchor.rotation === 90 || anchor.rotation === 270 ? anchor.box.h : anchor.box.w;
        const wanted = ((screenWidth / current.viewport.scale) * 1000) / pageWidth;
        width = Math.min(tool === 'pen' ? 12 : 60, Math.max(INK_WIDTHS[tool].page, wanted));
      } else width = screenWidth / current.viewport.scale;
      stroke = { pointerId: event.pointerId, tool, anchor, board: [], page: [], width };
      addPoint(event, point);
    };

    const addPoint = (event: PointerEvent, point: Point) => {
      if (!stroke) return;
      const pressure = pressureOf(event);
      const last = stroke.board.length;
      if (
        last >= 3 &&
        Math.hypot(point.x - (stroke.board[last - 3] as number), point.y - (stroke.board[last - 2] as number)) <
          0.5 / live.current.viewport.scale
      )
        return;
      stroke.board.push(point.x, point.y, pressure);
      if (stroke.anchor) {
        const { box, rotation } = stroke.anchor;
        const clamped = { x: Math.min(box.x + box.w, Math.max(box.x, point.x)), y: Math.min(box.y + box.h, Math.max(box.y, point.y)) };
        const onPage = boxToPage(clamped, box, rotation);
        if (onPage) stroke.page.push({ ...onPage, pressure });
      }
      showDraft();
    };

    const onMove = (event: PointerEvent) => {
      const current = live.current;
      if (current.tool === 'select') return;
      if (event.pointerType === 'touch' && penSeen) {
        if (onSurface(event)) swallow(event);
        return;
      }
      if (stroke && event.pointerId === stroke.pointerId) {
        swallow(event);
        const point = boardPoint(event);
        current.presence.moveCursor(point);
        for (const each of event.getCoalescedEvents?.() ?? [event]) addPoint(each, boardPoint(each));
        return;
      }
      if (erasing === event.pointerId) {
        swallow(event);
        const point = boardPoint(event);
        current.presence.moveCursor(point);
        erase(point);
        return;
      }
      // The laser follows a hovering mouse, or a finger or stylus pressed down.
      if (current.tool === 'laser' && onSurface(event) && (event.pointerType === 'mouse' || laserDown === event.pointerId)) {
        const point = boardPoint(event);
        current.presence.moveCursor(point);
        pointLaser(point);
      }
    };

    const finish = (event: PointerEvent, keep: boolean) => {
      const current = live.current;
      if (laserDown === event.pointerId) laserDown = null;
      if (erasing === event.pointerId) {
        erasing = null;
        swallow(event);
        return;
      }
      if (!stroke || event.pointerId !== stroke.pointerId) return;
      swallow(event);
      const done = stroke;
      stroke = null;
      cancelAnimationFrame(frame);
      frame = 0;
      current.onDraft(null);
      current.presence.inking(null);
      if (!keep) return;
      const boardPoints: InkPoint[] = [];
      for (let i = 0; i + 2 < done.board.length; i += 3) {
        boardPoints.push({ x: done.board[i] as number, y: done.board[i + 1] as number, pressure: done.board[i + 2] as number });
      }
      const record = done.anchor
        ? { cardId: done.anchor.cardId, page: done.anchor.page, points: done.page }
        : { cardId: null, page: null, points: boardPoints };
      if (record.points.length === 0) return;
      current.history.change(() => {
        addStroke(current.doc, { ...record, tool: done.tool, color: current.color, width: done.width, author: current.author });
      });
    };
    const onUp = (event: PointerEvent) => finish(event, true);
    const onCancel = (event: PointerEvent) => finish(event, false);
    const onLeave = () => {
      if (live.current.tool === 'laser' && laserDown === null && laser.length > 0) {
        laser = [];
        live.current.onLaser(null);
        live.current.presence.laser(null);
      }
    };

    area.addEventListener('pointerdown', onDown, true);
    area.addEventListener('pointermove', onMove, true);
    area.addEventListener('pointerup', onUp, true);
    area.addEventListener('pointercancel', onCancel, true);
    area.addEventListener('pointerleave', onLeave);
    return () => {
      cancelAnimationFrame(frame);
      area.removeEventListener('pointerdown', onDown, true);
      area.removeEventListener('pointermove', onMove, true);
      area.removeEventListener('pointerup', onUp, true);
      area.removeEventListener('pointercancel', onCancel, true);
      area.removeEventListener('pointerleave', onLeave);
    };
  }, [options.area]);
}

function inside(rect: Rect, point: Point): boolean {
  return point.x >= rect.x && point.x <= rect.x + rect.w && point.y >= rect.y && point.y <= rect.y + rect.h;
}
