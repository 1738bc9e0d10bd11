// Who moved where between two boards of a class (README, "The practice it serves": weeks later,
// who moved to which strategy). Students are matched by their roster id, never by label, so a
// renamed student is still one student; piles are each board's own, so a pile renamed between
// boards is simply a pile of that board. Pure: the server answers the placements, the client
// draws the flows, and the layout here is what both the picture and its table read.
import { nameKey } from './classes.js';
import { trajectoryOrder } from './trajectory.js';
import { type Static, Type } from './typeBuilders.js';

export const MovementPileSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  color: Type.String(),
  order: Type.Union([Type.Number(), Type.Null()]),
});
export type MovementPile = Static<typeof MovementPileSchema>;

export const MovementBoardSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  task: Type.String(),
  createdAt: Type.Number(),
  piles: Type.Array(MovementPileSchema),
});
export type MovementBoard = Static<typeof MovementBoardSchema>;

/** A student's card on one board: its pile (`null` while unsorted). */
export const PlacementSchema = Type.Object({ cardId: Type.String(), pileId: Type.Union([Type.String(), Type.Null()]) });
export type Placement = Static<typeof PlacementSchema>;

export const StudentPathSchema = Type.Object({
  studentId: Type.String(),
  /** The roster name, or `Student N` when names are hidden. */
  label: Type.String(),
  /** One entry per board, in the boards' order; `null` where the student has no card. */
  placements: Type.Array(Type.Union([PlacementSchema, Type.Null()])),
});
export type StudentPath = Static<typeof StudentPathSchema>;

/** `GET /api/classes/:id/movement`: every board of the class and where each student was on it. */
export const ClassMovementSchema = Type.Object({
  /** The class's title. */
  title: Type.String(),
  namesHidden: Type.Boolean(),
  boards: Type.Array(MovementBoardSchema),
  students: Type.Array(StudentPathSchema),
});
export type ClassMovement = Static<typeof ClassMovementSchema>;

/** A place a student can be on a board: a pile of it, its unsorted work, or not on it at all. */
export type Stop = { kind: 'pile'; pile: MovementPile } | { kind: 'unsorted' } | { kind: 'absent' };

export function stopKey(stop: Stop): string {
  return stop.kind === 'pile' ? `pile:${stop.pile.id}` : stop.kind;
}

/** Where a placement puts a student on `board`: a pile that no longer exists counts as unsorted. */
export function stopOf(board: MovementBoard, placement: Placement | null | undefined): Stop {
  if (!placement) return { kind: 'absent' };
  const pile = placement.pileId === null ? undefined : board.piles.find((one) => one.id === placement.pileId);
  return pile ? { kind: 'pile', pile } : { kind: 'unsorted' };
}

/** The stops of a board in reading order: its trajectory (less to more sophisticated), then unsorted, then absent. */
export function stopsOf(board: MovementBoard): Stop[] {
  return [...trajectoryOrder(board.piles).map((pile): Stop => ({ kind: 'pile', pile })), { kind: 'unsorted' }, { kind: 'absent' }];
}

export interface Flow {
  from: Stop;
  to: Stop;
  /** The students who went this way, in roster order. */
  students: StudentPath[];
}

/**
 * The flows from board `fromIndex` to board `toIndex`: one per pair of stops somebody took, in
 * the order of the stops on both sides. A student on neither board is left out; everyone else is
 * in exactly one flow.
 */
export function flowsBetween(movement: ClassMovement, fromIndex: number, toIndex: number): Flow[] {
  const fromBoard = movement.boards[fromIndex];
  const toBoard = movement.boards[toIndex];
  if (!fromBoard || !toBoard) return [];
  const fromRank = new Map(stopsOf(fromBoard).map((stop, index) => [stopKey(stop), index]));
  const toRank = new Map(stopsOf(toBoard).map((stop, index) => [stopKey(stop), index]));
  const flows = new Map<string, Flow>();
  for (const student of movement.students) {
    const from = stopOf(fromBoard, student.placements[fromIndex]);
    const to = stopOf(toBoard, student.placements[toIndex]);
    if (from.kind === 'absent' && to.kind === 'absent') continue;
    const key = `${stopKey(from)}\n${stopKey(to)}`;
    const flow = flows.get(key);
    if (flow) flow.students.push(student);
    else flows.set(key, { from, to, students: [student] });
  }
  const rank = (flow: Flow) => [fromRank.get(stopKey(flow.from)) ?? 0, toRank.get(stopKey(flow.to)) ?? 0] as const;
  return [...flows.values()].sort((a, b) => {
    const [af, at] = rank(a);
    const [bf, bt] = rank(b);
    return af - bf || at - bt;
  });
}

