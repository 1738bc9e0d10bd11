// One contract, two engines: everything the server relies on from storage behaves the same on
// the embedded SQLite and on PostgreSQL.
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type AssetStore, createFileAssetStore } from '../../server/assets/assetStore.js';
import {
  createPostgresAssetStore,
  createPostgresStorage,
  openPostgres,
  POSTGRES_SCHEMA_VERSION,
  postgresTokenSecrets,
} from '../../server/storage/postgres.js';
import { createSqliteStorage } from '../../server/storage/sqlite.js';
import type { Storage } from '../../server/storage/storage.js';
import { tempDataDir, waitFor } from '../fixtures/server.js';
import { dropSchema, isolatedNames, POSTGRES_URL, scaleOutServicesAvailable } from '../fixtures/services.js';

const servicesUp = await scaleOutServicesAvailable();
const { schema } = isolatedNames();

interface Engine {
  name: string;
  available: boolean;
  open(): Promise<{ storage: Storage; assets: AssetStore }>;
}

const engines: Engine[] = [
  {
    name: 'SQLite',
    available: true,
    async open() {
      const dataDir = tempDataDir();
      return { storage: createSqliteStorage(dataDir), assets: createFileAssetStore(dataDir) };
    },
  },
  {
    name: 'PostgreSQL',
    available: servicesUp,
    async open() {
      const pool = await openPostgres(POSTGRES_URL, schema);
      return { storage: createPostgresStorage(pool, await postgresTokenSecrets(pool)), assets: createPostgresAssetStore(pool) };
    },
  },
];

afterAll(async () => {
  if (servicesUp) await dropSchema(schema);
});

const bytes = (...values: number[]) => Uint8Array.from(values);
const tokens = (id: string) => ({ owner: `${id}-owner`, editor: `${id}-editor`, viewer: `${id}-viewer` });

