// What an export is computed from: the board's live document (loaded from storage if nobody is
// connected) or one of its snapshots, read through the schema accessors into the export model.
import type { FastifyInstance } from 'fastify';
import { type ExportModel, exportModelOfDoc } from '../../shared/exportModel.js';
import { notFound } from '../errors.js';
import { findSnapshot, snapshotDoc, snapshotInfo } from '../snapshots/snapshots.js';

/** `live` for the board as it is, else a snapshot id. */
export type SortSource = 'live' | (string & {});

export interface LoadedExport {
  model: ExportModel;
  /** Names of the people connected right now (live exports only; empty when unknown). */
  participants: string[];
}

export async function loadExport(
  app: FastifyInstance,
  boardId: string,
  source: SortSource,
  options: { hideNames?: boolean; exportedAt?: Date } = {},
): Promise<LoadedExport> {
  const board = await app.storage.getBoard(boardId);
  if (!board) throw notFound('This board');
  const info = {
    boardId,
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
    hideNames: options.hideNames,
    fallbackTitle: board.title,
  };
  if (source === 'live') {
    return app.rooms.withRoom(boardId, (room) => ({
      model: exportModelOfDoc(room.doc, info),
      participants: participantNames(room.awareness.getStates()),
    }));
  }
  const snapshot = await findSnapshot(app, boardId, source);
  const doc = snapshotDoc(snapshot.state);
  try {
    return { model: exportModelOfDoc(doc, { ...info, snapshot: snapshotInfo(snapshot) }), participants: [] };
  } finally {
    doc.destroy();
  }
}

/** Display names from awareness states (`{ user: { name } }`, CONTRACT.md), tolerating anything else. */
function participantNames(states: Map<number, Record<string, unknown>>): string[] {
  const names = new Set<string>();
  for (const state of states.values()) {
    const user = state.user as { name?: unknown } | undefined;
    if (typeof user?.name === 'string' && user.name.trim()) names.add(user.name.trim().slice(0, 80));
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}
