// Bringing a class set onto a board: read every file (checks first, heavy decoding in worker
// threads), store the pages, then add the cards unsorted in one change everyone sees. Used by
// uploads and by the demo board, so the demo exercises real ingest.
import type { FastifyInstance } from 'fastify';
import type * as Y from 'yjs';
import type { UploadStage } from '#shared/api.js';
import { parseCoverCode } from '#shared/classes.js';
import { newId } from '#shared/ids.js';
import { setPageNameRegion } from '#shared/schema/batch.js';
import { createCard, listCards } from '#shared/schema/card.js';
import { ensureNoWorkShownPile } from '#shared/schema/noWorkShown.js';
import { listPiles } from '#shared/schema/pile.js';
import { readBoardSettings } from '#shared/schema/settings.js';
import { setPageWorkRegion } from '#shared/schema/workRegions.js';
import { layoutSortBoard, slotIn } from '#shared/sortLayout.js';
import type { CoverSheetOptions } from './ingest/coverSheets.js';
import type { IngestedCard, UploadedFile } from './ingest/ingest.js';
import type { IngestPool } from './ingest/pool.js';
import type { PageRegions } from './ingest/workRegion.js';

export interface ImportedCard {
  id: string;
  student: string;
  pages: string[];
  /** The upload's batch (shared/schema/batch.ts): where its names are is confirmed for all its cards at once. */
  batchId: string;
  /** On a class's board, when a cover sheet named the student. */
  studentId?: string;
}

export type { UploadStage };
export type UploadProgress = (stage: UploadStage) => void;

export interface ClassSetImporter {
  /**
   * Reads, stores and adds `files` as unsorted cards; resolves once the cards are durable and
   * sent to every connected client. `labels`, when given, name the cards in order (the demo).
   */
  importFiles(
    boardId: string,
    files: UploadedFile[],
    options: { pagesPerStudent: number; splitAtBlankPages?: boolean; labels?: string[]; progress?: UploadProgress },
  ): Promise<{ cards: ImportedCard[]; skippedBlankPages: number }>;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    classSets: ClassSetImporter;
  }
}

interface IngestPipeline {
  ingestFiles: typeof import('./ingest/ingest.js').ingestFiles;
  storePreparedPage: typeof import('./pageImages.js').storePreparedPage;
  findPageRegions: typeof import('./ingest/pageRegions.js').findPageRegions;
  pool: IngestPool;
}

