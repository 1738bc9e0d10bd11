// "Bring in a class set" (README, "The API"): a teacher's scans and photos become
// unsorted cards, one per student. Every file is read and checked before anything is stored or
// any card made, so a batch with one bad file changes nothing; the answer comes once the cards
// are durable and every connected client has been sent them.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { BoardParamsSchema, IdSchema, UploadResultSchema, UploadStageSchema } from '#shared/api.js';
import { Type } from '#shared/typeBuilders.js';
import { type ByteBudget, boardBusy, createByteBudget, createWorkSlots, serverBusy } from '../budgets.js';
import type { Config } from '../config.js';
import { HttpError } from '../errors.js';
import type { UploadStage } from './classSets.js';
import type { UploadedFile } from './ingest/ingest.js';
import { displayName, uploadProblems as problems } from './ingest/problems.js';

export const MAX_PAGES_PER_STUDENT = 20;

/** An upload's progress id, chosen by the client: long enough that another's cannot be guessed. */
const PROGRESS_ID = '^[A-Za-z0-9_-]{16,64}$';
/** Progress of uploads kept at most this many at once, and this long after they end. */
const PROGRESS_KEPT = 256;
const PROGRESS_KEPT_MS = 60_000;

export const uploadRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Registered here, so only this plugin's routes accept multipart bodies.
  await app.register(fastifyMultipart, {
    limits: {
      fileSize: app.config.maxUploadBytes,
      files: app.config.maxUploadFiles,
      fields: 20,
      fieldSize: 1024,
      parts: app.config.maxUploadFiles + 20,
      headerPairs: 100,
    },
  });

  // A turn is taken before the body is read: a waiting upload holds a socket, not its files.
  const turns = createWorkSlots({
    running: app.config.concurrentUploads,
    waiting: app.config.waitingUploads,
    perKey: app.config.uploadsPerBoard,
    busy: () => serverBusy('The server is bringing in many class sets right now.', 10),
    keyBusy: () => boardBusy('uploads_in_progress', 'This board is already bringing in other uploads.', 10),
  });
  const memory = createByteBudget(app.config.uploadMemoryBytes);
  app.metrics.watchWork('upload', turns);
  app.metrics.watchBytes('upload', memory);

  // Where each upload is while the server reads its pages (README, "The API": `progress`).
  const progress = new Map<string, UploadStage>();
  const report = (key: string | null, stage: UploadStage) => {
    if (!key) return;
    progress.delete(key);
    progress.set(key, stage);
    while (progress.size > PROGRESS_KEPT) progress.delete(progress.keys().next().value as string);
  };

  app.post(
    '/api/boards/:boardId/uploads',
    {
      schema: {
        params: BoardParamsSchema,
        querystring: Type.Object({
          token: Type.Optional(Type.String()),
          pagesPerStudent: Type.Optional(Type.String({ maxLength: 20 })),
          splitAtBlankPages: Type.Optional(Type.String({ maxLength: 10 })),
          /** Names this upload so that `GET …/uploads/:progress/progress` can say how far it is. */
          progress: Type.Optional(Type.String({ pattern: PROGRESS_ID })),
        }),
        response: { 201: UploadResultSchema },
      },
      preHandler: app.requireRole('editor', 'upload work'),
    },
    async (request, reply) => {
      const { boardId } = request.params;
      const progressKey = request.query.progress ? `${boardId}/${request.query.progress}` : null;
      report(progressKey, { phase: 'waiting', done: 0, total: 0 });
      const release = await turns.acquire(boardId);
      const held = { bytes: 0 };
      try {
        const upload = await readUpload(request, app.config, memory, held);
        const pagesPerStudent = parsePagesPerStudent(upload.pagesPerStudent ?? request.query.pagesPerStudent);
        const started = Date.now();
        const splitAtBlankPages = isYes(upload.splitAtBlankPages ?? request.query.splitAtBlankPages);
        const { cards: created, skippedBlankPages } = await app.classSets.importFiles(boardId, upload.files, {
          pagesPerStudent,
          splitAtBlankPages,
          progress: (stage) => report(progressKey, stage),
        });
        request.log.info(
          { boardId, files: upload.files.length, cards: created.length, skippedBlankPages, ms: Date.now() - started },
          'class set uploaded',
        );
        return reply.code(201).send({ cards: created, skippedBlankPages });
      } finally {
        memory.give(held.bytes);
        release();
        if (progressKey) setTimeout(() => progress.delete(progressKey), PROGRESS_KEPT_MS).unref();
      }
    },
  );

  app.get(
    '/api/boards/:boardId/uploads/:uploadId/progress',
    {
      schema: {
        params: Type.Object({ boardId: IdSchema, uploadId: Type.String({ pattern: PROGRESS_ID }) }),
        querystring: Type.Object({ token: Type.Optional(Type.String()) }),
        response: { 200: UploadStageSchema },
      },
      preHandler: app.requireRole('editor', 'upload work'),
    },
    async (request) => {
      const { boardId, uploadId } = request.params;
      return progress.get(`${boardId}/${uploadId}`) ?? ({ phase: 'waiting', done: 0, total: 0 } as const);
    },
  );
};

