// HTTP API of snapshots (README, "The API"): save (editor+), list (viewer+),
// restore as a new change (owner). Exports of a snapshot live with the other exports.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BoardParamsSchema, RestoreResultSchema, SnapshotParamsSchema, SnapshotSchema } from '#shared/api.js';
import { Type } from '#shared/typeBuilders.js';
import { HttpError } from '../errors.js';
import { MAX_SNAPSHOT_NAME, restoreSnapshot, saveSnapshot, snapshotInfo } from './snapshots.js';

export const snapshotRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/boards/:boardId/snapshots',
    {
      schema: {
        params: BoardParamsSchema,
        body: Type.Object({ name: Type.String({ maxLength: MAX_SNAPSHOT_NAME }) }),
        response: { 201: SnapshotSchema },
      },
      preHandler: app.requireRole('editor', 'save snapshots of this board'),
    },
    async (request, reply) => {
      const name = request.body.name.trim();
      if (name === '') throw new HttpError(400, 'bad_request', 'Give the snapshot a name, such as "after first sort".');
      const snapshot = await saveSnapshot(app, request.params.boardId, name);
      request.log.info({ boardId: request.params.boardId, snapshotId: snapshot.id }, 'snapshot saved');
      return reply.code(201).send(snapshot);
    },
  );

  app.get(
    '/api/boards/:boardId/snapshots',
    {
      schema: { params: BoardParamsSchema, response: { 200: Type.Array(SnapshotSchema) } },
      preHandler: app.requireRole('viewer', 'see the snapshots of this board'),
    },
    async (request) => (await app.storage.listSnapshots(request.params.boardId)).map(snapshotInfo),
  );

  app.post(
    '/api/boards/:boardId/snapshots/:snapshotId/restore',
    {
      schema: { params: SnapshotParamsSchema, response: { 200: RestoreResultSchema } },
      preHandler: app.requireRole('owner', 'restore snapshots of this board'),
    },
    async (request) => {
      const { boardId, snapshotId } = request.params;
      const result = await restoreSnapshot(app, boardId, snapshotId);
      request.log.info({ boardId, snapshotId, backupId: result.backup.id }, 'snapshot restored');
      return result;
    },
  );
};
