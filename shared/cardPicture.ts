// Where a card's picture goes when its face shows only the student's work (README, "Card faces
// show the work"): the work region (grown to the card's shape where the page allows), turned with
// the page and fitted into the card's picture area, and the box the whole page would take around it. Ink, pins and name masks are placed through the
// whole page's box (shared/inkGeometry.ts), so they stay over the same pixels of the work, and are
// clipped to the shown part. Pure: the canvas, the pen and the tests share it.
import { pictureBox } from './inkGeometry.js';
import type { Rect } from './layout.js';
import { type PageRect, rotatedSize, rotatePageRect, unrotatePageRect } from './pageGeometry.js';
import type { PageRotation } from './schema/card.js';

export interface CardPicture {
  /** Where the picture is drawn: the work (or the whole page) fitted, centred, into the area. */
  shown: Rect;
  /** The box the whole turned page takes, of which `shown` is the work's part; equals `shown` uncropped. */
  page: Rect;
  /** The part of the unturned image drawn, in its pixels; null for the whole image. */
  crop: { x: number; y: number; width: number; height: number } | null;
}

/**
 * The picture of a `width` × `height` page turned `rotation`, cropped to `work` (0..1 of the
 * unturned page) if given. The crop grows around the work to the area's shape where the page
 * allows, never above the work's top (the name and the header stay off): the work is as large as
 * it can be, with its surroundings instead of blank bars beside it.
 */
export function cardPicture(area: Rect, width: number, height: number, rotation: PageRotation, work: PageRect | null): CardPicture {
  if (!work || width <= 0 || height <= 0 || (work.w >= 1 && work.h >= 1)) {
    const box = pictureBox(area, width, height, rotation);
    return { shown: box, page: box, crop: null };
  }
  const size = rotatedSize(width, height, rotation);
  const turned = fillShape(
    rotatePageRect(work, rotation),
    rotatePageRect({ x: 0, y: work.y, w: 1, h: 1 - work.y }, rotation),
    area.w / area.h,
    size,
  );
  const cropped = unrotatePageRect(turned, rotation);
  const shown = pictureBox(area, turned.w * size.width, turned.h * size.height, 0);
  const pageW = shown.w / turned.w;
  const pageH = shown.h / turned.h;
  return {
    shown,
    page: { x: shown.x - turned.x * pageW, y: shown.y - turned.y * pageH, w: pageW, h: pageH },
    crop: { x: cropped.x * width, y: cropped.y * height, width: cropped.w * width, height: cropped.h * height },
  };
}

/** `rect` grown about its centre towards the shape `aspect` (width ÷ height in pixels of `size`), kept inside `bounds`. */
function fillShape(rect: PageRect, bounds: PageRect, aspect: number, size: { width: number; height: number }): PageRect {
  const along = (from: number, length: number, wanted: number, min: number, max: number) => {
    const grown = Math.min(Math.max(length, wanted), max - min);
    const start = Math.min(Math.max(min, from + length / 2 - grown / 2), max - grown);
    return [start, grown] as const;
  };
  const shape = (rect.w * size.width) / (rect.h * size.height);
  if (shape < aspect) {
    const [x, w] = along(rect.x, rect.w, (rect.h * size.height * aspect) / size.width, bounds.x, bounds.x + bounds.w);
    return { ...rect, x, w };
  }
  const [y, h] = along(rect.y, rect.h, (rect.w * size.width) / aspect / size.height, bounds.y, bounds.y + bounds.h);
  return { ...rect, y, h };
}

/** The part of `rect` (board or card coordinates) inside `clip`, or null when none is. */
export function clipRect(rect: Rect, clip: Rect): Rect | null {
  const x = Math.max(rect.x, clip.x);
  const y = Math.max(rect.y, clip.y);
  const right = Math.min(rect.x + rect.w, clip.x + clip.w);
  const bottom = Math.min(rect.y + rect.h, clip.y + clip.h);
  return right > x && bottom > y ? { x, y, w: right - x, h: bottom - y } : null;
}
