// Under load the rooms' writers start together at the end of a loop turn, and the SQLite storage
// commits what they append in that run of microtasks as one transaction: a commit costs more than
// its rows. Counted in the write-ahead log, where every commit ends with a commit frame. The same
// log shows how often it is copied back into the database (a checkpoint, inside a commit).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../../server/storage/sqlite.js';
import { endOfTurn } from '../../server/sync/room.js';
import { tempDataDir } from '../fixtures/server.js';

/** The write-ahead log's file: a 32-byte header, then frames of a 24-byte header and one page. */
function readLog(dataDir: string): { log: Buffer; frameBytes: number } {
  const log = fs.readFileSync(path.join(dataDir, 'worksort.sqlite-wal'));
  return { log, frameBytes: 24 + log.readUInt32BE(8) };
}

/** Commit frames in the write-ahead log since it last started over (frames with the header's salts). */
function commitsInLog(dataDir: string): number {
  const { log, frameBytes } = readLog(dataDir);
  const salts = log.subarray(16, 24);
  let commits = 0;
  for (let at = 32; at + frameBytes <= log.length; at += frameBytes) {
    if (!log.subarray(at + 8, at + 16).equals(salts)) break;
    if (log.readUInt32BE(at + 4) !== 0) commits++;
  }
  return commits;
}

const bytes = (...values: number[]) => Uint8Array.from(values);
const tokens = (id: string) => ({ owner: `${id}-owner`, editor: `${id}-editor`, viewer: `${id}-viewer` });

describe('group commit across boards', () => {
  it('appends asked for together, for several boards, are one commit; awaited one by one, one each', async () => {
    const dataDir = tempDataDir();
    const storage = createSqliteStorage(dataDir);
    try {
      for (const id of ['fractions', 'ratios', 'area']) await storage.createBoard({ id, title: id, createdAt: 1 }, tokens(id), bytes(0));
      const before = commitsInLog(dataDir);
      await Promise.all([
        storage.appendUpdates('fractions', [bytes(1)]),
        storage.appendUpdates('ratios', [bytes(2), bytes(3)]),
        storage.appendUpdates('area', [bytes(4)]),
      ]);
      expect(commitsInLog(dataDir)).toBe(before + 1);
      await storage.appendUpdates('fractions', [bytes(5)]);
      await storage.appendUpdates('ratios', [bytes(6)]);
      expect(commitsInLog(dataDir)).toBe(before + 3);
      expect(await storage.loadUpdates('ratios')).toEqual([bytes(0), bytes(2), bytes(3), bytes(6)]);
    } finally {
      await storage.close();
    }
  });

  it('the end of a turn is one promise for everyone who asks in that turn, and a new one after', async () => {
    const first = endOfTurn();
    expect(endOfTurn()).toBe(first);
    let ended = false;
    void first.then(() => (ended = true));
    await Promise.resolve();
    expect(ended).toBe(false);
    await first;
    expect(ended).toBe(true);
    expect(endOfTurn()).not.toBe(first);
  });
});

describe('the write-ahead log', () => {
  it('is copied back into the database in small steps, so no checkpoint stalls the loop for long', async () => {
    const dataDir = tempDataDir();
    const storage = createSqliteStorage(dataDir);
    try {
      await storage.createBoard({ id: 'fractions', title: 'fractions', createdAt: 1 }, tokens('fractions'), bytes(0));
      // A page's worth of update per commit: ~600 commits write well over SQLite's default of 1000 pages.
      const update = new Uint8Array(3000).fill(7);
      for (let i = 0; i < 600; i++) await storage.appendUpdates('fractions', [update]);
      // The log starts over after a checkpoint and is not truncated: its size is the most it ever held.
      const { log, frameBytes } = readLog(dataDir);
      const frames = (log.length - 32) / frameBytes;
      expect(frames).toBeGreaterThan(100);
      expect(frames).toBeLessThan(300);
      expect(await storage.loadUpdates('fractions')).toHaveLength(601);
    } finally {
      await storage.close();
    }
  });
});
