// The same task given in several classrooms (a grade-level team, a coach): each class's board of
// that task as its distribution of strategies, side by side. Piles of different classes are
// different piles; they line up when their titles read the same. Counts only, unless the team
// asks for names (README, "Classes").
import { nameKey } from './classes.js';
import { trajectoryOrder } from './trajectory.js';
import { type Static, Type } from './typeBuilders.js';

/** A coach rarely follows more than a grade level's classrooms at once. */
export const MAX_COMPARED_CLASSES = 12;

export const ClassComparisonBodySchema = Type.Object({
  /** Each class with one of its own tokens (any role): a token grants its class and nothing else. */
  classes: Type.Array(
    Type.Object({ classId: Type.String({ minLength: 1, maxLength: 64 }), token: Type.String({ minLength: 1, maxLength: 200 }) }),
    { minItems: 1, maxItems: MAX_COMPARED_CLASSES },
  ),
  names: Type.Optional(Type.Union([Type.Literal('hidden'), Type.Literal('shown')])),
});
export type ClassComparisonBody = Static<typeof ClassComparisonBodySchema>;

export const StrategyCountSchema = Type.Object({
  title: Type.String(),
  color: Type.String(),
  order: Type.Union([Type.Number(), Type.Null()]),
  count: Type.Number(),
  /** The students' names, only when names are shown. */
  students: Type.Optional(Type.Array(Type.String())),
});
export type StrategyCount = Static<typeof StrategyCountSchema>;

export const BoardDistributionSchema = Type.Object({
  classId: Type.String(),
  classTitle: Type.String(),
  boardId: Type.String(),
  boardTitle: Type.String(),
  task: Type.String(),
  createdAt: Type.Number(),
  total: Type.Number(),
  unsorted: Type.Number(),
  piles: Type.Array(StrategyCountSchema),
});
export type BoardDistribution = Static<typeof BoardDistributionSchema>;

export const TaskGroupSchema = Type.Object({ task: Type.String(), boards: Type.Array(BoardDistributionSchema) });
export type TaskGroup = Static<typeof TaskGroupSchema>;

export const ClassComparisonSchema = Type.Object({
  namesHidden: Type.Boolean(),
  classes: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
  tasks: Type.Array(TaskGroupSchema),
});
export type ClassComparison = Static<typeof ClassComparisonSchema>;

/**
 * Boards grouped by task (its words, any case or spacing; a board with no task by its title),
 * the tasks given in the most classes first, then the most recent. Within a task, one board per
 * class: the most recent, in the order the classes were given.
 */
export function groupByTask(boards: readonly BoardDistribution[], classOrder: readonly string[]): TaskGroup[] {
  const groups = new Map<string, { task: string; byClass: Map<string, BoardDistribution> }>();
  for (const board of boards) {
    const words = board.task.trim() || board.boardTitle;
    const key = nameKey(words);
    if (!key) continue;
    const group = groups.get(key) ?? { task: words, byClass: new Map<string, BoardDistribution>() };
    groups.set(key, group);
    const kept = group.byClass.get(board.classId);
    if (!kept || kept.createdAt < board.createdAt) group.byClass.set(board.classId, board);
  }
  const rank = new Map(classOrder.map((id, index) => [id, index]));
  const latest = (group: { byClass: Map<string, BoardDistribution> }) => Math.max(...[...group.byClass.values()].map((b) => b.createdAt));
  return [...groups.values()]
    .sort((a, b) => b.byClass.size - a.byClass.size || latest(b) - latest(a))
    .map((group) => ({
      task: group.task,
      boards: [...group.byClass.values()].sort((a, b) => (rank.get(a.classId) ?? 0) - (rank.get(b.classId) ?? 0)),
    }));
}

export interface StrategyRow {
  title: string;
  color: string;
  /** Per board of the group: its count for this strategy, or null when the board has no such pile. */
  counts: (number | null)[];
  /** Per board: the share of the board's sorted and unsorted work, 0..1. */
  shares: (number | null)[];
}

/**
 * One row per strategy across the group's boards (piles titled alike are one row), in the first
 * board's trajectory order, then the strategies only later boards have; unsorted work last.
 */
export function strategyRows(group: TaskGroup, unsortedTitle: string): StrategyRow[] {
  const rows = new Map<string, StrategyRow>();
  const width = group.boards.length;
  group.boards.forEach((board, index) => {
    for (const pile of trajectoryOrder(board.piles.map((one, at) => ({ ...one, id: String(at) })))) {
      const key = nameKey(pile.title);
      const row = rows.get(key) ?? {
        title: pile.title,
        color: pile.color,
        counts: Array(width).fill(null),
        shares: Array(width).fill(null),
      };
      rows.set(key, row);
      row.counts[index] = (row.counts[index] ?? 0) + pile.count;
    }
  });
  const unsorted: StrategyRow = { title: unsortedTitle, color: '#ffffff', counts: group.boards.map((b) => b.unsorted), shares: [] };
  const all = [...rows.values(), ...(group.boards.some((b) => b.unsorted > 0) ? [unsorted] : [])];
  for (const row of all)
    row.shares = row.counts.map((count, index) => (count === null ? null : count / Math.max(1, group.boards[index]?.total ?? 0)));
  return all;
}
