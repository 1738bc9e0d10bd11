// Upload batches: the cards that came in together share how their pages look, above all where
// students write their names. A batch's name band is one rectangle on the page (0..1 page
// coordinates), set once for the batch and masked on every page of it while names are hidden.
import * as Y from 'yjs';
import { type PageRect, readPageRect } from '../pageGeometry.js';
import { asRecord } from './board.js';
import type { Card } from './card.js';

/** The batch of cards that carry no batch id: everything uploaded before batches were recorded. */
export const DEFAULT_BATCH = 'default';

export function boardBatches(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('batches');
}

export function batchOf(card: Pick<Card, 'batchId'>): string {
  return card.batchId ?? DEFAULT_BATCH;
}

/**
 * Where names are written when nobody marked the band of a batch: the top tenth of the page, where
 * worksheets put their name line. Masking a strip of margin is a small loss; a child's name on a
 * projector is not.
 */
export const DEFAULT_NAME_BAND: PageRect = { x: 0, y: 0, w: 1, h: 0.1 };

/**
 * The band to mask on a page of a card while names are hidden: the one the team marked for its
 * batch, else the one found on that page when it came in (`pageNameRegions`), else the default.
 */
export function nameBandOf(bands: ReadonlyMap<string, PageRect>, card: Pick<Card, 'batchId'>, found?: PageRect | null): PageRect {
  return bands.get(batchOf(card)) ?? found ?? DEFAULT_NAME_BAND;
}

/**
 * The name region found on each page as it was uploaded (server/assets/ingest/nameRegion.ts), by
 * page id. Written by the server at ingest; pages are content addressed, so a page uploaded twice
 * has one region.
 */
export function pageNameRegions(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('nameRegions');
}

/** Every page's found name region, by page id. */
export function readPageNameRegions(doc: Y.Doc): Map<string, PageRect> {
  const regions = new Map<string, PageRect>();
  pageNameRegions(doc).forEach((value, assetId) => {
    const region = readPageRect(value);
    if (region) regions.set(assetId, region);
  });
  return regions;
}

/** The found name region of one page, or null. */
export function pageNameRegion(doc: Y.Doc, assetId: string): PageRect | null {
  return readPageRect(pageNameRegions(doc).get(assetId));
}

export function setPageNameRegion(doc: Y.Doc, assetId: string, region: PageRect): void {
  pageNameRegions(doc).set(assetId, { x: region.x, y: region.y, w: region.w, h: region.h });
}

/** Whether someone confirmed (or marked) where the batch's names are, in the upload dialog. */
export function isNameBandConfirmed(doc: Y.Doc, batchId: string): boolean {
  const record = asRecord(boardBatches(doc).get(batchId));
  return record?.get('nameConfirmed') === true || readPageRect(record?.get('nameBand')) !== null;
}

/** Records that the team looked at the names found for the batch and they are right. */
export function confirmNameBand(doc: Y.Doc, batchId: string): void {
  const batches = boardBatches(doc);
  doc.transact(() => {
    let record = asRecord(batches.get(batchId));
    if (!record) {
      record = new Y.Map<unknown>();
      batches.set(batchId, record);
    }
    record.set('nameConfirmed', true);
  });
}

/** Every batch's name band, by batch id; batches without one are absent. */
export function readNameBands(doc: Y.Doc): Map<string, PageRect> {
  const bands = new Map<string, PageRect>();
  boardBatches(doc).forEach((value, batchId) => {
    const band = readPageRect(asRecord(value)?.get('nameBand'));
    if (band) bands.set(batchId, band);
  });
  return bands;
}

/** Sets (or, with null, clears) the name band of a batch, creating the batch record if needed. */
export function setNameBand(doc: Y.Doc, batchId: string, band: PageRect | null): void {
  const batches = boardBatches(doc);
  doc.transact(() => {
    let record = asRecord(batches.get(batchId));
    if (!record) {
      record = new Y.Map<unknown>();
      batches.set(batchId, record);
    }
    if (band) record.set('nameBand', { x: band.x, y: band.y, w: band.w, h: band.h });
    else record.delete('nameBand');
  });
}
