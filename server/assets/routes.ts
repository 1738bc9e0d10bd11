// Serving page images to holders of the board's tokens (README, "The API").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { BoardParamsSchema, IdSchema } from '#shared/api.js';
import { SHEET_MAX_CELLS } from '#shared/sheets.js';
import { Type } from '#shared/typeBuilders.js';
import { boardBusy, createWorkSlots, serverBusy } from '../budgets.js';
import { notFound } from '../errors.js';
import { recentWork } from '../recentWork.js';
import { ASSET_SIZES, type AssetSize, isAssetId } from './assetStore.js';

/** Loaded on first use: sharp (libvips) is only needed to make a missing tiny size or a sheet. */
const sheets = () => import('./sheets.js');
const nameMask = () => import('./nameMask.js');

/**
 * How many masked pages are kept: a projector showing a board of 30 cards with names hidden asks
 * for the same 30 pages again after every reconnection.
 */
const MASKED_PAGES_KEPT = 64;

export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const masked = recentWork<Buffer | null>(MASKED_PAGES_KEPT);

  /** A page with its name band masked; its ETag names the band, which the team can change. */
  async function sendMasked(boardId: string, assetId: string, size: AssetSize, reply: FastifyReply) {
    const { nameBandOfPage } = await nameMask();
    const band = await app.rooms.withRoom(boardId, (room) => nameBandOfPage(room.doc, assetId));
    const etag = `"${assetId}-${size}-masked-${[band.x, band.y, band.w, band.h].join('-')}"`;
    reply.header('Cache-Control', 'private, no-store');
    reply.header('ETag', etag);
    if (reply.request.headers['if-none-match'] === etag) return reply.code(304).send();
    const bytes = await masked(etag + boardId, async () => {
      const page = await app.assets.read(boardId, assetId, size);
      return page ? (await nameMask()).maskNameBand(page, band) : null;
    });
    if (!bytes) throw notFound('This image');
    return reply.type('image/jpeg').header('Content-Disposition', 'inline').send(bytes);
  }

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
        params: Type.Object({ boardId: IdSchema, assetId: Type.String({ maxLength: 64 }) }),
        querystring: Type.Object({
          size: Type.Optional(Type.Union(ASSET_SIZES.map((size) => Type.Literal(size)))),
          /** `hidden`: the page's name band is masked by the server (a projector, a shared screen). */
          names: Type.Optional(Type.Union([Type.Literal('hidden'), Type.Literal('shown')])),
          token: Type.Optional(Type.String()),
        }),
      },
      preHandler: app.requireRole('viewer', 'see this board'),
    },
    async (request, reply) => {
      const { boardId, assetId } = request.params;
      const size = (request.query.size ?? 'full') as AssetSize;
      if (!isAssetId(assetId)) throw notFound('This image');
      if (request.query.names === 'hidden') return sendMasked(boardId, assetId, size, reply);
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
        params: BoardParamsSchema,
        querystring: Type.Object({
          assets: Type.String({ minLength: 1, maxLength: SHEET_MAX_CELLS * 33 }),
          size: Type.Optional(Type.Literal('tiny')),
          /** `hidden`: every page's name band is masked, as on a single page. */
          names: Type.Optional(Type.Union([Type.Literal('hidden'), Type.Literal('shown')])),
          token: Type.Optional(Type.String()),
        }),
      },
      preHandler: app.requireRole('viewer', 'see this board'),
    },
    async (request, reply) => {
      const { boardId } = request.params;
      const assetIds = request.query.assets.split(',');
      if (assetIds.length > SHEET_MAX_CELLS || !assetIds.every(isAssetId)) throw notFound('These images');
      let bands = null;
      if (request.query.names === 'hidden') {
        const { nameBandOfPage } = await nameMask();
        bands = await app.rooms.withRoom(boardId, (room) => assetIds.map((assetId) => nameBandOfPage(room.doc, assetId)));
      }
      const sheet = await (await sheets()).contactSheet(app.assets, boardId, assetIds, () => sheetTurns.acquire(boardId), bands);
      // Not stored on the device, like the pages themselves.
      reply.header('Cache-Control', 'private, no-store');
      reply.header('X-Sheet-Cells', JSON.stringify(sheet.cells));
      return reply.type('image/jpeg').header('Content-Disposition', 'inline').send(sheet.jpeg);
    },
  );
};
