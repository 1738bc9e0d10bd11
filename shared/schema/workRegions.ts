// Where each page's student worked (README, "Card faces show the work"): a rectangle in 0..1 of
// the unturned page, found by the server when the page is uploaded
// (server/assets/ingest/workRegion.ts), by page id. Optional: a page without one (a board made
// before they were found) shows the whole page. Pages are content addressed, so a page uploaded
// twice has one region.
import type * as Y from 'yjs';
import { type PageRect, readPageRect } from '../pageGeometry.js';

export function pageWorkRegions(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('workRegions');
}

/** Every page's work region, by page id. */
export function readPageWorkRegions(doc: Y.Doc): Map<string, PageRect> {
  const regions = new Map<string, PageRect>();
  pageWorkRegions(doc).forEach((value, assetId) => {
    const region = readPageRect(value);
    if (region) regions.set(assetId, region);
  });
  return regions;
}

/** The work region of one page, or null (the whole page is shown). */
export function pageWorkRegion(doc: Y.Doc, assetId: string): PageRect | null {
  return readPageRect(pageWorkRegions(doc).get(assetId));
}

export function setPageWorkRegion(doc: Y.Doc, assetId: string, region: PageRect): void {
  pageWorkRegions(doc).set(assetId, { x: region.x, y: region.y, w: region.w, h: region.h });
}
