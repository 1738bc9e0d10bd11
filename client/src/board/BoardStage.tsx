// The board's stage: the one component that owns every layer drawn over the board and their
// order, and the one place pointer input on the board arrives (useStageGestures, whose states are
// in board/gestures/). Bottom to top:
//   in the Konva stage   0 piles · 1 cards at rest · 2 what moves (my drag, others' drags, ghosts,
//                        the insert mark) · 3 pile titles, when zoomed far out
//   over it, in the DOM  the lasso · board ink · sticky notes · laser trails · others' pointers
// Moves are shown live (locally on the drag layer, to others through awareness) and written to the
// document once, on drop, as one undo step of mine.
import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { CARD_WIDTH, type Point, type Rect } from '#shared/layout.js';
import { NUMBERED_PILES, STACK_OFFSET } from '#shared/sortLayout.js';
import { useT } from '../i18n/index.js';
import type { Draft } from './gestures/annotate.js';
import type { CardDragPreview, Ghost } from './gestures/select.js';
import { useInk, useNotes } from './hooks/useAnnotations.js';
import { ImageCacheContext } from './hooks/useCardImage.js';
import { dragKey, type Participant, useParticipantsExceptPointers } from './hooks/useParticipants.js';
import { useSortLock } from './hooks/useSortLock.js';
import { ImageCache, type ImageLevel, levelFor } from './imageCache.js';
import { Stage } from './konva.js';
import { CardsLayer } from './layers/CardsLayer.js';
import { CursorsOverlay } from './layers/CursorsOverlay.js';
import { DragLayer, type MovingPile, type RemoteDrag } from './layers/DragLayer.js';
import { type DraftStroke, InkLayer } from './layers/InkLayer.js';
import { LaserLayer, type LaserTrail } from './layers/LaserLayer.js';
import { NotesLayer } from './layers/NotesLayer.js';
import { PilesLayer } from './layers/PilesLayer.js';
import { PileTitlesLayer } from './layers/PileTitlesLayer.js';
import { useBoard, useBoardSorting, useBoardView, usePageUrl } from './session.js';
import { FAR_SCALE } from './theme.js';
import { type StageLive, useStageGestures } from './useStageGestures.js';
import { type Viewport, visibleRect } from './viewport.js';

export interface BoardStageProps {
  editingPileId: string | null;
  /** The pile open in the pile panel. */
  activePileId: string | null;
  /** Called after each pan, zoom or move, e.g. to retire the first-use hint. */
  onInteract?(): void;
}

/** The drawn width of a card's picture, in board units (CardShape's image area). */
const PICTURE_WIDTH = CARD_WIDTH - 12;

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

/** How long the words under the pointer stay after a refused lift. */
const LOCK_NOTICE_MS = 4000;

