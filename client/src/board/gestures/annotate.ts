// The annotation tools' gestures on the canvas, one small state each: the pen and highlighter draw
// a stroke, the eraser rubs strokes out, the laser leaves a fading trail, the note tool places a
// sticky note. Mouse, touch and stylus arrive alike; once a stylus has been used, touches are taken
// for a resting palm and ignored. A stroke that starts on a card's page is kept in that page's
// coordinates (it then moves and scales with the card); elsewhere it is board ink. A card's face may
// show only the student's work (shared/cardPicture.ts): the stroke is still kept in the whole
// page's coordinates, and only a press on the shown part anchors to the page.
import { cardPicture } from '#shared/cardPicture.js';
import { boxToPage, INK_WIDTHS, type PlacedStroke, placeCardStroke, strokesUnderEraser } from '#shared/inkGeometry.js';
import { CARD_IMAGE_HEIGHT, CARD_WIDTH, type Point, type Rect } from '#shared/layout.js';
import type { PageRect } from '#shared/pageGeometry.js';
import { type Card, type PageRotation, pageRotation } from '#shared/schema/card.js';
import type { InkPoint, InkStroke, InkTool } from '#shared/schema/ink.js';
import { hitTestSort, type SortLayout } from '#shared/sortLayout.js';
import { toBoard, type Viewport } from '../viewport.js';
import { createMachine, type GestureState, type PointerInput } from './machine.js';

/** What a press on the board does: select and move, draw, erase, point, or place a note. */
export type BoardTool = 'select' | InkTool | 'eraser' | 'laser' | 'note';

/** Where a card's picture sits within the card (CardShape's image area). */
export const CARD_PICTURE: Rect = { x: 6, y: 6, w: CARD_WIDTH - 12, h: CARD_IMAGE_HEIGHT - 6 };
/** The eraser's tip and the laser's trail length, in screen pixels and points. */
export const ERASER_RADIUS = 10;
export const LASER_POINTS = 40;
const EMPTY = new Set<string>();

export interface InkOnBoard {
  byCard: ReadonlyMap<string, readonly InkStroke[]>;
  board: readonly InkStroke[];
}

/** A stroke being drawn, as the ink layer shows it: board points as `x, y, pressure` triples. */
export interface Draft {
  tool: InkTool;
  width: number;
  points: number[];
}

export interface NewStroke {
  cardId: string | null;
  page: string | null;
  points: InkPoint[];
  tool: InkTool;
  width: number;
}

/** What the annotation tools read of the board and do to it. */
export interface AnnotateHost {
  tool(): BoardTool;
  canEdit(): boolean;
  viewport(): Viewport;
  layout(): SortLayout;
  cards(): ReadonlyMap<string, Card>;
  ink(): InkOnBoard;
  /** A page's width and height as last drawn, if it has been drawn. */
  pageSize(assetId: string): { width: number; height: number } | null;
  /** Where the page's student worked, which its card's face shows; null when the face shows the whole page. */
  workRegion(assetId: string): PageRect | null;
  capture(pointerId: number): void;
  moveCursor(point: Point): void;
  /** The stroke being drawn, shown here and to the others; null when it is done. */
  showDraft(draft: Draft | null): void;
  /** My laser trail (board points, `x, y` pairs), shown here and to the others; null when it is put away. */
  showLaser(points: number[] | null): void;
  addStroke(stroke: NewStroke): void;
  removeStrokes(ids: readonly string[]): void;
  /** A note at a board point, stuck to the pile there if any. */
  addNote(point: Point): void;
  nextFrame(run: () => void): () => void;
}

/** The annotation tools' own memory across gestures: whether a stylus has been seen, the laser's trail. */
interface AnnotateContext {
  host: AnnotateHost;
  penSeen: boolean;
  trail: number[];
}

type State = GestureState<AnnotateContext>;

interface Anchor {
  cardId: string;
  page: string;
  /** Where the whole (turned) page lies on the board. */
  box: Rect;
  /** The part of it the card shows (the work); a stroke stays inside it. */
  shown: Rect;
  rotation: PageRotation;
}

/** Where a card's first page is drawn on the board, if the card is placed and its page's size known. */
function pictureOnBoard(
  host: Pick<AnnotateHost, 'pageSize' | 'workRegion'>,
  layout: SortLayout,
  card: Card,
): Omit<Anchor, 'cardId'> | null {
  const position = layout.cardPositions.get(card.id);
  const page = card.pages[0];
  const size = page ? host.pageSize(page) : null;
  if (!position || !page || !size) return null;
  const rotation = pageRotation(card, page);
  const area = { ...CARD_PICTURE, x: position.x + CARD_PICTURE.x, y: position.y + CARD_PICTURE.y };
  const picture = cardPicture(area, size.width, size.height, rotation, host.workRegion(page));
  return { page, box: picture.page, shown: picture.shown, rotation };
}

