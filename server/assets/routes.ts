// Serving page images to holders of the board's tokens (CONTRACT.md "Uploads and assets").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SHEET_MAX_CELLS } from '../../shared/sheets.js';
import { notFound } from '../errors.js';
import { ASSET_SIZES, type AssetSize, isAssetId } from './assetStore.js';

/** Loaded on first use: sharp (libvips) is only needed to make a missing tiny size or a sheet. */
const sheets = () => import('./sheets.js');

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
      // Never kept in the browser's disk cache: a page of student work must leave a device with its
      // board (deletion, a revoked link), and no script can purge that cache. The app keeps decoded
      // pages in memory while a board is open.
      const etag = `"${assetId}-${size}"`;
      reply.header('Cache-Control', 'private, no-store');
      reply.header('ETag', etag);
      if (request.headers['if-none-match'] === etag) return reply.code(304).send();
      // Pages stored before there was a tiny size get one made (and kept) on first request.
      const bytes =
        (await app.assets.read(boardId, assetId, size)) ??
        (size === 'tiny' ? await (await sheets()).readTiny(app.assets, boardId, assetId) : null);
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
      const sheet = await (await sheets()).contactSheet(app.assets, boardId, assetIds);
      // Not stored on the device, like the pages themselves.
      reply.header('Cache-Control', 'private, no-store');
      reply.header('X-Sheet-Cells', JSON.stringify(sheet.cells));
      return reply.type('image/jpeg').header('Content-Disposition', 'inline').send(sheet.jpeg);
    },
  );
};
