// HTTP API of exports (README, "The API"): JSON, CSV and the PDF report of the
// live board or of a snapshot, computed here from the stored document, plus the comparison of two
// sorts and each student's piles over time. Every export is viewer+ and a download.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { BoardHistorySchema, BoardParamsSchema, ComparisonSchema, IdSchema, SnapshotParamsSchema } from '#shared/api.js';
import { compareSorts, comparisonCsv, crossBoardHiddenLabels, studentHistory } from '#shared/compare.js';
import { type ExportModel, exportCsv } from '#shared/exportModel.js';
import { hiddenStudentLabels } from '#shared/hideNames.js';
import { roleAtLeast } from '#shared/roles.js';
import { Type } from '#shared/typeBuilders.js';
import { isAssetId } from '../assets/assetStore.js';
import { findGrant } from '../auth.js';
import { boardBusy, createWorkSlots, serverBusy } from '../budgets.js';
import { movementIntoBoard } from '../classes/history.js';
import { HttpError } from '../errors.js';
import { snapshotInfo } from '../snapshots/snapshots.js';
import { createSnapshotModels } from './history.js';
import { attachmentDisposition, sendDownload } from './http.js';
import { loadExport, type SortSource } from './source.js';

const Names = Type.Optional(Type.Union([Type.Literal('hidden'), Type.Literal('shown')]));
const ExportQuery = Type.Object({
  token: Type.Optional(Type.String()),
  /** `hidden` replaces student labels by `Student 1`, `Student 2`, … (see shared/hideNames.ts). */
  names: Names,
  /** CSV only: start with a UTF-8 byte order mark so Excel reads accents right. Default true. */
  bom: Type.Optional(Type.Boolean()),
  /** PDF only: IANA time zone for the dates printed (the browser's), default UTC. */
  tz: Type.Optional(Type.String({ maxLength: 64 })),
});

const FORMATS = ['json', 'csv', 'pdf'] as const;
type Format = (typeof FORMATS)[number];