/** The page of the card under `point` (board coordinates), if its picture has been drawn once. */
function pageUnder(host: AnnotateHost, point: Point): Anchor | null {
  const layout = host.layout();
  const cards = host.cards();
  const hit = hitTestSort(layout, [...cards.keys()], point, EMPTY);
  if (hit?.kind !== 'card') return null;
  const card = cards.get(hit.id);
  const picture = card ? pictureOnBoard(host, layout, card) : null;
  return picture && boxToPage(point, picture.shown, 0) ? { cardId: hit.id, ...picture } : null;
}

/** Every stroke as it lies on the board now: board ink as is, card ink where its card is drawn. */
export function placedStrokes(
  host: Pick<AnnotateHost, 'pageSize' | 'workRegion'>,
  ink: InkOnBoard,
  layout: SortLayout,
  cards: ReadonlyMap<string, Card>,
): PlacedStroke[] {
  const placed: PlacedStroke[] = ink.board.map((stroke) => ({ id: stroke.id, points: stroke.points, width: stroke.width }));
  for (const [cardId, strokes] of ink.byCard) {
    const card = cards.get(cardId);
    const picture = card && !layout.stacked.has(cardId) ? pictureOnBoard(host, layout, card) : null;
    if (!picture) continue;
    for (const stroke of strokes) {
      if (stroke.page === picture.page) placed.push({ ...placeCardStroke(stroke, picture.box, picture.rotation), within: picture.shown });
    }
  }
  return placed;
}

const boardPoint = (host: AnnotateHost, input: PointerInput) => toBoard(host.viewport(), input.screen);

/** No gesture under way; a press with a tool in hand starts one. */
export function ready(): State {
  return {
    name: 'ready',
    down(context, input) {
      const { host } = context;
      const tool = host.tool();
      const point = boardPoint(host, input);
      if (tool === 'laser') return lasering(input.pointerId, point);
      if (tool === 'note') {
        host.addNote(point);
        return undefined;
      }
      if (tool === 'eraser') return erasing(input.pointerId, point);
      if (tool === 'pen' || tool === 'highlighter') return drawing(tool, input);
      return undefined;
    },
    move(context, input) {
      // The laser follows a hovering mouse.
      if (context.host.tool() === 'laser' && input.kind === 'mouse') pointLaser(context, boardPoint(context.host, input));
      return undefined;
    },
    leave(context) {
      if (context.trail.length === 0) return;
      context.trail = [];
      context.host.showLaser(null);
      return undefined;
    },
  };
}

function pointLaser(context: AnnotateContext, point: Point): void {
  context.host.moveCursor(point);
  context.trail = [...context.trail, point.x, point.y].slice(-LASER_POINTS * 2);
  context.host.showLaser(context.trail);
}

/** A finger or stylus pressed with the laser: the trail follows it. */
export function lasering(pointerId: number, at: Point): State {
  return {
    name: 'lasering',
    enter(context) {
      context.host.capture(pointerId);
      pointLaser(context, at);
    },
    move(context, input) {
      if (input.kind === 'mouse' || input.pointerId === pointerId) pointLaser(context, boardPoint(context.host, input));
      return undefined;
    },
    up: (_context, input) => (input.pointerId === pointerId ? ready() : undefined),
    cancel: () => ready(),
  };
}

/** The eraser pressed: strokes under its tip go. */
export function erasing(pointerId: number, at: Point): State {
  const erase = ({ host }: AnnotateContext, point: Point) => {
    const hits = strokesUnderEraser(
      placedStrokes(host, host.ink(), host.layout(), host.cards()),
      point,
      ERASER_RADIUS / host.viewport().scale,
    );
    if (hits.length > 0) host.removeStrokes(hits);
  };
  return {
    name: 'erasing',
    enter(context) {
      context.host.capture(pointerId);
      erase(context, at);
    },
    move(context, input) {
      if (input.pointerId !== pointerId) return;
      const point = boardPoint(context.host, input);
      context.host.moveCursor(point);
      erase(context, point);
      return undefined;
    },
    up: (_context, input) => (input.pointerId === pointerId ? ready() : undefined),
    cancel: () => ready(),
  };
}

