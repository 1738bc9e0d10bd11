// What the select tool's states share: the host they act through (what they read of the board
// and do to it), what they show while they last, and the helpers all of them use.
import type { Point, Rect } from '#shared/layout.js';
import type { CardPlacement } from '#shared/schema/card.js';
import type { Pile } from '#shared/schema/pile.js';
import { type DropTarget, hitTestSort, type SortHit, type SortLayout } from '#shared/sortLayout.js';
import { toBoard, type Viewport } from '../../viewport.js';
import type { GestureState } from '../machine.js';

/** Dragging this close to the canvas's edge scrolls the board, like a sheet of paper under the hand. */
export const EDGE_SCROLL_ZONE = 36;
export const EDGE_SCROLL_SPEED = 14;
/** A finger or pen held this long on a card, without moving, selects it (touch has no Shift key). */
export const LONG_PRESS_MS = 500;
/** The unsorted area's ghost, when it is moved or widened. */
export const AREA_COLOR = '#5b6475';

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
  /** Sorting is locked in this protocol phase: cards are not lifted at all (issue 19). */
  cardsLocked(): boolean;
  /** Says why a card did not lift, at the pointer. */
  refuseLift(screen: Point): void;
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

export type State = GestureState<SelectHost>;

export const boardPoint = (host: SelectHost, screen: Point) => toBoard(host.viewport(), screen);

export const hitAt = (host: SelectHost, screen: Point): SortHit =>
  hitTestSort(host.layout(), host.cardOrder(), boardPoint(host, screen), host.hidden());

/** Everything a gesture shows while it lasts, taken away. */
export function clearPreviews(host: SelectHost): void {
  host.showCardDrag(null);
  host.showPileMove(null);
  host.showGhost(null);
  host.showLasso(null);
  host.publishDrag(null);
  host.setCursor('');
}
