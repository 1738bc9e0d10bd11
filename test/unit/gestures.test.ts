// The board's gestures as states (client/src/board/gestures/), driven without a browser: a fake
// host records what the states do to the board, a fake clock and frame queue stand in for timers
// and animation frames. The layout is the real one (shared/sortLayout.ts) of a small board.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Point, Rect } from '#shared/layout.js';
import type { CardPlacement } from '#shared/schema/card.js';
import { createCard, listCards } from '#shared/schema/card.js';
import type { InkStroke } from '#shared/schema/ink.js';
import { createPile, listPiles, type Pile } from '#shared/schema/pile.js';
import { layoutSortBoard, type SortLayout, widthForColumns } from '#shared/sortLayout.js';
import { type AnnotateHost, annotateTool, type BoardTool, type NewStroke } from '../../client/src/board/gestures/annotate.js';
import type { PointerInput } from '../../client/src/board/gestures/machine.js';
import {
  type CardDragPreview,
  EDGE_SCROLL_SPEED,
  type Ghost,
  LONG_PRESS_MS,
  type SelectHost,
  type SelectMode,
  selectTool,
  wheelAction,
} from '../../client/src/board/gestures/select.js';
import type { Viewport } from '../../client/src/board/viewport.js';

function sortBoard() {
  const doc = new Y.Doc();
  for (let i = 0; i < 4; i++) createCard(doc, { student: `S${i}`, pages: [`p${i}`], order: i }, `c${i}`);
  createPile(doc, { title: 'Number line', x: 1600, y: 0, w: widthForColumns(3), h: 300 }, 'pA');
  return { layout: layoutSortBoard({ cards: listCards(doc), piles: listPiles(doc) }), piles: listPiles(doc) };
}

/** The select tool on a fake board: it records everything the states ask of the host. */
function selectOn(options: { canEdit?: boolean; selection?: string[]; viewport?: Viewport; locked?: boolean } = {}) {
  const { layout, piles } = sortBoard();
  const timers: { at: number; run: () => void; live: boolean }[] = [];
  let frames: (() => void)[] = [];
  let clock = 0;
  const state = {
    viewport: options.viewport ?? { x: 0, y: 0, scale: 1 },
    selection: new Set(options.selection ?? []),
    cursor: '',
    opened: [] as string[],
    openedPiles: [] as string[],
    placed: [] as ReadonlyMap<string, CardPlacement>[],
    pileUpdates: [] as { pileId: string; fields: Partial<Pile> }[],
    selections: [] as { ids: readonly string[]; mode: SelectMode }[],
    drag: null as CardDragPreview | null,
    published: [] as ({ id: string; x: number; y: number }[] | null)[],
    lasso: null as Rect | null,
    ghost: null as Ghost | null,
    interactions: 0,
    refusals: [] as Point[],
  };
  const host: SelectHost = {
    canEdit: () => options.canEdit ?? true,
    cardsLocked: () => options.locked ?? false,
    refuseLift: (screen) => state.refusals.push(screen),
    layout: () => layout,
    cardOrder: () => [...layout.cardPositions.keys()],
    hidden: () => new Set(),
    selection: () => state.selection,
    pile: (pileId) => piles.find((pile) => pile.id === pileId),
    viewport: () => state.viewport,
    size: () => ({ width: 1000, height: 700 }),
    columnsLabel: (count) => `${count} columns`,
    moveHereLabel: () => 'Move here',
    panBy(dx, dy) {
      state.viewport = { ...state.viewport, x: state.viewport.x + dx, y: state.viewport.y + dy };
    },
    zoomAt(_screen, factor) {
      state.viewport = { ...state.viewport, scale: state.viewport.scale * factor };
    },
    setCursor(cursor) {
      state.cursor = cursor;
    },
    capture() {},
    moveCursor() {},
    select(ids, mode) {
      state.selections.push({ ids, mode });
      if (mode === 'replace') state.selection = new Set(ids);
      else if (mode === 'add') state.selection = new Set([...state.selection, ...ids]);
      else for (const id of ids) state.selection.has(id) ? state.selection.delete(id) : state.selection.add(id);
    },
    openCard: (cardId) => state.opened.push(cardId),
    openPile: (pileId) => state.openedPiles.push(pileId),
    renamePile() {},
    interacted() {
      state.interactions++;
    },
    showCardDrag(preview) {
      state.drag = preview;
    },
    showPileMove() {},
    showGhost(ghost) {
      state.ghost = ghost;
    },
    showLasso(rect) {
      state.lasso = rect;
    },
    publishDrag: (cards) => state.published.push(cards),
    placeCards: (plan) => state.placed.push(plan),
    updatePile: (pileId, fields) => state.pileUpdates.push({ pileId, fields }),
    setUnsortedArea() {},
    after(ms, run) {
      const timer = { at: clock + ms, run, live: true };
      timers.push(timer);
      return () => {
        timer.live = false;
      };
    },
    nextFrame(run) {
      frames.push(run);
      return () => {
        frames = frames.filter((each) => each !== run);
      };
    },
  };
  const tool = selectTool(host);
  return {
    tool,
    state,
    layout,
    /** Moves the clock on, running the timers that fall due. */
    wait(ms: number) {
      clock += ms;
      for (const timer of timers) {
        if (timer.live && timer.at <= clock) {
          timer.live = false;
          timer.run();
        }
      }
    },
    /** Draws one frame: runs what was waiting for it. */
    frame() {
      const due = frames;
      frames = [];
      for (const run of due) run();
    },
  };
}

