// Page images with the student's name covered, for `?names=hidden` (a projector, a shared
// screen): the server masks the name band before the image leaves it, so the name's pixels never
// reach the screen that must not show them. The band is the card's batch's, else the one found on
// the page at upload (ingest/nameRegion.ts), else the top tenth of the page.
import sharp from 'sharp';
import type * as Y from 'yjs';
import type { PageRect } from '#shared/pageGeometry.js';
import { nameBandOf, pageNameRegion, readNameBands } from '#shared/schema/batch.js';
import { listCards } from '#shared/schema/card.js';
import { MAX_INPUT_PIXELS } from './pageImages.js';

/** A calm grey, the colour of the board's own name masks. */
export const MASK_COLOR = '#d9dce1';

/**
 * The name band of a page of the board: the band of the first card showing it (pages are content
 * addressed, so the same scan uploaded twice is one page), or the default band.
 */
export function nameBandOfPage(doc: Y.Doc, assetId: string): PageRect {
  const card = listCards(doc).find((candidate) => candidate.pages.includes(assetId));
  return nameBandOf(readNameBands(doc), card ?? {}, pageNameRegion(doc, assetId));
}

/** The image (JPEG) with `band` (0..1 of the unturned page) painted over. */
export async function maskNameBand(image: Buffer, band: PageRect): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  const left = Math.max(0, Math.floor(band.x * width));
  const top = Math.max(0, Math.floor(band.y * height));
  // Rounded outwards: a row of the name left at the band's edge would still be read.
  const right = Math.min(width, Math.ceil((band.x + band.w) * width));
  const bottom = Math.min(height, Math.ceil((band.y + band.h) * height));
  if (right <= left || bottom <= top) return image;
  const mask = await sharp({ create: { width: right - left, height: bottom - top, channels: 3, background: MASK_COLOR } })
    .png()
    .toBuffer();
  return sharp(image, { limitInputPixels: MAX_INPUT_PIXELS })
    .composite([{ input: mask, left, top }])
    .jpeg({ quality: 82 })
    .toBuffer();
}