for (const engine of engines) {
  describe.skipIf(!engine.available)(`storage contract on ${engine.name}`, () => {
    it('changing a board records its use (for the retention period), at most once a minute', async () => {
      const { storage } = await engine.open();
      try {
        await storage.createBoard({ id: 'used', title: 'Ratios', createdAt: 1000 }, tokens('used'), bytes(1));
        await storage.touchBoard('used', 0);
        const recently = Date.now() - 1000;
        expect(await storage.boardsUntouchedSince(recently)).toContain('used');
        await storage.appendUpdates('used', [bytes(2)]);
        expect(await storage.boardsUntouchedSince(recently)).not.toContain('used');
        // Within the minute, further changes write their rows only.
        await storage.touchBoard('used', 0);
        await storage.appendUpdates('used', [bytes(3)]);
        expect(await storage.boardsUntouchedSince(recently)).toContain('used');
      } finally {
        await storage.close();
      }
    });

    it('boards and tokens: create, find, rotate, delete', async () => {
      const { storage } = await engine.open();
      try {
        await storage.createBoard({ id: 'board1', title: 'Fractions', createdAt: 1000 }, tokens('b1'), bytes(1));
        expect(await storage.getBoard('board1')).toEqual({ id: 'board1', title: 'Fractions', createdAt: 1000 });
        expect(await storage.findToken('b1-editor')).toEqual({ boardId: 'board1', role: 'editor' });
        expect(await storage.findToken('nope')).toBeNull();
        // Only the owner token opens the links, and only it may change them.
        expect(await storage.getTokens('board1', 'b1-editor')).toBeNull();
        expect(await storage.setToken('board1', 'viewer', 'stolen', 'b1-editor')).toBe(false);
        expect(await storage.setToken('board1', 'viewer', 'b1-viewer-2', 'b1-owner')).toBe(true);
        expect(await storage.findToken('b1-viewer')).toBeNull();
        expect(await storage.getTokens('board1', 'b1-owner')).toEqual({ owner: 'b1-owner', editor: 'b1-editor', viewer: 'b1-viewer-2' });
        // A new owner token re-seals the other links under itself; the old one opens nothing.
        expect(await storage.setToken('board1', 'owner', 'b1-owner-2', 'b1-owner')).toBe(true);
        expect(await storage.findToken('b1-owner')).toBeNull();
        expect(await storage.findToken('b1-owner-2')).toEqual({ boardId: 'board1', role: 'owner' });
        expect(await storage.getTokens('board1', 'b1-owner')).toBeNull();
        expect(await storage.getTokens('board1', 'b1-owner-2')).toEqual({
          owner: 'b1-owner-2',
          editor: 'b1-editor',
          viewer: 'b1-viewer-2',
        });
        expect(await storage.deleteBoard('board1')).toBe(true);
        expect(await storage.deleteBoard('board1')).toBe(false);
        expect(await storage.findToken('b1-owner-2')).toBeNull();
        expect(await storage.loadUpdates('board1')).toEqual([]);
      } finally {
        await storage.close();
      }
    });

    it('updates: appended in order, compacted to exactly the rows read', async () => {
      const { storage } = await engine.open();
      try {
        await storage.createBoard({ id: 'board2', title: 'T', createdAt: 1 }, tokens('b2'), bytes(0));
        await storage.appendUpdates('board2', [bytes(1), bytes(2)]);
        await storage.appendUpdates('board2', [bytes(3)]);
        expect(await storage.loadUpdates('board2')).toEqual([bytes(0), bytes(1), bytes(2), bytes(3)]);
        let seen: Uint8Array[] = [];
        await storage.compact('board2', (updates) => {
          seen = updates;
          return bytes(9, 9);
        });
        expect(seen).toHaveLength(4);
        expect(await storage.loadUpdates('board2')).toEqual([bytes(9, 9)]);
        expect(await storage.documentSize('board2')).toEqual({ updates: 1, bytes: 2 });
      } finally {
        await storage.close();
      }
    });

    it('updates: appends made at the same time are each stored; one to a deleted board fails alone', async () => {
      const { storage } = await engine.open();
      try {
        await storage.createBoard({ id: 'together1', title: 'T', createdAt: 1 }, tokens('t1'), bytes(0));
        await storage.createBoard({ id: 'together2', title: 'T', createdAt: 1 }, tokens('t2'), bytes(5));
        await storage.createBoard({ id: 'together3', title: 'T', createdAt: 1 }, tokens('t3'), bytes(7));
        await storage.deleteBoard('together3');
        const outcomes = await Promise.allSettled([
          storage.appendUpdates('together1', [bytes(1)]),
          storage.appendUpdates('together3', [bytes(8)]),
          storage.appendUpdates('together2', [bytes(6), bytes(6)]),
        ]);
        expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await storage.loadUpdates('together1')).toEqual([bytes(0), bytes(1)]);
        expect(await storage.loadUpdates('together2')).toEqual([bytes(5), bytes(6), bytes(6)]);
        expect(await storage.loadUpdates('together3')).toEqual([]);
      } finally {
        await storage.close();
      }
    });

    // Only storage that one process owns offers it (the room then compacts without reading back).
    it.skipIf(engine.name !== 'SQLite')("updates: a board's whole log replaced by one state, other boards' kept", async () => {
      const { storage } = await engine.open();
      try {
        await storage.createBoard({ id: 'board3', title: 'T', createdAt: 1 }, tokens('b3'), bytes(0));
        await storage.createBoard({ id: 'board4', title: 'T', createdAt: 1 }, tokens('b4'), bytes(5));
        await storage.appendUpdates('board3', [bytes(1), bytes(2)]);
        await storage.appendUpdates('board4', [bytes(6)]);
        await storage.replaceLog?.('board3', bytes(9, 9, 9));
        expect(await storage.loadUpdates('board3')).toEqual([bytes(9, 9, 9)]);
        expect(await storage.documentSize('board3')).toEqual({ updates: 1, bytes: 3 });
        expect(await storage.loadUpdates('board4')).toEqual([bytes(5), bytes(6)]);
      } finally {
        await storage.close();
      }
    });

    it('snapshots: stored, listed newest first, scoped to their board, deleted with it', async () => {
      const { storage } = await engine.open();
      try {
        await storage.createBoard({ id: 'board3', title: 'T', createdAt: 1 }, tokens('b3'), bytes(0));
        await storage.createSnapshot({ id: 's1', boardId: 'board3', name: 'after first sort', createdAt: 100 }, bytes(1));
        await storage.createSnapshot({ id: 's2', boardId: 'board3', name: 'final', createdAt: 200 }, bytes(2));
        expect((await storage.listSnapshots('board3')).map((s) => s.name)).toEqual(['final', 'after first sort']);
        expect((await storage.getSnapshot('board3', 's1'))?.state).toEqual(bytes(1));
        expect(await storage.getSnapshot('other', 's1')).toBeNull();
        await storage.deleteBoard('board3');
        expect(await storage.listSnapshots('board3')).toEqual([]);
      } finally {
        await storage.close();
      }
    });

    it('page images: stored once, read by size, listed, gone with their board', async () => {
      const { storage, assets } = await engine.open();
      try {
        const boardId = 'board4abcd';
        await storage.createBoard({ id: boardId, title: 'T', createdAt: 1 }, tokens('b4'), bytes(0));
        const assetId = 'a'.repeat(32);
        expect(await assets.has(boardId, assetId)).toBe(false);
        expect(await assets.list(boardId)).toEqual([]);
        // A page whose full size is not written yet is not listed: only complete pages are.
        await assets.put(boardId, 'b'.repeat(32), 'thumb', Buffer.from('thumb only'));
        await assets.put(boardId, assetId, 'thumb', Buffer.from('thumb'));
        await assets.put(boardId, assetId, 'full', Buffer.from('full'));
        expect(await assets.has(boardId, assetId)).toBe(true);
        expect((await assets.read(boardId, assetId, 'thumb'))?.toString()).toBe('thumb');
        expect(await assets.read(boardId, assetId, 'medium')).toBeNull();
        expect(await assets.list(boardId)).toEqual([assetId]);
        await storage.deleteBoard(boardId);
        await assets.deleteBoard(boardId);
        expect(await assets.read(boardId, assetId, 'full')).toBeNull();
        expect(await assets.list(boardId)).toEqual([]);
      } finally {
        await storage.close();
      }
    });

    it('share-out links: one per sequence, found by digest, revoked, gone with the board', async () => {
      const { storage } = await engine.open();
      try {
        await storage.createBoard({ id: 'shares1', title: 'Share', createdAt: 1 }, tokens('s1'), bytes(1));
        const share = { boardId: 'shares1', sequenceId: 'seq1' };
        await storage.setSequenceShare(share, 'digest-1');
        expect(await storage.findSequenceShare('digest-1')).toEqual(share);
        // A new link replaces the old one: the old digest finds nothing.
        await storage.setSequenceShare(share, 'digest-2');
        expect(await storage.findSequenceShare('digest-1')).toBeNull();
        expect(await storage.findSequenceShare('digest-2')).toEqual(share);
        expect(await storage.deleteSequenceShare(share)).toBe(true);
        expect(await storage.deleteSequenceShare(share)).toBe(false);
        expect(await storage.findSequenceShare('digest-2')).toBeNull();
        await storage.setSequenceShare(share, 'digest-3');
        await storage.deleteBoard('shares1');
        expect(await storage.findSequenceShare('digest-3')).toBeNull();
      } finally {
        await storage.close();
      }
    });
  });
}

