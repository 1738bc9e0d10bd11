// Board-wide sorting data, live: the hide-names switch and the unsorted area, the tag list, the
// name band of each upload batch, where each page's student worked, and which cards have comments or ink.
import type * as Y from 'yjs';
import type { PageRect } from '#shared/pageGeometry.js';
import { type AnnotationCount, boardAnnotations, countAnnotations } from '#shared/schema/annotations.js';
import { boardBatches, pageNameRegions, readNameBands, readPageNameRegions } from '#shared/schema/batch.js';
import { boardMeta } from '#shared/schema/board.js';
import { type BoardSettings, readBoardSettings } from '#shared/schema/settings.js';
import { boardTags, listBoardTags } from '#shared/schema/tags.js';
import { pageWorkRegions, readPageWorkRegions } from '#shared/schema/workRegions.js';
import { useDocValue } from './docValue.js';

const metaTypes = (doc: Y.Doc) => [boardMeta(doc) as Y.AbstractType<unknown>];
const tagTypes = (doc: Y.Doc) => [boardTags(doc) as Y.AbstractType<unknown>];
const batchTypes = (doc: Y.Doc) => [boardBatches(doc) as Y.AbstractType<unknown>];
const regionTypes = (doc: Y.Doc) => [pageNameRegions(doc) as Y.AbstractType<unknown>];
const workTypes = (doc: Y.Doc) => [pageWorkRegions(doc) as Y.AbstractType<unknown>];
const annotationTypes = (doc: Y.Doc) => [boardAnnotations(doc, 'comments'), boardAnnotations(doc, 'ink')] as Y.AbstractType<unknown>[];

export function useBoardSettings(doc: Y.Doc): BoardSettings {
  return useDocValue(doc, 'settings', metaTypes, readBoardSettings);
}

export function useBoardTags(doc: Y.Doc): string[] {
  return useDocValue(doc, 'tags', tagTypes, listBoardTags);
}

export function useNameBands(doc: Y.Doc): ReadonlyMap<string, PageRect> {
  return useDocValue(doc, 'nameBands', batchTypes, readNameBands);
}

/** The name region found on each page at upload, by page id. */
export function usePageNameRegions(doc: Y.Doc): ReadonlyMap<string, PageRect> {
  return useDocValue(doc, 'pageNameRegions', regionTypes, readPageNameRegions);
}

/** Where each page's student worked (found at upload), by page id: card faces show that part. */
export function usePageWorkRegions(doc: Y.Doc): ReadonlyMap<string, PageRect> {
  return useDocValue(doc, 'pageWorkRegions', workTypes, readPageWorkRegions);
}

export function useAnnotationCounts(doc: Y.Doc): ReadonlyMap<string, AnnotationCount> {
  return useDocValue(doc, 'annotations', annotationTypes, countAnnotations);
}
