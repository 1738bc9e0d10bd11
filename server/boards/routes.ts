// HTTP API of boards (README, "The API").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BoardInfoSchema,
  BoardLinksSchema,
  BoardParamsSchema,
  CreateBoardBodySchema,
  CreatedBoardSchema,
  RotatedTokenSchema,
  RotateParamsSchema,
} from '#shared/api.js';
import { listCards } from '#shared/schema/card.js';
import { readMeta } from '#shared/schema/meta.js';
import { listPiles } from '#shared/schema/pile.js';
import { requireCreationKey } from '../auth.js';
import { notFound } from '../errors.js';
import { creationRateLimit } from '../security.js';
import { createBoard, deleteBoard, rotateToken } from './boardService.js';

export const boardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/boards',
    {
      config: creationRateLimit(app),
      schema: { body: CreateBoardBodySchema, response: { 201: CreatedBoardSchema } },
    },
    async (request, reply) => {
      requireCreationKey(request, app.config.creationKey);
      const { title, task, template, language } = request.body;
      const board = await createBoard(app, { title: title.trim() || 'Untitled board', task: task ?? '', template, language });
      return reply.code(201).send(board);
    },
  );

  app.get(
    '/api/boards/:boardId',
    {
      schema: { params: BoardParamsSchema, response: { 200: BoardInfoSchema } },
      preHandler: app.requireRole('viewer', 'open this board'),
    },
    async (request) => {
      const { boardId } = request.params;
      const board = await app.storage.getBoard(boardId);
      if (!board) throw notFound('This board');
      return app.rooms.withRoom(boardId, (room) => {
        const meta = readMeta(room.doc);
        return {
          id: boardId,
          title: meta.title || board.title,
          task: meta.task,
          role: request.grant.role,
          cards: listCards(room.doc).length,
          piles: listPiles(room.doc).length,
        };
      });
    },
  );

  app.delete(
    '/api/boards/:boardId',
    { schema: { params: BoardParamsSchema }, preHandler: app.requireRole('owner', 'delete this board') },
    async (request, reply) => {
      await deleteBoard(app, request.params.boardId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/boards/:boardId/tokens',
    {
      schema: { params: BoardParamsSchema, response: { 200: BoardLinksSchema } },
      preHandler: app.requireRole('owner', 'see the links of this board'),
    },
    async (request) => {
      // Only the owner token in hand opens the other links: storage keeps them sealed under it.
      const tokens = await app.storage.getTokens(request.params.boardId, request.grant.token);
      if (!tokens) throw notFound('This board');
      return { tokens };
    },
  );

  app.post(
    '/api/boards/:boardId/tokens/:role/rotate',
    {
      schema: { params: RotateParamsSchema, response: { 200: RotatedTokenSchema } },
      preHandler: app.requireRole('owner', 'change the links of this board'),
    },
    async (request) => {
      return { token: await rotateToken(app, request.params.boardId, request.params.role, request.grant.token) };
    },
  );
};
