// The sorts a student's history is read from: every snapshot's export model, decoded once and
// kept (snapshots never change), with the main thread handed back between decodes so live
// editing carries on while a long history is read. Bounded by count, least recently used first.
import type { FastifyInstance } from 'fastify';
import type { ExportModel } from '#shared/exportModel.js';
import { loadExport } from './source.js';

/** Two boards' full histories (SNAPSHOTS_PER_BOARD) and then some; a 500-card model is ~150 KB. */
const KEPT_MODELS = 256;

export interface SnapshotModels {
  /** The export model of each snapshot, in order; decoded ones kept, the rest decoded one per turn of the event loop. */
  load(boardId: string, snapshotIds: readonly string[]): Promise<ExportModel[]>;
  readonly kept: number;
}

export function createSnapshotModels(app: FastifyInstance, limit = KEPT_MODELS): SnapshotModels {
  const kept = new Map<string, ExportModel>();
  return {
    get kept() {
      return kept.size;
    },
    async load(boardId, snapshotIds) {
      const models: ExportModel[] = [];
      for (const snapshotId of snapshotIds) {
        const key = `${boardId}/${snapshotId}`;
        let model = kept.get(key);
        if (model) kept.delete(key);
        else {
          // Decoding a snapshot blocks the main thread ~10–50 ms: one per turn, live sync in between.
          await new Promise((resolve) => setImmediate(resolve));
          model = (await loadExport(app, boardId, snapshotId)).model;
        }
        kept.set(key, model);
        if (kept.size > limit) kept.delete(kept.keys().next().value as string);
        models.push(model);
      }
      return models;
    },
  };
}
