// HTTP API of boards (README, "The API").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listCards } from '../../shared/schema/card.js';
import { readMeta } from '../../shared/schema/meta.js';
import { listPiles } from '../../shared/schema/pile.js';
import { BOARD_TEMPLATES, TEMPLATE_LANGUAGES } from '../../shared/templates.js';
import { requireCreationKey } from '../auth.js';
import { notFound } from '../errors.js';
import { creationRateLimit } from '../security.js';
import { createBoard, deleteBoard, rotateToken } from './boardService.js';

const BoardParams = Type.Object({ boardId: Type.String({ minLength: 1, maxLength: 64 }) });

export const boardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/boards',
    {
      config: creationRateLimit(app),
      schema: {
        body: Type.Object({
          title: Type.String({ minLength: 1, maxLength: 200 }),
          task: Type.Optional(Type.String({ maxLength: 5000 })),
          /** `strategy`: starter tags for a work sort; `mastery`: piles Meets / Partially meets / Not yet. */
          template: Type.Optional(Type.Union(BOARD_TEMPLATES.map((template) => Type.Literal(template)))),
          language: Type.Optional(Type.Union(TEMPLATE_LANGUAGES.map((language) => Type.Literal(language)))),
        }),
      },
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
    { schema: { params: BoardParams }, preHandler: app.requireRole('viewer', 'open this board') },
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
    { schema: { params: BoardParams }, preHandler: app.requireRole('owner', 'delete this board') },
    async (request, reply) => {
      await deleteBoard(app, request.params.boardId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/boards/:boardId/tokens',
    { schema: { params: BoardParams }, preHandler: app.requireRole('owner', 'see the links of this board') },
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
      schema: {
        params: Type.Object({
          boardId: Type.String({ minLength: 1, maxLength: 64 }),
          role: Type.Union([Type.Literal('owner'), Type.Literal('editor'), Type.Literal('viewer')]),
        }),
      },
      preHandler: app.requireRole('owner', 'change the links of this board'),
    },
    async (request) => {
      return { token: await rotateToken(app, request.params.boardId, request.params.role, request.grant.token) };
    },
  );
};
