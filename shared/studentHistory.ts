// A student's year (README, "Classes"): their card on each board of the class, oldest first, with
// the pile it was in, what the team wrote of that pile, the evidence pinned on the work, and the
// work itself (its pages). The HTTP shape both sides read.
import { type Static, Type } from './typeBuilders.js';

const RegionSchema = Type.Object({ x: Type.Number(), y: Type.Number(), w: Type.Number(), h: Type.Number() });

export const HistoryPinSchema = Type.Object({
  id: Type.String(),
  page: Type.String(),
  region: RegionSchema,
  text: Type.String(),
  resolved: Type.Boolean(),
});
export type HistoryPin = Static<typeof HistoryPinSchema>;

export const HistoryPileSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  nextSteps: Type.String(),
  color: Type.String(),
  order: Type.Union([Type.Number(), Type.Null()]),
});

export const HistoryEntrySchema = Type.Object({
  boardId: Type.String(),
  boardTitle: Type.String(),
  task: Type.String(),
  createdAt: Type.Number(),
  cardId: Type.String(),
  /** The card's label on that board; `Student N` (the class's numbering) when names are hidden. */
  student: Type.String(),
  /** Asset ids of the work, in page order: `GET /api/boards/:boardId/assets/:id` with the class token. */
  pages: Type.Array(Type.String()),
  tags: Type.Array(Type.String()),
  pins: Type.Array(HistoryPinSchema),
  pile: Type.Union([HistoryPileSchema, Type.Null()]),
});
export type HistoryEntry = Static<typeof HistoryEntrySchema>;

export const StudentHistorySchema = Type.Array(HistoryEntrySchema);

export const NamesQuerySchema = Type.Object({
  token: Type.Optional(Type.String()),
  names: Type.Optional(Type.Union([Type.Literal('hidden'), Type.Literal('shown')])),
});
