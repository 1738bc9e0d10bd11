// HTTP API of classes (README, "Classes"): a roster and the boards a team sorts for it, with
// one link per role for all of them, and the cover sheets that name every scanned page.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { preHandlerAsyncHookHandler } from 'fastify';
import { Type } from 'typebox';
import {
  ClassParamsSchema,
  ClassViewSchema,
  CoverSheetsQuerySchema,
  CreateClassBoardBodySchema,
  CreateClassBodySchema,
  CreatedClassBoardSchema,
  CreatedClassSchema,
  ReplaceRosterBodySchema,
  StudentSchema,
} from '../../shared/classes.js';
import { type Role, roleAtLeast } from '../../shared/roles.js';
import { effectivePileId, listCards } from '../../shared/schema/card.js';
import { readMeta, writeMeta } from '../../shared/schema/meta.js';
import { listPiles } from '../../shared/schema/pile.js';
import { requireCreationKey, tokenOf } from '../auth.js';
import { createBoard } from '../boards/boardService.js';
import { forbidden, HttpError, notFound, unauthorized } from '../errors.js';
import { attachmentDisposition } from '../export/http.js';
import { creationRateLimit } from '../security.js';
import { createClass, deleteClass, replaceClassRoster } from './classService.js';

const ErrorSchema = Type.Object({ error: Type.String(), message: Type.String() });