/** PDF reports are CPU-heavy: a few at a time per process, the rest wait or are told to retry. */
const MAX_PDF_RENDERS = 2;
const MAX_PDF_WAITING = 8;

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pdfSlots = slots(MAX_PDF_RENDERS, MAX_PDF_WAITING);
  // A student's history reads every snapshot of the board: kept once read, one board at a time.
  const snapshotModels = createSnapshotModels(app);
  const historyTurns = createWorkSlots({
    running: 1,
    waiting: 16,
    perKey: 4,
    busy: () => serverBusy('The server is reading many boards’ histories right now.', 5),
    keyBusy: () => boardBusy('history_in_progress', 'This board’s history is being read several times already.', 5),
  });
  app.metrics.watchWork('history', historyTurns);

  for (const format of FORMATS) {
    app.get(
      `/api/boards/:boardId/export.${format}`,
      { schema: { params: BoardParamsSchema, querystring: ExportQuery }, preHandler: app.requireRole('viewer', 'export this board') },
      async (request, reply) => sendExport(app, reply, request.params.boardId, 'live', format, request.query, pdfSlots),
    );
    app.get(
      `/api/boards/:boardId/snapshots/:snapshotId/export.${format}`,
      { schema: { params: SnapshotParamsSchema, querystring: ExportQuery }, preHandler: app.requireRole('viewer', 'export this board') },
      async (request, reply) => sendExport(app, reply, request.params.boardId, request.params.snapshotId, format, request.query, pdfSlots),
    );
  }

  // Everything of the board in one zip, for the owner to keep before deleting it (issue 7).
  app.get(
    '/api/boards/:boardId/archive.zip',
    {
      schema: { params: BoardParamsSchema, querystring: Type.Object({ token: Type.Optional(Type.String()) }) },
      preHandler: app.requireRole('owner', 'download everything of this board'),
    },
    async (request, reply) => {
      const { boardId } = request.params;
      const board = await app.storage.getBoard(boardId);
      const title = `${board?.title ?? 'worksort-board'} - everything`;
      // Loaded on first use, as the PDF report is: few people ever download everything.
      const { archiveEntries, zipStream } = await import('./archive.js');
      const stream = zipStream(archiveEntries(app, boardId), (error) =>
        request.log.error({ err: error, boardId }, 'a board archive stopped part way'),
      );
      return reply
        .header('Content-Type', 'application/zip')
        .header('Content-Disposition', attachmentDisposition(title, 'zip'))
        .header('Cache-Control', 'no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .send(stream);
    },
  );

  const Source = Type.String({ ...IdSchema, description: '`live` or a snapshot id' });
  // Two sorts of this board, or (with `toBoard`) this board's sort against another board's, for
  // the same class weeks apart: students are then matched by label. The other board's token rides
  // in the X-Other-Board-Token header, never in the address, so no log or history keeps it.
  app.get(
    '/api/boards/:boardId/compare',
    {
      schema: {
        params: BoardParamsSchema,
        querystring: Type.Object({
          token: Type.Optional(Type.String()),
          from: Source,
          to: Type.Optional(Source),
          /** Another board whose sort (`to`, a snapshot of it or `live`) is the "after" side. */
          toBoard: Type.Optional(IdSchema),
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
          names: Names,
          bom: Type.Optional(Type.Boolean()),
        }),
        response: { 200: ComparisonSchema },
      },
      preHandler: app.requireRole('viewer', 'compare sorts of this board'),
    },
    async (request, reply) => {
      const { boardId } = request.params;
      const { from, to = 'live', format = 'json', names, bom } = request.query;
      const otherBoard = request.query.toBoard && request.query.toBoard !== boardId ? request.query.toBoard : null;
      if (otherBoard) await requireOtherBoard(app, otherBoard, request.headers[OTHER_BOARD_TOKEN]);
      const now = new Date();
      const [before, after] = await Promise.all([
        loadExport(app, boardId, from, { exportedAt: now }),
        loadExport(app, otherBoard ?? boardId, to, { exportedAt: now }),
      ]);
      const hidden = names === 'hidden';
      let displayLabels: Map<string, string> | undefined;
      if (hidden && otherBoard) displayLabels = crossBoardHiddenLabels(before.model, after.model);
      else if (hidden) displayLabels = new Map([...hiddenLabelsOf(before.model), ...hiddenLabelsOf(after.model)]);
      // Two boards never share cards: only the label says who is who.
      const comparison = compareSorts(before.model, after.model, { displayLabels, matchBy: otherBoard ? 'student' : undefined });
      if (format === 'csv') {
        const title = otherBoard
          ? `${before.model.board.title} (${sideName(before.model)}) to ${after.model.board.title} (${sideName(after.model)})`
          : `${after.model.board.title} - ${sideName(before.model)} to ${sideName(after.model)}`;
        return sendDownload(reply, comparisonCsv(comparison, { bom }), 'text/csv; charset=utf-8', title, 'csv');
      }
      reply.header('Cache-Control', 'no-store');
      return {
        from: side(before.model, from),
        to: side(after.model, to),
        crossBoard: otherBoard !== null,
        namesHidden: hidden,
        ...comparison,
      };
    },
  );

  app.get(
    '/api/boards/:boardId/students/history',
    {
      schema: {
        params: BoardParamsSchema,
        querystring: Type.Object({ token: Type.Optional(Type.String()), names: Names, live: Type.Optional(Type.Boolean()) }),
        response: { 200: BoardHistorySchema },
      },
      preHandler: app.requireRole('viewer', 'see the history of this board'),
    },
    async (request, reply) => {
      const { boardId } = request.params;
      const release = await historyTurns.acquire(boardId);
      let snapshots: Awaited<ReturnType<typeof app.storage.listSnapshots>>;
      let models: ExportModel[];
      const now = new Date();
      try {
        snapshots = (await app.storage.listSnapshots(boardId)).reverse();
        models = await snapshotModels.load(
          boardId,
          snapshots.map((snapshot) => snapshot.id),
        );
        if (request.query.live) models.push((await loadExport(app, boardId, 'live', { exportedAt: now })).model);
      } finally {
        release();
      }
      const displayLabels = request.query.names === 'hidden' ? new Map(models.flatMap((model) => [...hiddenLabelsOf(model)])) : undefined;
      reply.header('Cache-Control', 'no-store');
      return {
        columns: [
          ...snapshots.map(snapshotInfo),
          ...(request.query.live ? [{ id: 'live', name: 'Now', createdAt: now.toISOString() }] : []),
        ],
        students: studentHistory(models, { displayLabels }),
      };
    },
  );
};

