// The picture of one share-out step, as the class sees it: the step's page of the card, its name
// band masked (always: a share-out is shown without names), cropped to the step's region, turned as
// the team turned the page. Every surface of a share-out (the class link, the PDF, the PNG of a
// step) uses this one picture, so none of them can show more than the others.
import type * as Y from 'yjs';
import { type PageRect, rotatedSize, rotatePageRect } from '#shared/pageGeometry.js';
import { nameBandOf, pageNameRegion, readNameBands } from '#shared/schema/batch.js';
import { getCard, type PageRotation, pageRotation } from '#shared/schema/card.js';
import type { SequenceStep } from '#shared/schema/sequence.js';
import type { AssetStore } from '../assets/assetStore.js';

/** What a step shows, read from the board's document; null when its card or page is gone. */
export interface StepSource {
  assetId: string;
  rotation: PageRotation;
  nameBand: PageRect;
  region: PageRect | null;
}

export function stepSource(doc: Y.Doc, step: SequenceStep): StepSource | null {
  const card = getCard(doc, step.cardId);
  const assetId = card?.pages[step.page] ?? card?.pages[0];
  if (!card || !assetId) return null;
  return {
    assetId,
    rotation: pageRotation(card, assetId),
    nameBand: nameBandOf(readNameBands(doc), card, pageNameRegion(doc, assetId)),
    region: step.region,
  };
}

export interface StepPicture {
  bytes: Buffer;
  width: number;
  height: number;
}

/** Pixels of a 0..1 rectangle on a `width` × `height` image, at least one pixel each way. */
export function pixels(rect: PageRect, width: number, height: number) {
  const left = Math.min(width - 1, Math.max(0, Math.round(rect.x * width)));
  const top = Math.min(height - 1, Math.max(0, Math.round(rect.y * height)));
  return {
    left,
    top,
    width: Math.max(1, Math.min(width - left, Math.round(rect.w * width))),
    height: Math.max(1, Math.min(height - top, Math.round(rect.h * height))),
  };
}

/** The part of `inner` inside `outer`, in `outer`'s own 0..1 coordinates; null when they do not meet. */
function within(inner: PageRect, outer: PageRect): PageRect | null {
  const left = Math.max(inner.x, outer.x);
  const top = Math.max(inner.y, outer.y);
  const right = Math.min(inner.x + inner.w, outer.x + outer.w);
  const bottom = Math.min(inner.y + inner.h, outer.y + outer.h);
  if (right <= left || bottom <= top) return null;
  return { x: (left - outer.x) / outer.w, y: (top - outer.y) / outer.h, w: (right - left) / outer.w, h: (bottom - top) / outer.h };
}

/**
 * Renders a step from the stored full-size page (regions and bands are in the unturned page's
 * coordinates, like evidence pins). One decode and one encode: crop, turn, then cover the part of
 * the name band that is left, so the name's pixels never reach the output. Null when the page's
 * image is missing.
 */
export async function renderStepPicture(
  assets: AssetStore,
  boardId: string,
  source: StepSource,
  format: 'jpeg' | 'png' = 'jpeg',
): Promise<StepPicture | null> {
  const page = await assets.read(boardId, source.assetId, 'full');
  if (!page) return null;
  // sharp (libvips) loads on first use, not at start (README "Restart and memory").
  const [{ default: sharp }, { MASK_COLOR }, { MAX_INPUT_PIXELS }] = await Promise.all([
    import('sharp'),
    import('../assets/nameMask.js'),
    import('../assets/pageImages.js'),
  ]);
  const { width = 0, height = 0 } = await sharp(page, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  if (width < 1 || height < 1) return null;
  const region = source.region ?? { x: 0, y: 0, w: 1, h: 1 };
  const crop = pixels(region, width, height);
  const size = rotatedSize(crop.width, crop.height, source.rotation);
  // sharp crops, then turns, then composites, whatever the order of the calls.
  let picture = sharp(page, { limitInputPixels: MAX_INPUT_PIXELS }).extract(crop).rotate(source.rotation);
  const band = within(source.nameBand, region);
  if (band) {
    const cover = pixels(rotatePageRect(band, source.rotation), size.width, size.height);
    const mask = await sharp({ create: { width: cover.width, height: cover.height, channels: 3, background: MASK_COLOR } })
      .png()
      .toBuffer();
    picture = picture.composite([{ input: mask, left: cover.left, top: cover.top }]);
  }
  const bytes = format === 'png' ? await picture.png().toBuffer() : await picture.jpeg({ quality: 85 }).toBuffer();
  return { bytes, width: size.width, height: size.height };
}
