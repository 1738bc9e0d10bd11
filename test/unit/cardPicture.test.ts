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

  it('crops the image to the region in its own pixels and fits the crop in the area', () => {
    const picture = cardPicture(AREA, PAGE.width, PAGE.height, 0, WORK);
    expect(picture.crop).toEqual({ x: 85, y: 275, width: 425, height: 440 });
    // 425 × 440 is nearly square: it fills the width and is centred in the height.
    expect(picture.shown.w).toBeCloseTo(AREA.w);
    expect(picture.shown.h).toBeCloseTo((AREA.w * 440) / 425);
    expect(picture.shown.y - AREA.y).toBeCloseTo(AREA.y + AREA.h - (picture.shown.y + picture.shown.h));
  });

  for (const rotation of [0, 90, 180, 270] as PageRotation[]) {
    it(`puts a page point on the same pixel of the work, turned ${rotation}°`, () => {
      const picture = cardPicture(AREA, PAGE.width, PAGE.height, rotation, WORK);
      const turnedWork = rotatePageRect(WORK, rotation);
      for (const point of [
        { x: 0.3, y: 0.4 },
        { x: 0.12, y: 0.6 },
        { x: 0.55, y: 0.3 },
      ]) {
        const placed = pageToBox(point, picture.page, rotation);
        // Where the cropped image shows that point: its place within the work, turned, scaled into `shown`.
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
