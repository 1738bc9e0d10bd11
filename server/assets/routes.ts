// Serving page images to holders of the board's tokens (CONTRACT.md "Uploads and assets").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SHEET_MAX_CELLS } from '../../shared/sheets.js';
import { boardBusy, createWorkSlots, serverBusy } from '../budgets.js';
import { notFound } from '../errors.js';
import { ASSET_SIZES, type AssetSize, isAssetId } from './assetStore.js';

/** Loaded on first use: sharp (libvips) is only needed to make a missing tiny size or a sheet. */
const sheets = () => import('./sheets.js');

export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Sheets not yet made take a turn: a few at once (a core each), a board a few of them.
  const sheetTurns = createWorkSlots({
    running: 2,
    waiting: 48,
    // One browser asks for up to 12 sheets at once (client/src/board/imageCache.ts).
    perKey: 16,
    busy: () => serverBusy('The server is making many page overviews right now.', 2),
    keyBusy: () => boardBusy('sheets_in_progress', 'This board is asking for many page overviews at once.', 2),
  });
  app.metrics.watchWork('sheet', sheetTurns);
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
      const sheet = await (await sheets()).contactSheet(app.assets, boardId, assetIds, () => sheetTurns.acquire(boardId));
      // The same pages always make the same sheet: cacheable like the pages themselves.
      reply.header('Cache-Control', 'private, max-age=31536000, immutable');
      reply.header('X-Sheet-Cells', JSON.stringify(sheet.cells));
      return reply.type('image/jpeg').header('Content-Disposition', 'inline').send(sheet.jpeg);
    },
  );
};
