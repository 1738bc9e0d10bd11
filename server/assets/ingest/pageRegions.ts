// A page's name and work regions (nameRegion.ts, workRegion.ts), found on a worker thread: reading
// a page's pixels in JavaScript takes tens of milliseconds, which the main thread owes to live
// sync. A page the worker cannot read gets the defaults: the top tenth for the name, the rest of
// the page for the work.
import { DEFAULT_NAME_BAND } from '#shared/schema/batch.js';
import type { IngestPool } from './pool.js';
import { belowName, type PageRegions } from './workRegion.js';

/** Well under a second a page; a page that takes longer is read as nothing found. */
const READ_TIMEOUT_MS = 10_000;

export async function findPageRegions(pool: IngestPool, image: Buffer): Promise<PageRegions> {
  try {
    const result = await pool.run(
      { kind: 'pageRegions', image: new Uint8Array(image.buffer, image.byteOffset, image.byteLength) },
      READ_TIMEOUT_MS,
    );
    if (result.ok && result.kind === 'pageRegions') return { name: result.name, work: result.work };
  } catch {
    // Stopped (its time or the memory budget ran out): nothing found.
  }
  return { name: { ...DEFAULT_NAME_BAND }, work: belowName(DEFAULT_NAME_BAND) };
}
