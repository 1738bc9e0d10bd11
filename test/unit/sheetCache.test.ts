// The cache of contact sheets: a board asking for its pages in every order evicts only its own.
import { describe, expect, it } from 'vitest';
import { createSheetCache } from '../../server/assets/sheets.js';

describe('the contact sheet cache', () => {
  it('keeps at most so many sheets per board, evicting that board’s least recently used', async () => {
    const cache = createSheetCache<string>({ perBoard: 4, bytes: 1_000_000 }, (value) => value.length);
    await cache.get('quiet', 'quiet/a', async () => 'sheet of a quiet board');
    for (let n = 0; n < 100; n++) await cache.get('busy', `busy/${n}`, async () => `permutation ${n}`);
    expect(cache.sheetsOf('busy')).toBe(4);
    let madeAgain = false;
    expect(
      await cache.get('quiet', 'quiet/a', async () => {
        madeAgain = true;
        return 'x';
      }),
    ).toBe('sheet of a quiet board');
    expect(madeAgain).toBe(false);
    expect(cache.sheets).toBe(5);
  });

  it('keeps all boards’ sheets under a byte budget', async () => {
    const cache = createSheetCache<string>({ perBoard: 1000, bytes: 10_000 }, (value) => value.length);
    for (let n = 0; n < 50; n++) await cache.get(`board${n}`, `board${n}/x`, async () => 'x'.repeat(1000));
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.sheets).toBe(10);
  });

  it('does not keep a sheet that failed', async () => {
    const cache = createSheetCache<string>({ perBoard: 4, bytes: 10_000 }, (value) => value.length);
    await expect(cache.get('b', 'b/1', async () => Promise.reject(new Error('busy')))).rejects.toThrow('busy');
    await new Promise((resolve) => setImmediate(resolve));
    expect(cache.sheets).toBe(0);
    expect(await cache.get('b', 'b/1', async () => 'made')).toBe('made');
  });
});
