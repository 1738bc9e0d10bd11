// Saving, opening and restoring snapshots: the steps that touch storage and the live room together.
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { newId } from '#shared/ids.js';
import { migrateBoard, NewerSchemaError } from '#shared/schema/migrations.js';
import { HttpError, notFound } from '../errors.js';
import type { SnapshotRecord } from '../storage/storage.js';
import { restoreBoard } from './restore.js';

export const MAX_SNAPSHOT_NAME = 200;

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** A snapshot as the API shows it (README, "The API"): `createdAt` as an ISO 8601 string. */
export interface SnapshotInfo {
  id: string;
  name: string;
  createdAt: string;
}

export function snapshotInfo(record: SnapshotRecord): SnapshotInfo {
  return { id: record.id, name: record.name, createdAt: new Date(record.createdAt).toISOString() };
}

/**
 * Stores a snapshot within the board's budget: at most `snapshotsPerBoard` of them, and their
 * states at most `snapshotBytesPerBoard` together (a board's document may grow to tens of MB, and
 * every snapshot is a full copy of it).
 */
async function storeSnapshot(app: FastifyInstance, boardId: string, name: string, state: Uint8Array): Promise<SnapshotInfo> {
  const { snapshotsPerBoard, snapshotBytesPerBoard } = app.config;
  const usage = await app.storage.snapshotUsage(boardId);
  if (usage.count >= snapshotsPerBoard) {
    throw new HttpError(
      409,
      'too_many_snapshots',
      `This board already has ${snapshotsPerBoard} snapshots, the most it can keep. Export the ones you need and start a new board.`,
    );
  }
  if (usage.bytes + state.byteLength > snapshotBytesPerBoard) {
    throw new HttpError(
      409,
      'snapshots_too_large',
      `This board's snapshots would take more than the ${megabytes(snapshotBytesPerBoard)} a board may keep. ` +
        'Export the ones you need and start a new board.',
    );
  }
  const record: SnapshotRecord = { id: newId(), boardId, name: name.slice(0, MAX_SNAPSHOT_NAME), createdAt: Date.now() };
  await app.storage.createSnapshot(record, state);
  return snapshotInfo(record);
}

/** Saves the live board as it is now. */
export async function saveSnapshot(app: FastifyInstance, boardId: string, name: string): Promise<SnapshotInfo> {
  const state = await app.rooms.withRoom(boardId, (room) => Y.encodeStateAsUpdate(room.doc));
  return storeSnapshot(app, boardId, name, state);
}

export async function findSnapshot(app: FastifyInstance, boardId: string, snapshotId: string) {
  const snapshot = await app.storage.getSnapshot(boardId, snapshotId);
  if (!snapshot) throw notFound('This snapshot');
  return snapshot;
}

/**
 * A scratch document holding a snapshot's state, migrated to the current schema so it reads like
 * the live board. The caller destroys it.
 */
export function snapshotDoc(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, state);
    migrateBoard(doc, 'snapshot');
  } catch (error) {
    doc.destroy();
    if (error instanceof NewerSchemaError) throw new HttpError(409, 'newer_schema', error.message);
    throw error;
  }
  return doc;
}

export interface RestoreResult {
  restored: SnapshotInfo;
  /** The board as it was just before the restore, saved so the restore itself can be undone. */
  backup: SnapshotInfo;
}

/**
 * Restores a snapshot as a new change that every participant sees live (see `restore.ts`). The
 * board as it was is first saved as a snapshot of its own, so nothing is ever lost by restoring.
 */
export async function restoreSnapshot(app: FastifyInstance, boardId: string, snapshotId: string): Promise<RestoreResult> {
  const snapshot = await findSnapshot(app, boardId, snapshotId);
  const source = snapshotDoc(snapshot.state);
  try {
    return await app.rooms.withRoom(boardId, async (room) => {
      const backup = await storeSnapshot(app, boardId, `Before restoring “${snapshot.name}”`, Y.encodeStateAsUpdate(room.doc));
      await room.change((doc) => restoreBoard(doc, source));
      return { restored: snapshotInfo(snapshot), backup };
    });
  } finally {
    source.destroy();
  }
}