let nextPointer = 1;
function pointer(kind: PointerInput['kind'] = 'mouse') {
  const pointerId = nextPointer++;
  const input = (screen: Point, extra: Partial<PointerInput> = {}): PointerInput => ({
    pointerId,
    kind,
    button: 0,
    screen,
    shift: false,
    ctrl: false,
    pressure: 0.5,
    onCanvas: true,
    ...extra,
  });
  return input;
}

/** The middle of a card as drawn (the viewport is the identity unless a test moves it). */
function middleOf(layout: SortLayout, cardId: string): Point {
  const at = layout.cardPositions.get(cardId);
  if (!at) throw new Error(`card ${cardId} is not laid out`);
  return { x: at.x + 40, y: at.y + 60 };
}

function insidePile(layout: SortLayout, pileId: string): Point {
  const rect = layout.pileRects.get(pileId);
  if (!rect) throw new Error(`pile ${pileId} is not laid out`);
  return { x: rect.x + rect.w / 2, y: rect.y + rect.h - 20 };
}

describe('the select tool', () => {
  it('a card pressed and let go without moving opens; nothing is written', () => {
    const { tool, state, layout } = selectOn();
    const at = pointer();
    const card = middleOf(layout, 'c1');
    tool.down(at(card));
    expect(tool.machine.state.name).toBe('pointingCard');
    tool.move(at({ x: card.x + 2, y: card.y + 1 }));
    tool.up(at({ x: card.x + 2, y: card.y + 1 }));
    expect(state.opened).toEqual(['c1']);
    expect(state.placed).toEqual([]);
    expect(tool.machine.state.name).toBe('idle');
  });

  it('in a locked sort a card does not lift: the pointer says so before a press, the drag is refused once, and nothing moves or opens', () => {
    const { tool, state, layout } = selectOn({ locked: true });
    const at = pointer();
    const card = middleOf(layout, 'c0');
    tool.move(at(card));
    expect(state.cursor).toBe('not-allowed');
    tool.down(at(card));
    tool.move(at({ x: 300, y: 200 }));
    tool.move(at(insidePile(layout, 'pA')));
    expect(tool.machine.state.name).toBe('pointingCard');
    expect(state.drag).toBeNull();
    expect(state.published).toEqual([]);
    expect(state.refusals).toEqual([{ x: 300, y: 200 }]);
    tool.up(at(insidePile(layout, 'pA')));
    expect(state.placed).toEqual([]);
    expect(state.opened).toEqual([]);
    expect(tool.machine.state.name).toBe('idle');
  });

  it('a card dragged into a pile shows where it would land, then is placed there once, on drop', () => {
    const { tool, state, layout } = selectOn();
    const at = pointer();
    tool.down(at(middleOf(layout, 'c0')));
    const target = insidePile(layout, 'pA');
    tool.move(at({ x: 300, y: 200 }));
    expect(tool.machine.state.name).toBe('translatingCards');
    tool.move(at(target));
    expect(state.drag?.ids).toEqual(['c0']);
    expect(state.drag?.target).toEqual({ kind: 'pile', id: 'pA' });
    expect(state.published.at(-1)?.map((card) => card.id)).toEqual(['c0']);
    expect(state.placed).toEqual([]);

    tool.up(at(target));
    expect(state.placed).toHaveLength(1);
    expect(state.placed[0]?.get('c0')?.pileId).toBe('pA');
    // The preview ends, here and for the others, and the drop counts as an interaction.
    expect(state.drag).toBeNull();
    expect(state.published.at(-1)).toBeNull();
    expect(state.interactions).toBe(1);
    expect(tool.machine.state.name).toBe('idle');
  });

  it('pressing a selected card carries the whole selection, and the selection starts afresh after the drop', () => {
    const { tool, state, layout } = selectOn({ selection: ['c0', 'c2'] });
    const at = pointer();
    tool.down(at(middleOf(layout, 'c2')));
    tool.move(at({ x: 400, y: 300 }));
    expect(state.drag?.ids).toEqual(['c0', 'c2']);
    tool.up(at(insidePile(layout, 'pA')));
    expect([...(state.placed[0]?.keys() ?? [])].sort()).toEqual(['c0', 'c2']);
    expect(state.selection.size).toBe(0);
  });

  it('Escape in the middle of a drag puts everything back and writes nothing', () => {
    const { tool, state, layout } = selectOn();
    const at = pointer();
    tool.down(at(middleOf(layout, 'c1')));
    tool.move(at(insidePile(layout, 'pA')));
    expect(tool.escape()).toBe(true);
    expect(state.drag).toBeNull();
    tool.up(at(insidePile(layout, 'pA')));
    expect(state.placed).toEqual([]);
    expect(tool.escape()).toBe(false);
  });

  it('shift-dragging bare board draws a lasso that selects the cards it touches', () => {
    const { tool, state, layout } = selectOn({ selection: [] });
    const at = pointer();
    const first = layout.cardPositions.get('c0') as Point;
    const start = { x: first.x - 20, y: first.y - 20 };
    tool.down(at(start, { shift: true }));
    expect(tool.machine.state.name).toBe('brushing');
    tool.move(at({ x: first.x + 30, y: first.y + 30 }, { shift: true }));
    expect(state.lasso).not.toBeNull();
    expect([...state.selection]).toEqual(['c0']);
    tool.up(at({ x: first.x + 30, y: first.y + 30 }));
    expect(state.lasso).toBeNull();
    expect(tool.machine.state.name).toBe('idle');
  });

  it('bare board dragged pans by the pointer’s travel; bare board clicked clears the selection', () => {
    const { tool, state } = selectOn({ selection: ['c1'] });
    const drag = pointer();
    tool.down(drag({ x: 1200, y: 600 }));
    expect(tool.machine.state.name).toBe('panning');
    tool.move(drag({ x: 1150, y: 580 }));
    tool.move(drag({ x: 1100, y: 560 }));
    tool.up(drag({ x: 1100, y: 560 }));
    expect(state.viewport).toEqual({ x: -100, y: -40, scale: 1 });
    expect(state.selection.has('c1')).toBe(true);

    const click = pointer();
    tool.down(click({ x: 1200, y: 600 }));
    tool.up(click({ x: 1200, y: 600 }));
    expect(state.selection.size).toBe(0);
  });

  it('a viewer’s press on a card pans instead of dragging, and a click still opens the card', () => {
    const { tool, state, layout } = selectOn({ canEdit: false });
    const at = pointer();
    const card = middleOf(layout, 'c3');
    tool.down(at(card));
    expect(tool.machine.state.name).toBe('panning');
    tool.up(at(card));
    expect(state.opened).toEqual(['c3']);
    expect(state.placed).toEqual([]);
  });

  it('a finger held still on a card selects it, and letting go then does not open it', () => {
    const { tool, state, layout, wait } = selectOn();
    const finger = pointer('touch');
    const card = middleOf(layout, 'c2');
    tool.down(finger(card));
    wait(LONG_PRESS_MS - 50);
    expect(state.selection.has('c2')).toBe(false);
    wait(100);
    expect(state.selection.has('c2')).toBe(true);
    tool.up(finger(card));
    expect(state.opened).toEqual([]);
  });

  it('a mouse held still on a card does not select it: only fingers and pens long-press', () => {
    const { tool, state, layout, wait } = selectOn();
    const mouse = pointer('mouse');
    tool.down(mouse(middleOf(layout, 'c2')));
    wait(LONG_PRESS_MS * 2);
    expect(state.selection.size).toBe(0);
  });

  it('a card held near the canvas’s left edge scrolls the board every frame until it moves away', () => {
    const { tool, state, layout, frame } = selectOn();
    const at = pointer();
    tool.down(at(middleOf(layout, 'c0')));
    tool.move(at({ x: 10, y: 300 }));
    frame();
    frame();
    expect(state.viewport.x).toBe(2 * EDGE_SCROLL_SPEED);
    tool.move(at({ x: 400, y: 300 }));
    frame();
    frame();
    expect(state.viewport.x).toBe(2 * EDGE_SCROLL_SPEED);
    tool.up(at({ x: 400, y: 300 }));
  });

  it('a second finger turns a card drag into a pinch that zooms with the fingers’ spread', () => {
    const { tool, state, layout } = selectOn();
    const one = pointer('touch');
    const two = pointer('touch');
    tool.down(one(middleOf(layout, 'c1')));
    tool.move(one({ x: 300, y: 300 }));
    expect(state.drag).not.toBeNull();
    tool.down(two({ x: 500, y: 300 }));
    expect(tool.machine.state.name).toBe('pinching');
    expect(state.drag).toBeNull();
    tool.move(two({ x: 700, y: 300 }));
    expect(state.viewport.scale).toBeCloseTo(2);
    tool.up(two({ x: 700, y: 300 }));
    expect(tool.machine.state.name).toBe('idle');
    expect(state.placed).toEqual([]);
  });

  it('a pile header clicked opens its panel; dragged, the pile moves once, on drop', () => {
    const { tool, state, layout } = selectOn();
    const rect = layout.pileRects.get('pA') as Rect;
    const header = { x: rect.x + 60, y: rect.y + 12 };
    const click = pointer();
    tool.down(click(header));
    expect(tool.machine.state.name).toBe('pointingPile');
    tool.up(click(header));
    expect(state.openedPiles).toEqual(['pA']);

    const drag = pointer();
    tool.down(drag(header));
    tool.move(drag({ x: header.x + 100, y: header.y + 50 }));
    expect(tool.machine.state.name).toBe('translatingPile');
    expect(state.pileUpdates).toEqual([]);
    tool.up(drag({ x: header.x + 100, y: header.y + 50 }));
    expect(state.pileUpdates).toEqual([{ pileId: 'pA', fields: { x: rect.x + 100, y: rect.y + 50 } }]);
  });
});

