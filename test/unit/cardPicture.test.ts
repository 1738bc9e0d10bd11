// A card's face cropped to the work (shared/cardPicture.ts): the crop fills the picture area, and
// a point of the page (ink, a pin, the name band) lands on the same pixel of the work whether it is
// placed through the whole page's box or read off the cropped image, at any quarter turn.
import { describe, expect, it } from 'vitest';
import { cardPicture, clipRect } from '#shared/cardPicture.js';
import { boxToPage, pageToBox } from '#shared/inkGeometry.js';
import { rotatePageRect } from '#shared/pageGeometry.js';
import type { PageRotation } from '#shared/schema/card.js';

const AREA = { x: 6, y: 6, w: 138, h: 188 };
const PAGE = { width: 850, height: 1100 };
const WORK = { x: 0.1, y: 0.25, w: 0.5, h: 0.4 };

describe('a card picture cropped to the work', () => {
  it('draws the whole page, fitted, when there is no work region', () => {
    const picture = cardPicture(AREA, PAGE.width, PAGE.height, 0, null);
    expect(picture.crop).toBeNull();
    expect(picture.page).toEqual(picture.shown);
    expect(picture.shown.w).toBeCloseTo(AREA.w);
  });

  it('crops the image to the region, grown to the card’s shape below the region’s top, and fills the area', () => {
    const picture = cardPicture(AREA, PAGE.width, PAGE.height, 0, WORK);
    // 425 × 440 px of work is wider than the card's shape: it grows downwards (never above the
    // work's top, where the name and the header are) to 425 × 425 ÷ (138 / 188).
    const crop = picture.crop as NonNullable<typeof picture.crop>;
    expect(crop.x).toBeCloseTo(85);
    expect(crop.width).toBeCloseTo(425);
    expect(crop.y).toBeCloseTo(275);
    expect(crop.height).toBeCloseTo(425 / (AREA.w / AREA.h));
    expect(picture.shown.w).toBeCloseTo(AREA.w);
    expect(picture.shown.h).toBeCloseTo(AREA.h);
  });

  it('keeps the crop on the page: at the page’s foot the work is letterboxed instead', () => {
    const low = { x: 0.1, y: 0.8, w: 0.8, h: 0.2 };
    const picture = cardPicture(AREA, PAGE.width, PAGE.height, 0, low);
    const crop = picture.crop as NonNullable<typeof picture.crop>;
    expect(crop.y).toBeCloseTo(0.8 * PAGE.height);
    expect(crop.y + crop.height).toBeCloseTo(PAGE.height);
    expect(picture.shown.h).toBeLessThan(AREA.h);
  });

  for (const rotation of [0, 90, 180, 270] as PageRotation[]) {
    it(`puts a page point on the same pixel of the work, turned ${rotation}°`, () => {
      const picture = cardPicture(AREA, PAGE.width, PAGE.height, rotation, WORK);
      const crop = picture.crop as NonNullable<typeof picture.crop>;
      const cropped = { x: crop.x / PAGE.width, y: crop.y / PAGE.height, w: crop.width / PAGE.width, h: crop.height / PAGE.height };
      // The crop holds the work and never reaches above it.
      expect(cropped.x).toBeLessThanOrEqual(WORK.x + 1e-9);
      expect(cropped.y).toBeGreaterThanOrEqual(WORK.y - 1e-9);
      expect(cropped.x + cropped.w).toBeGreaterThanOrEqual(WORK.x + WORK.w - 1e-9);
      expect(cropped.y + cropped.h).toBeGreaterThanOrEqual(WORK.y + WORK.h - 1e-9);
      const turnedWork = rotatePageRect(cropped, rotation);
      for (const point of [
        { x: 0.3, y: 0.4 },
        { x: 0.12, y: 0.6 },
        { x: 0.55, y: 0.3 },
      ]) {
        const placed = pageToBox(point, picture.page, rotation);
        // Where the cropped image shows that point: its place within the crop, turned, scaled into `shown`.
        const turned = pageToBox(point, { x: 0, y: 0, w: 1, h: 1 }, rotation);
        const expected = {
          x: picture.shown.x + ((turned.x - turnedWork.x) / turnedWork.w) * picture.shown.w,
          y: picture.shown.y + ((turned.y - turnedWork.y) / turnedWork.h) * picture.shown.h,
        };
        expect(placed.x).toBeCloseTo(expected.x, 6);
        expect(placed.y).toBeCloseTo(expected.y, 6);
        // And the pen, reading it back through the page box, gets the page point again.
        const back = boxToPage(placed, picture.page, rotation);
        expect(back?.x).toBeCloseTo(point.x, 6);
        expect(back?.y).toBeCloseTo(point.y, 6);
      }
    });
  }

  it('clips a rectangle to the shown part, and drops one wholly outside it', () => {
    const shown = { x: 10, y: 10, w: 100, h: 100 };
    expect(clipRect({ x: 0, y: 0, w: 200, h: 30 }, shown)).toEqual({ x: 10, y: 10, w: 100, h: 20 });
    expect(clipRect({ x: 0, y: 0, w: 200, h: 5 }, shown)).toBeNull();
  });
});
