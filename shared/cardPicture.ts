// Where a card's picture goes when its face shows only the student's work (README, "Card faces
// show the work"): the work region, turned with the page and fitted into the card's picture area,
// and the box the whole page would take around it. Ink, pins and name masks are placed through the
// whole page's box (shared/inkGeometry.ts), so they stay over the same pixels of the work, and are
// clipped to the shown part. Pure: the canvas, the pen and the tests share it.
import { pictureBox } from './inkGeometry.js';
import type { Rect } from './layout.js';
import { type PageRect, rotatedSize, rotatePageRect } from './pageGeometry.js';
import type { PageRotation } from './schema/card.js';

export interface CardPicture {
  /** Where the picture is drawn: the work (or the whole page) fitted, centred, into the area. */
  shown: Rect;
  /** The box the whole turned page takes, of which `shown` is the work's part; equals `shown` uncropped. */
  page: Rect;
  /** The part of the unturned image drawn, in its pixels; null for the whole image. */
  crop: { x: number; y: number; width: number; height: number } | null;
}

/** The picture of a `width` × `height` page turned `rotation`, cropped to `work` (0..1 of the unturned page) if given. */
export function cardPicture(area: Rect, width: number, height: number, rotation: PageRotation, work: PageRect | null): CardPicture {
  if (!work || width <= 0 || height <= 0 || (work.w >= 1 && work.h >= 1)) {
    const box = pictureBox(area, width, height, rotation);
    return { shown: box, page: box, crop: null };
  }
  const turned = rotatePageRect(work, rotation);
  const size = rotatedSize(width, height, rotation);
  const shown = pictureBox(area, turned.w * size.width, turned.h * size.height, 0);
  const pageW = shown.w / turned.w;
  const pageH = shown.h / turned.h;
  return {
    shown,
    page: { x: shown.x - turned.x * pageW, y: shown.y - turned.y * pageH, w: pageW, h: pageH },
    crop: { x: work.x * width, y: work.y * height, width: work.w * width, height: work.h * height },
  };
}

/** The part of `rect` (board or card coordinates) inside `clip`, or null when none is. */
export function clipRect(rect: Rect, clip: Rect): Rect | null {
  const x = Math.max(rect.x, clip.x);
  const y = Math.max(rect.y, clip.y);
  const right = Math.min(rect.x + rect.w, clip.x + clip.w);
  const bottom = Math.min(rect.y + rect.h, clip.y + clip.h);
  return right > x && bottom > y ? { x, y, w: right - x, h: bottom - y } : null;
}