describe('the wheel', () => {
  const wheel = (deltaX: number, deltaY: number, extra: { deltaMode?: number; shift?: boolean; ctrl?: boolean } = {}) =>
    wheelAction({ deltaX, deltaY, pixels: { x: deltaX, y: deltaY }, deltaMode: 0, shift: false, ctrl: false, ...extra });

  it('a trackpad pinch (ctrl + wheel) and a mouse wheel zoom; a trackpad scroll pans', () => {
    expect(wheel(0, -10, { ctrl: true })).toEqual({ zoom: Math.exp(0.1) });
    expect(wheel(0, 100)).toEqual({ zoom: 2 ** (-100 / 400) });
    expect(wheel(3, 7.5)).toEqual({ pan: { x: -3, y: -7.5 } });
    expect(wheel(0, 100, { shift: true })).toEqual({ pan: { x: -100, y: 0 } });
  });
});

/** The annotation tools on a fake board (no card pages drawn yet, so every stroke is board ink). */
function annotateOn(tool: BoardTool, options: { canEdit?: boolean; strokes?: InkStroke[] } = {}) {
  const { layout } = sortBoard();
  const state = {
    tool,
    strokes: [] as NewStroke[],
    removed: [] as string[],
    notes: [] as Point[],
    draft: null as unknown,
    laser: null as number[] | null,
  };
  let frames: (() => void)[] = [];
  const host: AnnotateHost = {
    tool: () => state.tool,
    canEdit: () => options.canEdit ?? true,
    viewport: () => ({ x: 0, y: 0, scale: 1 }),
    layout: () => layout,
    cards: () => new Map(),
    ink: () => ({ byCard: new Map(), board: options.strokes ?? [] }),
    pageSize: () => null,
    workRegion: () => null,
    capture() {},
    moveCursor() {},
    showDraft(draft) {
      state.draft = draft;
    },
    showLaser(points) {
      state.laser = points;
    },
    addStroke: (stroke) => state.strokes.push(stroke),
    removeStrokes: (ids) => state.removed.push(...ids),
    addNote: (point) => state.notes.push(point),
    nextFrame(run) {
      frames.push(run);
      return () => {
        frames = frames.filter((each) => each !== run);
      };
    },
  };
  const frame = () => {
    const due = frames;
    frames = [];
    for (const run of due) run();
  };
  return { tool: annotateTool(host), state, frame };
}