/** A pen or highlighter stroke being drawn; kept on release, dropped on cancel. */
export function drawing(tool: InkTool, pressed: PointerInput): State {
  const board: number[] = [];
  const page: InkPoint[] = [];
  let anchor: Anchor | null = null;
  let width = 1;
  let cancelFrame: (() => void) | null = null;

  /** The stroke's width in board units (a page stroke's width is in thousandths of its page). */
  const boardWidth = () => {
    if (!anchor) return width;
    const pageWidth = anchor.rotation === 90 || anchor.rotation === 270 ? anchor.box.h : anchor.box.w;
    return (width / 1000) * pageWidth;
  };
  const show = (host: AnnotateHost) => {
    cancelFrame ??= host.nextFrame(() => {
      cancelFrame = null;
      host.showDraft({ tool, width: boardWidth(), points: board });
    });
  };
  const addPoint = (host: AnnotateHost, input: PointerInput) => {
    const point = boardPoint(host, input);
    const last = board.length;
    if (last >= 3 && Math.hypot(point.x - (board[last - 3] as number), point.y - (board[last - 2] as number)) < 0.5 / host.viewport().scale)
      return;
    board.push(point.x, point.y, input.pressure);
    if (anchor) {
      const { box, shown, rotation } = anchor;
      // Kept on the shown work: ink beyond it would be hidden by the crop.
      const clamped = {
        x: Math.min(shown.x + shown.w, Math.max(shown.x, point.x)),
        y: Math.min(shown.y + shown.h, Math.max(shown.y, point.y)),
      };
      const onPage = boxToPage(clamped, box, rotation);
      if (onPage) page.push({ ...onPage, pressure: input.pressure });
    }
    show(host);
  };

  return {
    name: 'drawing',
    enter({ host }) {
      host.capture(pressed.pointerId);
      const point = boardPoint(host, pressed);
      const scale = host.viewport().scale;
      anchor = pageUnder(host, point);
      const screenWidth = tool === 'pen' ? 3 : 16;
      if (anchor) {
        // Thin enough to write with on the full-size page, thick enough to see on the thumbnail.
        const pageWidth = anchor.rotation === 90 || anchor.rotation === 270 ? anchor.box.h : anchor.box.w;
        const wanted = ((screenWidth / scale) * 1000) / pageWidth;
        width = Math.min(tool === 'pen' ? 12 : 60, Math.max(INK_WIDTHS[tool].page, wanted));
      } else width = screenWidth / scale;
      addPoint(host, pressed);
    },
    move({ host }, input) {
      if (input.pointerId !== pressed.pointerId) return;
      host.moveCursor(boardPoint(host, input));
      for (const each of input.coalesced ?? [input]) addPoint(host, each);
      return undefined;
    },
    up({ host }, input) {
      if (input.pointerId !== pressed.pointerId) return;
      const points: InkPoint[] = anchor
        ? page
        : Array.from({ length: Math.floor(board.length / 3) }, (_, i) => ({
            x: board[i * 3] as number,
            y: board[i * 3 + 1] as number,
            pressure: board[i * 3 + 2] as number,
          }));
      if (points.length > 0) host.addStroke({ cardId: anchor?.cardId ?? null, page: anchor?.page ?? null, points, tool, width });
      return ready();
    },
    cancel: () => ready(),
    exit({ host }) {
      cancelFrame?.();
      cancelFrame = null;
      host.showDraft(null);
    },
  };
}

/**
 * The annotation tools: one machine for all of them. Each handler answers whether it took the
 * event; what it does not take (a viewer's press with the pen, a right click) goes to the select
 * tool underneath.
 */
export function annotateTool(host: AnnotateHost) {
  const context: AnnotateContext = { host, penSeen: false, trail: [] };
  const machine = createMachine(context, ready());
  /** Palm rejection: with a stylus in play, a touch is the hand resting on the screen. */
  const palm = (input: PointerInput) => input.kind === 'touch' && context.penSeen;
  return {
    machine,
    down(input: PointerInput): boolean {
      const tool = host.tool();
      if (tool === 'select' || !input.onCanvas) return false;
      if (input.kind === 'pen') context.penSeen = true;
      if (palm(input)) return true;
      if (input.kind === 'mouse' && input.button !== 0) return false;
      if (tool !== 'laser' && !host.canEdit()) return false;
      if (machine.state.name !== 'ready') return true;
      machine.down(input);
      return true;
    },
    move(input: PointerInput): boolean {
      if (host.tool() === 'select') return false;
      if (palm(input)) return input.onCanvas;
      const name = machine.state.name;
      machine.move(input);
      // Drawing and erasing keep their pointer to themselves; the laser lets the canvas see it too.
      return name === 'drawing' || name === 'erasing';
    },
    up(input: PointerInput): boolean {
      const name = machine.state.name;
      machine.up(input);
      return name === 'drawing' || name === 'erasing';
    },
    cancel(input: PointerInput): boolean {
      const name = machine.state.name;
      machine.cancel(input);
      return name === 'drawing' || name === 'erasing';
    },
    leave(input: PointerInput): void {
      if (host.tool() === 'laser' && machine.state.name === 'ready') machine.leave(input);
    },
    /** The tool is put down: a gesture under way is dropped, the laser's trail goes. */
    stop() {
      machine.reset(ready());
      if (context.trail.length === 0) return;
      context.trail = [];
      host.showLaser(null);
    },
  };
}

export type AnnotateTool = ReturnType<typeof annotateTool>;