export function BoardStage({ editingPileId, activePileId, onInteract }: BoardStageProps) {
  const session = useBoard();
  const sorting = useBoardSorting();
  const view = useBoardView();
  const { awareness, canEdit, doc, tool, setTool, me } = session;
  const pageUrl = usePageUrl();
  const { cards, piles, layout } = sorting;
  const { viewport, width, height } = view;
  const t = useT();
  const containerRef = useRef<HTMLDivElement>(null);
  const [cardDrag, setCardDrag] = useState<{ ids: string[]; topLeft: Point } | null>(null);
  const [dropTarget, setDropTarget] = useState<CardDragPreview['target'] | null>(null);
  const [insertMark, setInsertMark] = useState<Rect | null>(null);
  const [pileMove, setPileMove] = useState<{ pileId: string; at: Point } | null>(null);
  const [ghost, setGhost] = useState<Ghost | null>(null);
  const [lasso, setLasso] = useState<Rect | null>(null);
  const [newNote, setNewNote] = useState<string | null>(null);
  // My stroke and laser trail change at pointer rate: only their own layers listen to them.
  const myDraft = useMemo(() => previewStore<DraftStroke>(), []);
  const myLaser = useMemo(() => previewStore<LaserTrail>(), []);
  // Pointers are drawn over the canvas (CursorsOverlay): their moves need not re-render it.
  const participants = useParticipantsExceptPointers(awareness, dragKey);
  const ink = useInk(doc);
  const notes = useNotes(doc);
  const level = useImageLevel(viewport.scale);
  const detail = viewport.scale >= 0.45;
  const far = viewport.scale < FAR_SCALE;
  const color = me?.color ?? '#34495e';

  // One image cache per board session and names setting (hiding names loads masked pictures
  // from the server); it closes every bitmap when the board closes.
  const cache = useMemo(() => new ImageCache(pageUrl), [pageUrl]);
  useEffect(() => () => cache.destroy(), [cache]);

  const cardOrder = useMemo(() => [...cards.keys()], [cards]);
  const noteAdded = useCallback(
    (noteId: string) => {
      setNewNote(noteId);
      setTool('select');
    },
    [setTool],
  );
  // A card drag's preview: a new drop target or insert mark only when it changed, so the piles
  // layer re-renders only when the pile under the cards changes.
  const showCardDrag = useCallback((next: CardDragPreview | null) => {
    setCardDrag(next && { ids: next.ids, topLeft: next.topLeft });
    const target = next?.target ?? null;
    setDropTarget((current) => (current && target && sameTarget(current, target) ? current : target));
    const mark = next?.mark ?? null;
    setInsertMark((current) => (sameRect(current, mark) ? current : mark));
  }, []);
  // Event handlers are attached once; they read the latest render's values from here (set below).
  const live = useRef<StageLive>(null as unknown as StageLive);
  const previews = useMemo(
    () => ({
      cardDrag: showCardDrag,
      pileMove: setPileMove,
      ghost: setGhost,
      lasso: setLasso,
      draft: (draft: Draft | null) => myDraft.set(draft ? { key: 'mine', color: live.current.color, ...draft } : null),
      laser: (points: number[] | null) => myLaser.set(points ? { key: 'mine', color: live.current.color, points } : null),
    }),
    [showCardDrag, myDraft, myLaser],
  );

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

  // Cards far off screen are not drawn (README, "Measured facts": it cuts the cost of a pan by half). The area is
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

  // A locked sort refuses the lift where it happens, in words that say who locked it.
  const sortLock = useSortLock();
  const [lockNotice, setLockNotice] = useState<{ at: Point; text: string } | null>(null);
  useEffect(() => {
    if (!lockNotice) return;
    const timer = setTimeout(() => setLockNotice(null), LOCK_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [lockNotice]);
  useEffect(() => {
    if (!sortLock) setLockNotice(null);
  }, [sortLock]);

  live.current = {
    doc,
    cardsLocked: sortLock !== null,
    refuseLift: (at) => {
      if (sortLock) setLockNotice({ at, text: sortLock });
    },
    history: session.history,
    presence: sorting.canvasPresence,
    canEdit,
    tool,
    cards,
    sharedCards: sorting.sharedCards,
    workRegions: sorting.pageWorkRegions,
    cardOrder,
    piles,
    layout,
    hidden: hiddenWithPile,
    selection: sorting.selection,
    view,
    ink,
    color,
    author: me?.name ?? '',
    labels: { columns: (count) => t('pile.columns', { count }), moveHere: t('unsorted.moveHere') },
    select: sorting.select,
    openCard: session.showCard,
    openPile: session.openPile,
    renamePile: session.renamePile,
    interacted: onInteract,
    placeCards: sorting.placeCards,
    noteAdded,
  };
  useStageGestures(containerRef, live, previews, tool);

  return (
    <>
      <div
        ref={containerRef}
        className="board-canvas"
        data-testid="board-canvas"
        data-dragging={cardDrag ? cardDrag.ids.length : undefined}
        data-tool={tool}
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
              workRegions={sorting.pageWorkRegions}
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
              workRegions={sorting.pageWorkRegions}
              level={level === 'tiny' ? 'tiny' : 'thumb'}
              tagScale={1 / viewport.scale}
            />
            {far && <PileTitlesLayer piles={piles} layout={layout} scale={viewport.scale} hiddenId={pileMove?.pileId ?? null} />}
          </Stage>
        </ImageCacheContext.Provider>
        {lasso && <div className="lasso" style={{ left: lasso.x, top: lasso.y, width: lasso.w, height: lasso.h }} data-testid="lasso" />}
        {lockNotice && (
          <p
            className="lock-notice"
            role="status"
            data-testid="lock-notice"
            style={{ left: Math.min(lockNotice.at.x + 16, Math.max(0, width - 320)), top: lockNotice.at.y + 16 }}
          >
            {lockNotice.text}
          </p>
        )}
      </div>
      <BoardInk strokes={ink.board} mine={myDraft} awareness={awareness} viewport={viewport} />
      <NotesLayer notes={notes} pileRects={layout.pileRects} viewport={viewport} focusId={newNote} />
      <BoardLasers mine={myLaser} awareness={awareness} viewport={viewport} width={width} height={height} />
      <Cursors awareness={awareness} viewport={viewport} />
    </>
  );
}

/** Others' pointers move on their own (CursorsOverlay draws them without React); a drag here need not re-render them. */
const Cursors = memo(CursorsOverlay);

/** A value that changes at pointer rate, for the one layer that shows it. */
interface PreviewStore<T> {
  set(value: T | null): void;
  subscribe(listener: () => void): () => void;
  snapshot(): T | null;
}

function previewStore<T>(): PreviewStore<T> {
  let value: T | null = null;
  const listeners = new Set<() => void>();
  return {
    set(next) {
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => value,
  };
}

const inkingKey = (p: Participant) =>
  `${p.clientId}|${p.inking ? `${p.inking.color},${p.inking.width},${p.inking.points.length},${p.inking.points.at(-1)}` : ''}`;
const laserKey = (p: Participant) => `${p.clientId}|${p.color}|${p.laser ? `${p.laser.length},${p.laser.at(-1)}` : ''}`;

/** Board ink: finished strokes on bare board, the strokes others are drawing now, and mine. */
const BoardInk = memo(function BoardInk({
  strokes,
  mine,
  awareness,
  viewport,
}: {
  strokes: Parameters<typeof InkLayer>[0]['strokes'];
  mine: PreviewStore<DraftStroke>;
  awareness: Awareness;
  viewport: Viewport;
}) {
  const draft = useSyncExternalStore(mine.subscribe, mine.snapshot);
  const participants = useParticipantsExceptPointers(awareness, inkingKey);
  const drafts = useMemo(() => {
    const list: DraftStroke[] = [];
    for (const participant of participants) {
      const inking = participant.inking;
      if (!inking) continue;
      const points: number[] = [];
      for (let i = 0; i + 1 < inking.points.length; i += 2) points.push(inking.points[i] as number, inking.points[i + 1] as number, 0.5);
      list.push({ key: `remote-${participant.clientId}`, tool: inking.tool, color: inking.color, width: inking.width, points });
    }
    if (draft) list.push(draft);
    return list;
  }, [participants, draft]);
  return <InkLayer strokes={strokes} drafts={drafts} viewport={viewport} />;
});

/** Laser trails: everyone's who is pointing, mine included. */
const BoardLasers = memo(function BoardLasers({
  mine,
  awareness,
  viewport,
  width,
  height,
}: {
  mine: PreviewStore<LaserTrail>;
  awareness: Awareness;
  viewport: Viewport;
  width: number;
  height: number;
}) {
  const myTrail = useSyncExternalStore(mine.subscribe, mine.snapshot);
  const participants = useParticipantsExceptPointers(awareness, laserKey);
  const trails = useMemo(() => {
    const list: LaserTrail[] = [];
    for (const participant of participants) {
      if (participant.laser) list.push({ key: String(participant.clientId), color: participant.color, points: participant.laser });
    }
    if (myTrail) list.push(myTrail);
    return list;
  }, [participants, myTrail]);
  return <LaserLayer trails={trails} viewport={viewport} width={width} height={height} />;
});

function sameTarget(a: CardDragPreview['target'], b: CardDragPreview['target']): boolean {
  if (a.kind !== b.kind) return false;
  return a.kind !== 'pile' || (b.kind === 'pile' && a.id === b.id);
}

function sameRect(a: Rect | null, b: Rect | null): boolean {
  return a === b || (a !== null && b !== null && a.x === b.x && a.y === b.y && a.w === b.w && a.h === b.h);
}
