// The HTTP contract (README, "The API"): ids, errors, boards and their links, snapshots, uploads,
// comparisons and a board's history — the shapes the server's routes validate and answer with, and
// the types the browser's API module reads them as. Classes, share-out sequences and the comparison
// model keep theirs beside their logic (classes.ts, shareout.ts, compare.ts).
import { HistoryColumnSchema, SortComparisonSchema, StudentHistorySchema } from './compare.js';
import { ExportSnapshotSchema } from './exportModel.js';
import { ID_PATTERN, MAX_ID_LENGTH } from './ids.js';
import { ROLES } from './roles.js';
import { BOARD_TEMPLATES, TEMPLATE_LANGUAGES } from './templates.js';
import { type Static, Type } from './typeBuilders.js';

/** Any record's id in a path: what `newId` makes, so a malformed one is a 400 before any lookup. */
export const IdSchema = Type.String({ minLength: 1, maxLength: MAX_ID_LENGTH, pattern: ID_PATTERN });

export const BoardParamsSchema = Type.Object({ boardId: IdSchema });
export const SnapshotParamsSchema = Type.Object({ boardId: IdSchema, snapshotId: IdSchema });

/** Every refusal: a code for programs and a sentence for the person (server/errors.ts). */
export const ErrorBodySchema = Type.Object({ error: Type.String(), message: Type.String() });
export type ErrorBody = Static<typeof ErrorBodySchema>;

export const CreateBoardBodySchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  task: Type.Optional(Type.String({ maxLength: 5000 })),
  /** `strategy`: starter tags for a work sort; `mastery`: piles Meets / Partially meets / Not yet. */
  template: Type.Optional(Type.Enum(BOARD_TEMPLATES)),
  language: Type.Optional(Type.Enum(TEMPLATE_LANGUAGES)),
});
export type CreateBoardBody = Static<typeof CreateBoardBodySchema>;

/** One link per role: a board's, or a class's (its team links). */
export const BoardTokensSchema = Type.Object({ owner: Type.String(), editor: Type.String(), viewer: Type.String() });
export type BoardTokens = Static<typeof BoardTokensSchema>;

export const CreatedBoardSchema = Type.Object({ id: Type.String(), title: Type.String(), tokens: BoardTokensSchema });
export type CreatedBoard = Static<typeof CreatedBoardSchema>;

const RoleSchema = Type.Enum(ROLES);

export const BoardInfoSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  task: Type.String(),
  role: RoleSchema,
  cards: Type.Integer(),
  piles: Type.Integer(),
});
export type BoardInfo = Static<typeof BoardInfoSchema>;

export const BoardLinksSchema = Type.Object({ tokens: BoardTokensSchema });
export const RotateParamsSchema = Type.Object({ boardId: IdSchema, role: RoleSchema });
export const RotatedTokenSchema = Type.Object({ token: Type.String() });

export const SnapshotSchema = Type.Object({ id: Type.String(), name: Type.String(), createdAt: Type.String() });
export type Snapshot = Static<typeof SnapshotSchema>;

export const RestoreResultSchema = Type.Object({
  restored: SnapshotSchema,
  /** The board as it was just before the restore, saved so the restore itself can be undone. */
  backup: SnapshotSchema,
});
export type RestoreResult = Static<typeof RestoreResultSchema>;

export const UploadResultSchema = Type.Object({
  cards: Type.Array(
    Type.Object({
      id: Type.String(),
      student: Type.String(),
      pages: Type.Array(Type.String()),
      /** The roster student a cover sheet named, when the board is in a class. */
      studentId: Type.Optional(Type.String()),
      /** The upload the card came in: its pages share where names were written. */
      batchId: Type.Optional(Type.String()),
    }),
  ),
  /** Blank backs of duplex scans left out. */
  skippedBlankPages: Type.Integer(),
});
export type UploadResult = Static<typeof UploadResultSchema>;

/** Where an upload is while the server works on it: waiting its turn, reading pages, storing them. */
export const UploadStageSchema = Type.Object({
  phase: Type.Enum(['waiting', 'reading', 'storing']),
  done: Type.Integer(),
  total: Type.Integer(),
});
export type UploadStage = Static<typeof UploadStageSchema>;

const ComparedSideSchema = Type.Object({
  /** `live` or a snapshot id. */
  source: Type.String(),
  title: Type.String(),
  snapshot: Type.Union([ExportSnapshotSchema, Type.Null()]),
});

/** Two sorts compared (`GET /api/boards/:id/compare`): who moved from which pile to which. */
export const ComparisonSchema = Type.Object({
  from: ComparedSideSchema,
  to: ComparedSideSchema,
  /** The "after" side is another board (students matched by label). */
  crossBoard: Type.Boolean(),
  namesHidden: Type.Boolean(),
  ...SortComparisonSchema.properties,
});
export type Comparison = Static<typeof ComparisonSchema>;

/** Every student's pile in each snapshot of a board (`GET /api/boards/:id/students/history`). */
export const BoardHistorySchema = Type.Object({
  columns: Type.Array(HistoryColumnSchema),
  students: Type.Array(StudentHistorySchema),
});
