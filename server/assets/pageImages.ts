// Turns one page image into the stored sizes: upright (EXIF orientation applied), JPEG because
// browsers decode it 2.6–4× faster than WebP (README, "Measured facts"), and small thumbnails so a board of
// hundreds of cards opens fast.
import crypto from 'node:crypto';
import sharp from 'sharp';
import { SHEET_CELL } from '#shared/sheets.js';
import type { AssetSize, AssetStore } from './assetStore.js';

/** Longest side of each stored size, in pixels. */
export const ASSET_MAX_SIDE: Record<AssetSize, number> = { tiny: SHEET_CELL, thumb: 400, medium: 1000, full: 2200 };

/** Pixel bombs are refused from the header, before any decoding (about a 200-megapixel photo). */
export const MAX_INPUT_PIXELS = 200_000_000;

export interface StoredPage {
  assetId: string;
  width: number;
  height: number;
}

/** The content address of a page: the hash of its source bytes and its place in the source. */
export function pageAssetId(source: Uint8Array, pageIndex = 0): string {
  return crypto.createHash('sha256').update(source).update(`:${pageIndex}`).digest('hex').slice(0, 32);
}

/** Hashing more than this at once would hold up the main thread (and live sync) noticeably. */
const HASH_CHUNK_BYTES = 1024 * 1024;

/**
 * `pageAssetId(source, i)` for the first `count` pages, hashing the source once, a chunk at a
 * time with a turn of the event loop in between: a 50 MB PDF takes about 100 ms to hash.
 */
export async function pageAssetIds(source: Uint8Array, count: number): Promise<string[]> {
  const hash = crypto.createHash('sha256');
  for (let at = 0; at < source.length; at += HASH_CHUNK_BYTES) {
    hash.update(source.subarray(at, at + HASH_CHUNK_BYTES));
    // After the last chunk too: a batch of 30 photos is 30 calls in a row, ~90 ms without a turn.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Array.from({ length: count }, (_, pageIndex) => hash.copy().update(`:${pageIndex}`).digest('hex').slice(0, 32));
}

/**
 * A page to store: encoded bytes sharp decodes, or raw pixels already upright (a rendered PDF
 * page, a decoded HEIC). Encoded bytes are turned upright by their EXIF orientation, unless
 * `rotate` says how to turn them (a scanner's JPEG inside a PDF, whose EXIF viewers ignore); then
 * `resize` gives the exact size wanted. `page` picks a page of a multi-page TIFF.
 */
export type PageImage =
  | { bytes: Buffer; page?: number; rotate?: 0 | 90 | 180 | 270; resize?: { width: number; height: number } }
  | { pixels: Uint8Array; width: number; height: number; channels: 3 | 4 };

/** A page turned into every stored size, in memory, not stored yet. */
export interface PreparedPage extends StoredPage {
  sizes: Record<AssetSize, Buffer>;
}

function decodePage(image: PageImage): ReturnType<typeof sharp> {
  if ('bytes' in image) {
    const input = sharp(image.bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', page: image.page ?? 0 });
    return image.rotate === undefined ? input.rotate() : input.rotate(image.rotate);
  }
  return sharp(image.pixels, { raw: { width: image.width, height: image.height, channels: image.channels } });
}

/** Makes every stored size of a page; nothing is written. */
export async function preparePageImage(image: PageImage, assetId: string): Promise<PreparedPage> {
  const exact = 'bytes' in image ? image.resize : undefined;
  const full = await decodePage(image)
    .resize(
      exact
        ? { width: exact.width, height: exact.height, fit: 'fill' }
        : { width: ASSET_MAX_SIDE.full, height: ASSET_MAX_SIDE.full, fit: 'inside', withoutEnlargement: true },
    )
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 85, mozjpeg: false })
    .toBuffer({ resolveWithObject: true });
  const [medium, thumb, tiny] = await Promise.all((['medium', 'thumb', 'tiny'] as const).map((size) => smallerSize(full.data, size)));
  return {
    assetId,
    width: full.info.width,
    height: full.info.height,
    sizes: { full: full.data, medium: medium as Buffer, thumb: thumb as Buffer, tiny: tiny as Buffer },
  };
}

/** One of the smaller sizes, made from a larger stored size of the same page. */
export function smallerSize(source: Buffer, size: Exclude<AssetSize, 'full'>): Promise<Buffer> {
  return sharp(source, { limitInputPixels: MAX_INPUT_PIXELS })
    .resize({ width: ASSET_MAX_SIDE[size], height: ASSET_MAX_SIDE[size], fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: size === 'medium' ? 82 : size === 'thumb' ? 78 : 74 })
    .toBuffer();
}

/** Writes a prepared page, unless that content is stored already. */
export async function storePreparedPage(store: AssetStore, boardId: string, page: PreparedPage): Promise<void> {
  if (await store.has(boardId, page.assetId)) return;
  await store.put(boardId, page.assetId, 'tiny', page.sizes.tiny);
  await store.put(boardId, page.assetId, 'thumb', page.sizes.thumb);
  await store.put(boardId, page.assetId, 'medium', page.sizes.medium);
  // The full size goes last: its presence is what `has` checks, so a half-stored page is redone.
  await store.put(boardId, page.assetId, 'full', page.sizes.full);
}

/** Stores `image` (any format sharp decodes) in every size, unless that content is stored already. */
export async function storePageImage(store: AssetStore, boardId: string, image: Buffer, assetId: string): Promise<StoredPage> {
  const page = await preparePageImage({ bytes: image }, assetId);
  await storePreparedPage(store, boardId, page);
  return { assetId: page.assetId, width: page.width, height: page.height };
}