describe('the annotation tools', () => {
  it('the pen draws a stroke that is shown while drawn and written once, when lifted', () => {
    const { tool, state, frame } = annotateOn('pen');
    const pen = pointer('pen');
    expect(tool.down(pen({ x: 2000, y: 900 }, { pressure: 0.7 }))).toBe(true);
    expect(tool.move(pen({ x: 2030, y: 910 }, { pressure: 0.7 }))).toBe(true);
    frame();
    expect(state.draft).toMatchObject({ tool: 'pen', points: [2000, 900, 0.7, 2030, 910, 0.7] });
    expect(state.strokes).toEqual([]);
    expect(tool.up(pen({ x: 2030, y: 910 }))).toBe(true);
    expect(state.strokes).toHaveLength(1);
    expect(state.strokes[0]).toMatchObject({ cardId: null, page: null, tool: 'pen' });
    expect(state.strokes[0]?.points).toHaveLength(2);
    expect(state.draft).toBeNull();
  });

  it('a cancelled stroke is dropped', () => {
    const { tool, state } = annotateOn('highlighter');
    const finger = pointer('touch');
    tool.down(finger({ x: 10, y: 10 }));
    tool.move(finger({ x: 60, y: 10 }));
    tool.cancel(finger({ x: 60, y: 10 }));
    expect(state.strokes).toEqual([]);
    expect(tool.machine.state.name).toBe('ready');
  });

  it('once a stylus has been used, a touch is a resting palm: taken, and it draws nothing', () => {
    const { tool, state } = annotateOn('pen');
    const pen = pointer('pen');
    tool.down(pen({ x: 10, y: 10 }));
    tool.up(pen({ x: 10, y: 10 }));
    const palm = pointer('touch');
    expect(tool.down(palm({ x: 500, y: 500 }))).toBe(true);
    tool.move(palm({ x: 550, y: 520 }));
    tool.up(palm({ x: 550, y: 520 }));
    expect(state.strokes).toHaveLength(1);
  });

  it('a viewer’s press with the pen, and any press with the select tool, go on to the select tool', () => {
    expect(annotateOn('pen', { canEdit: false }).tool.down(pointer('mouse')({ x: 10, y: 10 }))).toBe(false);
    expect(annotateOn('select').tool.down(pointer('mouse')({ x: 10, y: 10 }))).toBe(false);
    // A viewer may still point with the laser.
    expect(annotateOn('laser', { canEdit: false }).tool.down(pointer('mouse')({ x: 10, y: 10 }))).toBe(true);
  });

  it('the eraser rubs out the strokes under its tip, and only those', () => {
    const near: InkStroke = {
      id: 'near',
      cardId: null,
      page: null,
      tool: 'pen',
      color: '#000',
      width: 3,
      author: 'A',
      points: [
        { x: 100, y: 100, pressure: 0.5 },
        { x: 200, y: 100, pressure: 0.5 },
      ],
    } as InkStroke;
    const far: InkStroke = { ...near, id: 'far', points: near.points.map((point) => ({ ...point, y: point.y + 400 })) } as InkStroke;
    const { tool, state } = annotateOn('eraser', { strokes: [near, far] });
    const mouse = pointer('mouse');
    tool.down(mouse({ x: 150, y: 104 }));
    tool.up(mouse({ x: 150, y: 104 }));
    expect(state.removed).toEqual(['near']);
  });

  it('the laser leaves a trail that follows the pointer and goes when the tool is put down', () => {
    const { tool, state } = annotateOn('laser');
    const mouse = pointer('mouse');
    expect(tool.move(mouse({ x: 10, y: 20 }))).toBe(false);
    tool.move(mouse({ x: 30, y: 40 }));
    expect(state.laser).toEqual([10, 20, 30, 40]);
    tool.stop();
    expect(state.laser).toBeNull();
  });

  it('the note tool places a note where pressed', () => {
    const { tool, state } = annotateOn('note');
    tool.down(pointer('mouse')({ x: 321, y: 123 }));
    expect(state.notes).toEqual([{ x: 321, y: 123 }]);
  });
});
