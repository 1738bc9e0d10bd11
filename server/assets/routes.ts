// Serving page images to holders of the board's tokens (CONTRACT.md "Uploads and assets").
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../errors.js';
import { ASSET_SIZES, type AssetSize, type AssetStore, isAssetId } from './assetStore.js';
import { smallerSize } from './pageImages.js';

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
};

/** Tiny sizes being made right now, so two viewers asking at once make (and write) one. */
const making = new Map<string, Promise<Buffer | null>>();

/** The tiny size, made from the thumbnail (and kept) for pages stored before there was one. */
async function readTiny(store: AssetStore, boardId: string, assetId: string): Promise<Buffer | null> {
  const stored = await store.read(boardId, assetId, 'tiny');
  if (stored) return stored;
  const key = `${boardId}/${assetId}`;
  let made = making.get(key);
  if (!made) {
    made = (async () => {
      const thumb = await store.read(boardId, assetId, 'thumb');
      if (!thumb) return null;
      const tiny = await smallerSize(thumb, 'tiny');
      await store.put(boardId, assetId, 'tiny', tiny);
      return tiny;
    })().finally(() => making.delete(key));
    making.set(key, made);
  }
  return made;
}