async function sendExport(
  app: FastifyInstance,
  reply: Parameters<typeof sendDownload>[0],
  boardId: string,
  source: SortSource,
  format: Format,
  query: { names?: 'hidden' | 'shown'; bom?: boolean; tz?: string },
  pdfSlots: Slots,
) {
  const { model, participants, ink, pins } = await loadExport(app, boardId, source, { hideNames: query.names === 'hidden' });
  const title = model.snapshot ? `${model.board.title} - ${model.snapshot.name}` : model.board.title;
  switch (format) {
    case 'json':
      return sendDownload(reply, `${JSON.stringify(model, null, 2)}\n`, 'application/json; charset=utf-8', title, 'json');
    case 'csv':
      return sendDownload(reply, exportCsv(model, { bom: query.bom }), 'text/csv; charset=utf-8', title, 'csv');
    case 'pdf': {
      // Loaded on first use: pdf-lib and the font engine are only needed by people who print.
      const { renderReport } = await import('./pdf.js');
      // A class's board reports who moved where since the class's board before it (live sorts only).
      const movement = source === 'live' ? await movementIntoBoard(app, boardId, query.names === 'hidden') : null;
      const pdf = await pdfSlots.run(() =>
        renderReport(model, {
          movement,
          readThumbnail: (assetId) => readThumbnail(app, boardId, assetId),
          timeZone: query.tz,
          participants,
          ink,
          pins,
        }),
      );
      return sendDownload(reply, pdf, 'application/pdf', title, 'pdf');
    }
  }
}

/** A page's thumbnail, or null when it is missing or its id is not one the asset store accepts. */
async function readThumbnail(app: FastifyInstance, boardId: string, assetId: string): Promise<Uint8Array | null> {
  // A card can name anything as a page; the report shows a placeholder for it rather than failing.
  if (!isAssetId(assetId)) return null;
  try {
    return await app.assets.read(boardId, assetId, 'thumb');
  } catch (error) {
    app.log.warn({ err: error, boardId }, 'a page thumbnail could not be read for a report');
    return null;
  }
}

/** The header naming the other board's token in a comparison of two boards. */
export const OTHER_BOARD_TOKEN = 'x-other-board-token';

/**
 * The same rule as for the board in the address (viewer+, a token of another board is unknown),
 * with messages that say which of the two links failed.
 */
async function requireOtherBoard(app: FastifyInstance, boardId: string, header: string | string[] | undefined): Promise<void> {
  const token = typeof header === 'string' ? header.trim() : '';
  if (!token) {
    throw new HttpError(
      401,
      'other_board_unauthorized',
      'Comparing with another board needs that board’s link. Paste the link of the other board and try again.',
    );
  }
  const grant = token.length <= 200 ? await findGrant(app, token, boardId) : null;
  if (!grant) {
    throw new HttpError(
      401,
      'other_board_unauthorized',
      'The link of the other board is not valid or has been revoked. Ask that board’s owner for a new link.',
    );
  }
  if (!roleAtLeast(grant.role, 'viewer')) {
    throw new HttpError(403, 'other_board_forbidden', 'The link of the other board does not allow you to compare its sorts.');
  }
}

function hiddenLabelsOf(model: ExportModel): Map<string, string> {
  return hiddenStudentLabels([...model.piles.flatMap((pile) => pile.cards), ...model.unsorted].map((card) => card.id));
}

function sideName(model: ExportModel): string {
  return model.snapshot?.name ?? 'now';
}

function side(model: ExportModel, source: string) {
  return { source, title: model.board.title, snapshot: model.snapshot };
}

interface Slots {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** At most `size` tasks at once, `waiting` more queued; beyond that, a 503 asking to retry. */
function slots(size: number, waiting: number): Slots {
  let running = 0;
  const queue: (() => void)[] = [];
  return {
    async run(task) {
      if (running >= size) {
        if (queue.length >= waiting) {
          throw new HttpError(503, 'busy', 'The server is making several reports right now. Please try again in a minute.');
        }
        await new Promise<void>((resolve) => queue.push(resolve));
      } else running++;
      try {
        return await task();
      } finally {
        const next = queue.shift();
        if (next) next();
        else running--;
      }
    },
  };
}