export const classRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Admits requests whose token is a token of `:classId` with at least `role`. */
  const requireClassRole =
    (role: Role, action: string): preHandlerAsyncHookHandler =>
    async (request) => {
      const token = tokenOf(request);
      const classId = (request.params as { classId?: string }).classId;
      if (!token || !classId) throw unauthorized();
      const grant = await app.classStore.findClassToken(token);
      // A token of another class, or of a board, is an unknown token here.
      if (!grant || grant.classId !== classId) throw unauthorized();
      if (!roleAtLeast(grant.role, role)) throw forbidden(action);
    };

  const classOrNotFound = async (classId: string) => {
    const found = await app.classStore.getClass(classId);
    if (!found) throw notFound('This class');
    return found;
  };

  app.post(
    '/api/classes',
    {
      config: creationRateLimit(app),
      schema: { body: CreateClassBodySchema, response: { 201: CreatedClassSchema, '4xx': ErrorSchema } },
    },
    async (request, reply) => {
      requireCreationKey(request, app.config.creationKey);
      const created = await createClass(app, request.body.title.trim() || 'Untitled class', request.body.students);
      request.log.info({ classId: created.id, students: created.students.length }, 'class created');
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/api/classes/:classId',
    {
      schema: { params: ClassParamsSchema, response: { 200: ClassViewSchema } },
      preHandler: requireClassRole('viewer', 'see this class'),
    },
    async (request) => {
      const { classId } = request.params;
      const found = await classOrNotFound(classId);
      const [students, records] = await Promise.all([app.classStore.listStudents(classId), app.classStore.listBoards(classId)]);
      const boards = [];
      for (const board of records) {
        const meta = await app.rooms.withRoom(board.id, (room) => readMeta(room.doc));
        boards.push({ id: board.id, title: meta.title || board.title, task: meta.task, createdAt: board.createdAt });
      }
      return { id: found.id, title: found.title, students, boards };
    },
  );

  app.put(
    '/api/classes/:classId/students',
    {
      schema: {
        params: ClassParamsSchema,
        body: ReplaceRosterBodySchema,
        response: { 200: Type.Object({ students: Type.Array(StudentSchema) }) },
      },
      preHandler: requireClassRole('editor', 'change the roster of this class'),
    },
    async (request) => {
      const { classId } = request.params;
      await classOrNotFound(classId);
      return { students: await replaceClassRoster(app, classId, request.body.students) };
    },
  );

  app.delete(
    '/api/classes/:classId',
    { schema: { params: ClassParamsSchema }, preHandler: requireClassRole('owner', 'delete this class') },
    async (request, reply) => {
      const { classId } = request.params;
      await classOrNotFound(classId);
      const boards = await deleteClass(app, classId);
      request.log.info({ classId, boards }, 'class deleted');
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/classes/:classId/boards',
    {
      schema: { params: ClassParamsSchema, body: CreateClassBoardBodySchema, response: { 201: CreatedClassBoardSchema } },
      preHandler: requireClassRole('editor', 'add boards to this class'),
    },
    async (request, reply) => {
      const { classId } = request.params;
      await classOrNotFound(classId);
      const { title, task } = request.body;
      const board = await createBoard(app, { title: title.trim() || 'Untitled board', task: task ?? '', classId });
      try {
        await app.classStore.addBoard(classId, board.id);
      } catch (error) {
        // A board that claims a class it is not listed in would be reachable by no class link.
        await app.storage.deleteBoard(board.id);
        throw error;
      }
      return reply.code(201).send(board);
    },
  );

  app.put(
    '/api/classes/:classId/boards/:boardId',
    {
      schema: {
        params: Type.Object({
          classId: Type.String({ minLength: 1, maxLength: 64 }),
          boardId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        response: { 200: Type.Object({ id: Type.String(), classId: Type.String() }) },
      },
      preHandler: requireClassRole('editor', 'add boards to this class'),
    },
    async (request) => {
      const { classId, boardId } = request.params;
      await classOrNotFound(classId);
      // Moving a board into a class opens it to the class's links: its owner must agree, so the
      // call carries the board's owner link too.
      const header = request.headers['x-board-token'];
      const token = typeof header === 'string' ? header.trim() : '';
      const grant = token && token.length <= 200 ? await app.storage.findToken(token) : null;
      if (!grant || grant.boardId !== boardId) {
        throw new HttpError(401, 'board_unauthorized', 'Moving a board into a class needs the board’s owner link in X-Board-Token.');
      }
      if (grant.role !== 'owner') throw new HttpError(403, 'board_forbidden', 'Only the board’s owner link can move it into a class.');
      const current = await app.classStore.classOfBoard(boardId);
      if (current && current !== classId) throw new HttpError(409, 'in_another_class', 'This board already belongs to another class.');
      if (!current) await app.classStore.addBoard(classId, boardId);
      await app.rooms.withRoom(boardId, (room) => room.change((doc) => writeMeta(doc, { classId })));
      return { id: boardId, classId };
    },
  );

  app.get(
    '/api/classes/:classId/cover-sheets.pdf',
    {
      schema: { params: ClassParamsSchema, querystring: CoverSheetsQuerySchema },
      preHandler: requireClassRole('editor', 'print cover sheets of this class'),
    },
    async (request, reply) => {
      const { classId } = request.params;
      const found = await classOrNotFound(classId);
      const students = await app.classStore.listStudents(classId);
      // pdf-lib, its fonts and the QR encoder load on first use, not at start (README "Restart and memory").
      const { coverSheetsPdf } = await import('./coverSheets.js');
      const pdf = await coverSheetsPdf(found, students, request.query.paper ?? 'letter');
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachmentDisposition(`${found.title} cover sheets`, 'pdf'))
        .header('cache-control', 'no-store')
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/api/classes/:classId/students/:studentId/history',
    {
      schema: {
        params: Type.Object({
          classId: Type.String({ minLength: 1, maxLength: 64 }),
          studentId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
      },
      preHandler: requireClassRole('viewer', 'see this class'),
    },
    async (request) => {
      const { classId, studentId } = request.params;
      await classOrNotFound(classId);
      const students = await app.classStore.listStudents(classId);
      if (!students.some((student) => student.studentId === studentId)) throw notFound('This student');
      const history = [];
      for (const board of await app.classStore.listBoards(classId)) {
        const entry = await app.rooms.withRoom(board.id, (room) => {
          const card = listCards(room.doc).find((one) => one.studentId === studentId);
          if (!card) return null;
          const piles = listPiles(room.doc);
          const pileId = effectivePileId(card, new Set(piles.map((pile) => pile.id)));
          const pile = piles.find((one) => one.id === pileId);
          return {
            boardId: board.id,
            boardTitle: readMeta(room.doc).title || board.title,
            createdAt: board.createdAt,
            cardId: card.id,
            pile: pile ? { id: pile.id, title: pile.title, description: pile.description, nextSteps: pile.nextSteps } : null,
          };
        });
        if (entry) history.push(entry);
      }
      return history;
    },
  );
};