export function createClassSetImporter(app: FastifyInstance): ClassSetImporter {
  // Loaded on the first upload: a server that only syncs boards never holds libvips, the file
  // type sniffer or the worker pool in memory (they are most of its idle footprint). Loading
  // blocks the main thread (sharp ~75 ms, file-type ~30 ms), so one library at a time, with live
  // sync served in between.
  let pipeline: Promise<IngestPipeline> | null = null;
  const loadPipeline = () =>
    (pipeline ??= (async () => {
      await import('sharp');
      await import('file-type');
      const { createIngestPool } = await import('./ingest/pool.js');
      const { storePreparedPage } = await import('./pageImages.js');
      const { ingestFiles } = await import('./ingest/ingest.js');
      const { findPageRegions } = await import('./ingest/pageRegions.js');
      return {
        ingestFiles,
        storePreparedPage,
        findPageRegions,
        pool: createIngestPool(app.config.ingestThreads, app.config.ingestMemoryBytes),
      };
    })());
  return {
    async importFiles(boardId, files, { pagesPerStudent, splitAtBlankPages, labels, progress }) {
      const { ingestFiles, storePreparedPage, findPageRegions, pool } = await loadPipeline();
      const { cards, skippedBlankPages } = await ingestFiles(files, {
        pagesPerStudent,
        splitAtBlankPages,
        maxPagesPerUpload: app.config.maxPagesPerUpload,
        pageRenderTimeoutMs: app.config.pageRenderTimeoutMs,
        pool,
        isStored: (assetId) => app.assets.has(boardId, assetId),
        coverSheets: await coverSheetOptions(app, boardId),
        onPageRead: (done, total) => progress?.({ phase: 'reading', done, total }),
      });
      // Everything read: now store, then make the cards that show the stored pages.
      // Where each page's name is, found now so that names are masked from the first moment the
      // cards appear (README, "Names private by default"), and where its student worked, so the
      // cards' faces show the work from the start (README, "Card faces show the work").
      const regions = new Map<string, PageRegions>();
      const total = cards.reduce((sum, card) => sum + card.pages.length, 0);
      let stored = 0;
      for (const card of cards) {
        for (const page of card.pages) {
          progress?.({ phase: 'storing', done: stored++, total });
          if (page.prepared) await storePreparedPage(app.assets, boardId, page.prepared);
          if (regions.has(page.assetId)) continue;
          const medium = page.prepared?.sizes.medium ?? (await app.assets.read(boardId, page.assetId, 'medium'));
          if (medium) regions.set(page.assetId, await findPageRegions(pool, medium));
        }
      }
      const named = labels ? cards.map((card, index) => ({ ...card, student: labels[index] ?? card.student })) : cards;
      const created = await app.rooms.withRoom(boardId, async (room) => {
        let made: ImportedCard[] = [];
        await room.change((doc) => {
          for (const [assetId, { name, work }] of regions) {
            setPageNameRegion(doc, assetId, name);
            setPageWorkRegion(doc, assetId, work);
          }
          made = addUnsortedCards(doc, named);
        });
        return made;
      });
      return { cards: created, skippedBlankPages };
    },
    async close() {
      if (pipeline) await (await pipeline).pool.close();
    },
  };
}

/**
 * Adds the cards unsorted, as a block of rows below everything on the board, so they never cover
 * a pile or cards someone is sorting; returns what the answer reports.
 */
function addUnsortedCards(doc: Y.Doc, cards: IngestedCard[]): ImportedCard[] {
  const existing = listCards(doc);
  // Stored where the board first draws them: the next free slots of the unsorted area.
  const layout = layoutSortBoard({ cards: existing, piles: listPiles(doc), unsortedArea: readBoardSettings(doc).unsortedArea });
  const firstSlot = layout.unsortedCards.length;
  // After every card there is, in upload order.
  const firstOrder = existing.reduce((max, card) => Math.max(max, card.order), 0) + 1;
  // The cards of one upload are one batch: their pages share where students wrote their names,
  // so the batch's name band is marked once for all of them (shared/schema/batch.ts).
  const batchId = newId();
  return cards.map((card, index) => {
    const position = slotIn(layout.unsorted, firstSlot + index);
    const pages = card.pages.map((page) => page.assetId);
    const id = createCard(doc, {
      student: card.student,
      pages,
      pileId: card.noWorkShown ? ensureNoWorkShownPile(doc) : null,
      x: position.x,
      y: position.y,
      order: firstOrder + index,
      batchId,
      studentId: card.studentId,
    });
    const made = { id, student: card.student, pages, batchId };
    return card.studentId ? { ...made, studentId: card.studentId } : made;
  });
}

/** On a class's board, how to know its cover sheets: codes of this class naming a student of its roster. */
async function coverSheetOptions(app: FastifyInstance, boardId: string): Promise<CoverSheetOptions | undefined> {
  const classId = await app.classStore.classOfBoard(boardId);
  if (!classId) return undefined;
  const roster = new Map((await app.classStore.listStudents(classId)).map((student) => [student.studentId, student]));
  return {
    match(text) {
      const code = parseCoverCode(text);
      const student = code?.classId === classId ? roster.get(code.studentId) : undefined;
      return student ? { studentId: student.studentId, name: student.name } : null;
    },
    readStored: (assetId) => app.assets.read(boardId, assetId, 'medium'),
  };
}
