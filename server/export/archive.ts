// "Download everything" before deleting a board (issue 7): one zip holding the board's document,
// its exports, every snapshot and every stored page, so an owner can keep what the school must keep
// and then delete the board for good. Streamed: a class set's pages can be hundreds of megabytes.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import * as Y from 'yjs';
import { exportCsv } from '#shared/exportModel.js';
import { snapshotInfo } from '../snapshots/snapshots.js';
import { safeFileName } from './http.js';
import { loadExport } from './source.js';

/** What the archive holds, written into it as `README.txt` so whoever opens it years later knows. */
const ARCHIVE_README = `This archive holds everything a Worksort board stored.

board.json, board.csv      the board as it was when downloaded: piles, cards, tags, descriptions
document.yjs               the whole board document (Yjs update), with ink, notes and comments;
                           Y.applyUpdate(new Y.Doc(), bytes) reads it back
snapshots/*.json, *.csv    every saved snapshot, exported the same way
snapshots/*.yjs            every saved snapshot's document
pages/<id>.jpg             every uploaded page at full size (the ids are the ones cards name)

It contains student work and names: keep it where the school keeps student records.
`;

export interface ArchiveEntry {
  name: string;
  bytes: Uint8Array;
  /** Already-compressed images are stored as they are; text is deflated. */
  compress: boolean;
}

/**
 * The archive's entries, produced one at a time so that only one page is in memory at once.
 * Snapshots and pages come in a stable order (oldest snapshot first, pages by id).
 */
export async function* archiveEntries(app: FastifyInstance, boardId: string): AsyncGenerator<ArchiveEntry> {
  const text = (name: string, content: string): ArchiveEntry => ({ name, bytes: new TextEncoder().encode(content), compress: true });
  yield text('README.txt', ARCHIVE_README);

  const exportedAt = new Date();
  const live = await loadExport(app, boardId, 'live', { exportedAt });
  yield text('board.json', `${JSON.stringify(live.model, null, 2)}\n`);
  yield text('board.csv', exportCsv(live.model));
  const document = await app.rooms.withRoom(boardId, (room) => Y.encodeStateAsUpdate(room.doc));
  yield { name: 'document.yjs', bytes: document, compress: true };

  const snapshots = (await app.storage.listSnapshots(boardId)).reverse();
  const usedNames = new Set<string>();
  for (const record of snapshots) {
    const snapshot = await app.storage.getSnapshot(boardId, record.id);
    if (!snapshot) continue; // deleted meanwhile
    const { model } = await loadExport(app, boardId, record.id, { exportedAt });
    const base = uniqueName(usedNames, `${snapshotInfo(record).createdAt.slice(0, 10)} ${safeFileName(record.name)}`);
    yield text(`snapshots/${base}.json`, `${JSON.stringify(model, null, 2)}\n`);
    yield text(`snapshots/${base}.csv`, exportCsv(model));
    yield { name: `snapshots/${base}.yjs`, bytes: snapshot.state, compress: true };
  }

  for (const assetId of (await app.assets.list(boardId)).sort()) {
    const bytes = await app.assets.read(boardId, assetId, 'full');
    if (bytes) yield { name: `pages/${assetId}.jpg`, bytes, compress: false };
  }
}

function uniqueName(used: Set<string>, wanted: string): string {
  let name = wanted;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${wanted} (${n})`;
  used.add(name.toLowerCase());
  return name;
}

/**
 * Zips `entries` into a stream as they come. The stream waits while the client is slow to read
 * (backpressure), so a large board never piles up in the server's memory.
 */
export function zipStream(entries: AsyncIterable<ArchiveEntry>, onError: (error: unknown) => void): PassThrough {
  const out = new PassThrough();
  const zip = new Zip((error, chunk, final) => {
    if (error) {
      out.destroy(error);
      return;
    }
    out.write(chunk);
    if (final) out.end();
  });
  const drained = () => new Promise<void>((resolve) => (out.writableNeedDrain ? out.once('drain', resolve) : resolve()));
  void (async () => {
    try {
      for await (const entry of entries) {
        if (out.destroyed) return; // the client went away
        const file = entry.compress ? new ZipDeflate(entry.name, { level: 6 }) : new ZipPassThrough(entry.name);
        zip.add(file);
        file.push(entry.bytes, true);
        await drained();
      }
      zip.end();
    } catch (error) {
      onError(error);
      zip.terminate();
      out.destroy(error as Error);
    }
  })();
  return out;
}