interface Upload {
  files: UploadedFile[];
  pagesPerStudent: string | null;
  /** "true": a blank sheet separates one student's pages from the next. */
  splitAtBlankPages: string | null;
}

/**
 * Reads the multipart body into memory, refusing too many or too large files by name. Every byte
 * received is taken from the process's upload memory (`held` counts them for the caller to give back).
 */
async function readUpload(request: FastifyRequest, config: Config, memory: ByteBudget, held: { bytes: number }): Promise<Upload> {
  if (!request.isMultipart()) throw problems.notMultipart();
  const files: UploadedFile[] = [];
  let pagesPerStudent: string | null = null;
  let splitAtBlankPages: string | null = null;
  let totalBytes = 0;
  let current = '';
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname === 'pagesPerStudent') pagesPerStudent = String(part.value);
        if (part.fieldname === 'splitAtBlankPages') splitAtBlankPages = String(part.value);
        continue;
      }
      current = displayName(part.filename, files.length);
      const chunks: Buffer[] = [];
      let length = 0;
      for await (const chunk of part.file as AsyncIterable<Buffer>) {
        if (!memory.take(chunk.length)) throw serverBusy('The server is receiving many large uploads right now.', 15);
        held.bytes += chunk.length;
        chunks.push(chunk);
        length += chunk.length;
        if (totalBytes + length > config.maxUploadTotalBytes) throw problems.uploadTooLarge(current, config.maxUploadTotalBytes);
      }
      if (part.file.truncated) throw problems.fileTooLarge(current, config.maxUploadBytes);
      const bytes = await gatherShared(chunks, length);
      totalBytes += bytes.length;
      if (totalBytes > config.maxUploadTotalBytes) throw problems.uploadTooLarge(current, config.maxUploadTotalBytes);
      files.push({ name: current, bytes });
    }
  } catch (error) {
    throw multipartProblem(error, current, config);
  }
  if (files.length === 0) throw problems.noFiles();
  return { files, pagesPerStudent, splitAtBlankPages };
}

/** Copying more than this at once would hold up the main thread (and live sync) noticeably. */
const COPY_CHUNK_BYTES = 1024 * 1024;

/**
 * One file's bytes, gathered straight into memory the worker threads share: a 50 MB PDF is then
 * copied once, in slices with the event loop served in between, and never again per page.
 */
async function gatherShared(chunks: Buffer[], length: number): Promise<Buffer> {
  const bytes = Buffer.from(new SharedArrayBuffer(length));
  let at = 0;
  let sinceTurn = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
    sinceTurn += chunk.length;
    if (sinceTurn >= COPY_CHUNK_BYTES) {
      sinceTurn = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return bytes;
}

function multipartProblem(error: unknown, fileName: string, config: Config): unknown {
  if (error instanceof HttpError) return error;
  switch ((error as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return problems.fileTooLarge(fileName, config.maxUploadBytes);
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
      return problems.tooManyFiles(config.maxUploadFiles);
    case 'FST_FIELDS_LIMIT':
      return new HttpError(413, 'too_many_fields', 'The upload form has too many fields.');
    default:
      return error;
  }
}

function parsePagesPerStudent(raw: string | null | undefined): number {
  if (raw === null || raw === undefined || raw.trim() === '') return 1;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGES_PER_STUDENT) throw problems.badPagesPerStudent(raw);
  return value;
}

function isYes(raw: string | null | undefined): boolean {
  return raw !== null && raw !== undefined && ['true', '1', 'yes', 'on'].includes(raw.trim().toLowerCase());
}
