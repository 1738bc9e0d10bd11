// Serving page images to holders of the board's tokens (CONTRACT.md "Uploads and assets").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../errors.js';
import { ASSET_SIZES, type AssetSize, isAssetId } from './assetStore.js';
import { contactSheet, readTiny, SHEET_MAX_CELLS } from './sheets.js';

export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/boards/:boardId/assets/:assetId',
    {
      schema: {
        params: Type.Object({ boardId: Type.String({ maxLength: 64 }), assetId: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          size: Type.Optional(Type.Union(ASSET_SIZES.map((size) => Type.Literal(size)))),
          token: Type.Optional(Type.String()),
        }),
      },
      preHandler: app.requireRole('viewer', 'see this board'),
    },
    async (request, reply) => {
      const { boardId, assetId } = request.params;
      const size = (request.query.size ?? 'full') as AssetSize;
      if (!isAssetId(assetId)) throw notFound('This image');
      // Content-addressed, so a given URL never changes: cache for a year, privately (it needs a token).
      const etag = `"${assetId}-${size}"`;
      reply.header('Cache-Control', 'private, max-age=31536000, immutable');
      reply.header('ETag', etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      const bytes = size === 'tiny' ? await readTiny(app.assets, boardId, assetId) : await app.assets.read(boardId, assetId, size);
      if (!bytes) throw notFound('This image');
      return reply.type('image/jpeg').header('Content-Disposition', 'inline').send(bytes);
    },
  );

  // The tiny pictures of many pages in one image (server/assets/sheets.ts): `assets` is a
  // comma-separated list of page ids, and the X-Sheet-Cells header says each picture's size.
  app.get(
    '/api/boards/:boardId/sheets',
    {
      schema: {
        params: Type.Object({ boardId: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          assets: Type.String({ minLength: 1, maxLength: SHEET_MAX_CELLS * 33 }),
          size: Type.Optional(Type.Literal('tiny')),
          token: Type.Optional(Type.String()),
        }),
      },
      preHandler: app.requireRole('viewer', 'see this board'),
    },
    async (request, reply) => {
      const { boardId } = request.params;
      const assetIds = (request.query as { assets: string }).assets.split(',');
      if (assetIds.length > SHEET_MAX_CELLS || !assetIds.every(isAssetId)) throw notFound('These images');
      const sheet = await contactSheet(app.assets, boardId, assetIds);
      // The same pages always make the same sheet: cacheable like the pages themselves.
      reply.header('Cache-Control', 'private, max-age=31536000, immutable');
      reply.header('X-Sheet-Cells', JSON.stringify(sheet.cells));
      return reply.type('image/jpeg').header('Content-Disposition', 'inline').send(sheet.jpeg);
    },
  );
};