describe.skipIf(!servicesUp)('PostgreSQL compaction across processes', () => {
  it('a compaction waits while another process compacts the same board, then folds in exactly what is there', async () => {
    const [poolA, poolB] = await Promise.all([openPostgres(POSTGRES_URL, schema), openPostgres(POSTGRES_URL, schema)]);
    const storageOf = async (pool: pg.Pool) => createPostgresStorage(pool, await postgresTokenSecrets(pool));
    const [a, b] = await Promise.all([storageOf(poolA), storageOf(poolB)]);
    const holder = await poolA.connect();
    try {
      await a.createBoard({ id: 'compact1', title: 'T', createdAt: 1 }, tokens('c1'), bytes(0));
      await a.appendUpdates('compact1', [bytes(1), bytes(2)]);
      // Process A is in the middle of compacting board compact1: it holds the board's compaction lock.
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['worksort-compact:compact1']);
      // Sessions waiting for this board's compaction lock (an advisory lock's key is split over
      // classid and objid; the low half is enough to tell it from others' locks on this server).
      const waitingNow = async () => {
        const { rows } = await poolA.query<{ waiting: string }>(
          `SELECT count(*) AS waiting FROM pg_locks
            WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND objid::text::bigint = (hashtext($1)::bigint & 4294967295)`,
          ['worksort-compact:compact1'],
        );
        return Number(rows[0]?.waiting ?? 0);
      };
      expect(await waitingNow()).toBe(0);

      // Process B starts compacting the same board: it waits on that lock (seen in pg_locks), and
      // has not read the log yet; appends go on meanwhile.
      let merged: Uint8Array[] | null = null;
      const compacting = b.compact('compact1', (updates) => {
        merged = updates;
        return bytes(9, 9);
      });
      await waitFor(async () => (await waitingNow()) === 1, 'process B waits on the compaction lock');
      expect(merged).toBeNull();
      await a.appendUpdates('compact1', [bytes(3)]);

      await holder.query('COMMIT');
      await compacting;
      expect(merged).toEqual([bytes(0), bytes(1), bytes(2), bytes(3)]);
      expect(await a.loadUpdates('compact1')).toEqual([bytes(9, 9)]);
    } finally {
      holder.release();
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe.skipIf(!servicesUp)('PostgreSQL start-up', () => {
  it('processes starting together migrate the schema once', async () => {
    const { schema: shared } = isolatedNames();
    try {
      const pools = await Promise.all([1, 2, 3].map(() => openPostgres(POSTGRES_URL, shared)));
      const { rows } = await (pools[0] as pg.Pool).query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((row) => row.version)).toEqual(Array.from({ length: POSTGRES_SCHEMA_VERSION }, (_, i) => i + 1));
      // Every process hashes tokens under the one key the first of them generated.
      const hashes = await Promise.all(pools.map(async (pool) => (await postgresTokenSecrets(pool)).hash('a token')));
      expect(new Set(hashes).size).toBe(1);
      await Promise.all(pools.map((pool) => pool.end()));
    } finally {
      await dropSchema(shared);
    }
  });

  it('an unreachable PostgreSQL is a clear error, not a stack trace', async () => {
    await expect(openPostgres('postgres://nobody:secret@127.0.0.1:1/none', 'public', { attempts: 2 })).rejects.toThrow(
      /cannot use PostgreSQL at 127\.0\.0\.1:1\/none: .*Check DATABASE_URL/,
    );
  });
});
