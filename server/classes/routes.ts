// HTTP API of classes (README, "Classes"): a roster and the boards a team sorts for it, with
// one link per role for all of them, and the cover sheets that name every scanned page.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BoardLinksSchema, ErrorBodySchema, IdSchema } from '#shared/api.js';
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
} from '#shared/classes.js';
import { readMeta, writeMeta } from '#shared/schema/meta.js';
import { Type } from '#shared/typeBuilders.js';
import { requireCreationKey, tokenOf } from '../auth.js';
import { createBoard } from '../boards/boardService.js';
import { HttpError, notFound } from '../errors.js';
import { attachmentDisposition } from '../export/http.js';
import { creationRateLimit } from '../security.js';
import { classRoleCheck, classOrNotFound as findClassOrNotFound, grantedClassRole } from './access.js';
import { createClass, deleteClass, replaceClassRoster } from './classService.js';
import { carryNextStepsForward, classHistoryRoutes } from './history.js';

export const classRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const requireClassRole = classRoleCheck(app);
  const classOrNotFound = (classId: string) => findClassOrNotFound(app, classId);
  await app.register(classHistoryRoutes);

  app.post(
    '/api/classes',
    {
      config: creationRateLimit(app),
      schema: { body: CreateClassBodySchema, response: { 201: CreatedClassSchema, '4xx': ErrorBodySchema } },
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
      return { id: found.id, title: found.title, role: grantedClassRole(request), students, boards };
    },
  );

  app.get(
    '/api/classes/:classId/tokens',
    {
      schema: { params: ClassParamsSchema, response: { 200: BoardLinksSchema, '4xx': ErrorBodySchema } },
      preHandler: requireClassRole('owner', 'see the links of this class'),
    },
    async (request) => {
      const { classId } = request.params;
      const tokens = await app.classStore.getClassTokens(classId, tokenOf(request) as string);
      if (!tokens) throw notFound('The links of this class');
      return { tokens };
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
      const { title, task, template, language } = request.body;
      const board = await createBoard(app, { title: title.trim() || 'Untitled board', task: task ?? '', classId, template, language });
      try {
        await app.classStore.addBoard(classId, board.id);
      } catch (error) {
        // A board that claims a class it is not listed in would be reachable by no class link.
        await app.storage.deleteBoard(board.id);
        throw error;
      }
      // The team starts the new sort from what it said it would do after the last one.
      await carryNextStepsForward(app, classId, board.id);
      return reply.code(201).send(board);
    },
  );

  app.put(
    '/api/classes/:classId/boards/:boardId',
    {
      schema: {
        params: Type.Object({
          classId: IdSchema,
          boardId: IdSchema,
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
};
