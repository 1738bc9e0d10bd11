// The tablet budget (issue 10): decoded pictures are kept in a least-recently-used cache under a
// memory budget. Bitmaps over the budget are evicted oldest first and closed (their memory given
// back), but never one a card is drawing. Decoding is stubbed with counted fake bitmaps.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CachedImage, ImageCache } from '../../client/src/board/imageCache.js';

const SIDE = 100;
const IMAGE_BYTES = SIDE * SIDE * 4;

let closed: string[] = [];

beforeEach(() => {
  closed = [];
  vi.stubGlobal('fetch', async (url: string) => new Response(new Blob([url]), { status: 200 }));
  vi.stubGlobal('createImageBitmap', async (blob: Blob) => {
    const url = await blob.text();
    return { width: SIDE, height: SIDE, close: () => closed.push(url) };
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Loads an asset the way a card does: wants it, waits for it, draws it (retain), and stops drawing it. */
async function show(cache: ImageCache, assetId: string, keepDrawing = false): Promise<CachedImage> {
  const entry = cache.want(assetId, 'thumb');
  await entry.done;
  cache.retain(entry);
  cache.unwant(entry);
  if (!keepDrawing) cache.release(entry);
  return entry;
}

describe('the decoded image cache', () => {
  it('stays under its budget by evicting the least recently used pictures, and closes them', async () => {
    const cache = new ImageCache((assetId) => `/a/${assetId}`, IMAGE_BYTES * 3);
    const shown: CachedImage[] = [];
    for (const id of ['a', 'b', 'c']) shown.push(await show(cache, id));
    expect(cache.heldBytes).toBe(IMAGE_BYTES * 3);
    // "a" is looked at again: now "b" is the least recently used.
    cache.retain(shown[0] as CachedImage);
    cache.release(shown[0] as CachedImage);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const latest = await show(cache, 'd');
    // Over budget, it evicts oldest first down to 85 % of the budget, so the next load has room.
    expect(cache.heldBytes).toBeLessThanOrEqual(IMAGE_BYTES * 3 * 0.85);
    expect([shown[1]?.evicted, shown[2]?.evicted]).toEqual([true, true]);
    expect([shown[0]?.evicted, latest.evicted]).toEqual([false, false]);
    expect(cache.best('b', 'thumb')).toBeNull();
    expect(cache.best('a', 'thumb')?.assetId).toBe('a');
    // Closed a moment later (a frame being drawn may still use it), giving its memory back.
    expect(closed).toEqual([]);
    vi.advanceTimersByTime(5000);
    expect(closed.sort()).toEqual(['/a/b', '/a/c']);
    cache.destroy();
  });

  it('never evicts a picture a card is drawing, even over budget', async () => {
    const cache = new ImageCache((assetId) => `/a/${assetId}`, IMAGE_BYTES * 2);
    const drawing = [await show(cache, 'x', true), await show(cache, 'y', true), await show(cache, 'z', true)];
    expect(cache.heldBytes).toBe(IMAGE_BYTES * 3);
    expect(drawing.every((entry) => !entry.evicted)).toBe(true);
    // Once a card stops drawing one, the cache gets back under budget.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    cache.release(drawing[1] as CachedImage);
    expect(cache.heldBytes).toBeLessThanOrEqual(IMAGE_BYTES * 2);
    expect(drawing[1]?.evicted).toBe(true);
    cache.destroy();
    vi.advanceTimersByTime(5000);
    expect(closed.sort()).toEqual(['/a/x', '/a/y', '/a/z']);
  });

  it('a 150-card board of thumbnails fits a 160 MB tablet budget at any time', async () => {
    const budget = 160 * 1024 * 1024;
    const cache = new ImageCache((assetId) => `/a/${assetId}`, budget);
    // Thumbnails the server makes are about 400 × 520: 0.8 MB decoded; stub them at that size.
    vi.stubGlobal('createImageBitmap', async () => ({ width: 400, height: 520, close: () => {} }));
    let peak = 0;
    for (let i = 0; i < 150 * 3; i++) {
      await show(cache, `card-${i}`);
      peak = Math.max(peak, cache.heldBytes);
    }
    expect(peak).toBeLessThanOrEqual(budget + 400 * 520 * 4);
    cache.destroy();
  });
});