/** A column's box in the flow chart: a stop with the students there, placed top to bottom. */
export interface FlowNode {
  stop: Stop;
  count: number;
  y: number;
  height: number;
}

/** A band from a box on the left to a box on the right; its ends are stacked inside each box. */
export interface FlowBand {
  flow: Flow;
  fromY: number;
  fromHeight: number;
  toY: number;
  toHeight: number;
}

export interface FlowLayout {
  left: FlowNode[];
  right: FlowNode[];
  bands: FlowBand[];
  height: number;
}

/**
 * The flow chart's geometry for `flows` (as `flowsBetween` answers them) between two boards:
 * each side's stops stacked top to bottom in the board's own order with `gap` between them, a
 * box as tall as its students (`unit` each, at least `minHeight` so one student can be read on a
 * projector), and the bands' ends stacked inside each box in the order of the other side, so no
 * two bands cross inside a box.
 */
export function layoutFlows(
  flows: readonly Flow[],
  from: MovementBoard,
  to: MovementBoard,
  options: { unit: number; gap: number; minHeight: number },
): FlowLayout {
  const stack = (stops: Stop[], pick: (flow: Flow) => Stop): FlowNode[] => {
    const counts = new Map<string, number>();
    for (const flow of flows) counts.set(stopKey(pick(flow)), (counts.get(stopKey(pick(flow))) ?? 0) + flow.students.length);
    let y = 0;
    const nodes: FlowNode[] = [];
    for (const stop of stops) {
      const count = counts.get(stopKey(stop)) ?? 0;
      if (count === 0) continue;
      const height = Math.max(options.minHeight, count * options.unit);
      nodes.push({ stop, count, y, height });
      y += height + options.gap;
    }
    return nodes;
  };
  const left = stack(stopsOf(from), (flow) => flow.from);
  const right = stack(stopsOf(to), (flow) => flow.to);
  const leftIndex = new Map(left.map((node, index) => [stopKey(node.stop), index]));
  const rightIndex = new Map(right.map((node, index) => [stopKey(node.stop), index]));
  const ends = (nodes: FlowNode[], pick: (flow: Flow) => Stop, other: (flow: Flow) => number) => {
    const byKey = new Map(nodes.map((node) => [stopKey(node.stop), node]));
    const used = new Map<string, number>();
    const placed = new Map<Flow, { y: number; height: number }>();
    for (const flow of [...flows].sort((a, b) => other(a) - other(b))) {
      const key = stopKey(pick(flow));
      const node = byKey.get(key) as FlowNode;
      const before = used.get(key) ?? 0;
      used.set(key, before + flow.students.length);
      // A box taller than its students (minHeight) shares its height out evenly among them.
      const perStudent = node.height / node.count;
      placed.set(flow, { y: node.y + before * perStudent, height: flow.students.length * perStudent });
    }
    return placed;
  };
  const leftEnds = ends(
    left,
    (flow) => flow.from,
    (flow) => rightIndex.get(stopKey(flow.to)) ?? 0,
  );
  const rightEnds = ends(
    right,
    (flow) => flow.to,
    (flow) => leftIndex.get(stopKey(flow.from)) ?? 0,
  );
  const bands = flows.map((flow) => {
    const start = leftEnds.get(flow) as { y: number; height: number };
    const end = rightEnds.get(flow) as { y: number; height: number };
    return { flow, fromY: start.y, fromHeight: start.height, toY: end.y, toHeight: end.height };
  });
  const bottom = (nodes: FlowNode[]) => nodes.reduce((max, node) => Math.max(max, node.y + node.height), 0);
  return { left, right, bands, height: Math.max(bottom(left), bottom(right)) };
}

/** How many students stayed in a pile of the same title, moved to another pile, or appeared or left. */
export interface MovementSummary {
  stayed: number;
  moved: number;
  joined: number;
  left: number;
}

export function summarizeFlows(flows: readonly Flow[]): MovementSummary {
  const summary: MovementSummary = { stayed: 0, moved: 0, joined: 0, left: 0 };
  for (const flow of flows) {
    const count = flow.students.length;
    if (flow.from.kind === 'absent') summary.joined += count;
    else if (flow.to.kind === 'absent') summary.left += count;
    else if (sameStrategy(flow.from, flow.to)) summary.stayed += count;
    else summary.moved += count;
  }
  return summary;
}

/** Two boards' piles are the same strategy when their titles read the same (any case or spacing). */
function sameStrategy(a: Stop, b: Stop): boolean {
  if (a.kind === 'pile' && b.kind === 'pile') return nameKey(a.pile.title) === nameKey(b.pile.title);
  return a.kind === b.kind;
}
