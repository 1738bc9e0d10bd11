// Embedded default storage: one SQLite file in the data folder (better-sqlite3, synchronous, so a
// write has reached the OS before the promise resolves and survives a `kill -9` of the server).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isRole, type Role } from '#shared/roles.js';
import { type BoardRecord, type BoardTokens, boardUseRecorder, type SnapshotRecord, type Storage, type TokenGrant } from './storage.js';
import {
  createTokenSecrets,
  fileTokenKey,
  openTokens,
  rotatedTokens,
  type StoredToken,
  storedTokens,
  type TokenSecrets,
} from './tokenSecrets.js';

/** A schema step: SQL, or a function for what SQL alone cannot do (hashing with the token key). */
type SchemaStep = string | ((db: Database.Database, secrets: TokenSecrets) => void);

/** Numbered schema steps; `PRAGMA user_version` records how many have run. */
const SCHEMA_STEPS: readonly SchemaStep[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE tokens (
     token TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     UNIQUE (board_id, role)
   );
   CREATE TABLE updates (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     data BLOB NOT NULL
   );
   CREATE INDEX updates_by_board ON updates (board_id, seq);`,
  // Snapshots: the encoded document state only (images stay in the asset store, shared with the
  // live board); deleting a board deletes them through the cascade.
  `CREATE TABLE snapshots (
     id TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     state BLOB NOT NULL
   );
   CREATE INDEX snapshots_by_board ON snapshots (board_id, created_at);`,
  // When a board last changed, for the optional retention period.
  `ALTER TABLE boards ADD COLUMN touched_at INTEGER NOT NULL DEFAULT 0;
   UPDATE boards SET touched_at = created_at;
   CREATE INDEX boards_by_touch ON boards (touched_at);`,
  // Tokens stored as keyed hashes (editor and viewer also sealed under the owner token): the
  // plain tokens of existing boards are converted, then their table is dropped (secure_delete
  // overwrites its pages).
  (db, secrets) => {
    db.exec(`CREATE TABLE board_tokens (
       hash TEXT PRIMARY KEY,
       board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
       role TEXT NOT NULL,
       sealed TEXT,
       UNIQUE (board_id, role)
     )`);
    const insert = db.prepare('INSERT INTO board_tokens (hash, board_id, role, sealed) VALUES (?, ?, ?, ?)');
    const rows = db.prepare<[], { token: string; board_id: string; role: string }>('SELECT token, board_id, role FROM tokens').all();
    const byBoard = new Map<string, Partial<BoardTokens>>();
    for (const row of rows) {
      if (!isRole(row.role)) continue;
      byBoard.set(row.board_id, { ...byBoard.get(row.board_id), [row.role]: row.token });
    }
    for (const [boardId, tokens] of byBoard) {
      if (!tokens.owner || !tokens.editor || !tokens.viewer) continue;
      for (const row of storedTokens(secrets, boardId, tokens as BoardTokens)) insert.run(row.hash, boardId, row.role, row.sealed);
    }
    db.exec('DROP TABLE tokens');
  },
  // Read-only share-out links for a class: the digest of each link's secret, never the secret.
  `CREATE TABLE sequence_shares (
     digest TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     sequence_id TEXT NOT NULL,
     UNIQUE (board_id, sequence_id)
   );`,
];

export function openSqliteDatabase(file: string, secrets: TokenSecrets): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // better-sqlite3's compiled addon, by its path. Given none, the package finds it with the
  // `bindings` package, which walks the call stack and the folders above it: two more packages to
  // load at every start, and a search that cannot work from the server's bundle, which holds the
  // package's JavaScript (server/build.mjs).
  const addon = createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node');
  const db = new Database(file, { nativeBinding: addon });
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a committed transaction survives the process dying (kill -9); FULL would
  // add an fsync per commit, which only matters if the whole machine loses power.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Deleted student data is overwritten, not left in free pages of the file.
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  // A page cache of 256 KiB per connection, not SQLite's 2 MiB: what a board's writes and loads
  // touch again is little, and the operating system caches the file anyway. ~1 MiB less held
  // under one classroom board, with the cold 5,000-card open no slower.
  db.pragma('cache_size = -256');
  // A commit that takes the write-ahead log past this many pages also copies the log back into the
  // database (a checkpoint: two fsyncs), on the event loop, holding up every board. The wait grows
  // with the pages copied: at SQLite's default of 1000, 8–12 ms a few times a second at 8 classroom
  // boards on an ext4 virtual disk; at 250, half as many commits over 5 ms and few over 10 ms. At
  // 100 the fsyncs' fixed cost made it worse again (test/bench/commitTimes.ts; its runs in test/bench/HISTORY.md).
  db.pragma('wal_autocheckpoint = 250');
  const done = db.pragma('user_version', { simple: true }) as number;
  for (let step = done; step < SCHEMA_STEPS.length; step++) {
    const run = SCHEMA_STEPS[step] as SchemaStep;
    db.transaction(() => {
      if (typeof run === 'string') db.exec(run);
      else run(db, secrets);
      db.pragma(`user_version = ${step + 1}`);
    })();
    // What a step removed (plain tokens) leaves the write-ahead log too.
    if (typeof run !== 'string') db.pragma('wal_checkpoint(TRUNCATE)');
  }
  return db;
}

/** `secrets` defaults to the token key file in `dataDir` (TOKEN_KEY unset). */
export function createSqliteStorage(dataDir: string, secrets: TokenSecrets = createTokenSecrets(fileTokenKey(dataDir))): Storage {
  const db = openSqliteDatabase(path.join(dataDir, 'worksort.sqlite'), secrets);

  const insertBoard = db.prepare('INSERT INTO boards (id, title, created_at, touched_at) VALUES (?, ?, ?, ?)');
  const touchBoard = db.prepare('UPDATE boards SET touched_at = ? WHERE id = ?');
  const selectUntouched = db.prepare<[number], { id: string }>('SELECT id FROM boards WHERE touched_at < ?');
  const insertToken = db.prepare('INSERT INTO board_tokens (hash, board_id, role, sealed) VALUES (?, ?, ?, ?)');
  const selectBoard = db.prepare<[string], { id: string; title: string; created_at: number }>(
    'SELECT id, title, created_at FROM boards WHERE id = ?',
  );
  const selectToken = db.prepare<[string], { board_id: string; role: string }>('SELECT board_id, role FROM board_tokens WHERE hash = ?');
  const selectTokens = db.prepare<[string], { hash: string; role: string; sealed: string | null }>(
    'SELECT hash, role, sealed FROM board_tokens WHERE board_id = ?',
  );
  const upsertToken = db.prepare(
    'INSERT INTO board_tokens (hash, board_id, role, sealed) VALUES (?, ?, ?, ?) ON CONFLICT (board_id, role) DO UPDATE SET hash = excluded.hash, sealed = excluded.sealed',
  );
  const storedOf = (boardId: string): StoredToken[] =>
    selectTokens.all(boardId).flatMap((row) => (isRole(row.role) ? [{ role: row.role, hash: row.hash, sealed: row.sealed }] : []));
  const removeBoard = db.prepare('DELETE FROM boards WHERE id = ?');
  const insertUpdate = db.prepare('INSERT INTO updates (board_id, data) VALUES (?, ?)');
  const selectUpdates = db.prepare<[string], { seq: number; data: Buffer }>(
    'SELECT seq, data FROM updates WHERE board_id = ? ORDER BY seq',
  );
  const removeUpdate = db.prepare('DELETE FROM updates WHERE seq = ?');
  const removeLog = db.prepare('DELETE FROM updates WHERE board_id = ?');
  const selectSize = db.prepare<[string], { updates: number; bytes: number | null }>(
    'SELECT count(*) AS updates, sum(length(data)) AS bytes FROM updates WHERE board_id = ?',
  );

  const insertSnapshot = db.prepare('INSERT INTO snapshots (id, board_id, name, created_at, state) VALUES (?, ?, ?, ?, ?)');
  type SnapshotRow = { id: string; board_id: string; name: string; created_at: number };
  // rowid breaks ties between snapshots saved in the same millisecond: the later one is newer.
  const selectSnapshots = db.prepare<[string], SnapshotRow>(
    'SELECT id, board_id, name, created_at FROM snapshots WHERE board_id = ? ORDER BY created_at DESC, rowid DESC',
  );
  const selectSnapshot = db.prepare<[string, string], SnapshotRow & { state: Buffer }>(
    'SELECT id, board_id, name, created_at, state FROM snapshots WHERE board_id = ? AND id = ?',
  );
  const countSnapshotRows = db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM snapshots WHERE board_id = ?');
  const upsertShare = db.prepare(
    'INSERT INTO sequence_shares (digest, board_id, sequence_id) VALUES (?, ?, ?) ON CONFLICT (board_id, sequence_id) DO UPDATE SET digest = excluded.digest',
  );
  const selectShare = db.prepare<[string], { board_id: string; sequence_id: string }>(
    'SELECT board_id, sequence_id FROM sequence_shares WHERE digest = ?',
  );
  const removeShare = db.prepare('DELETE FROM sequence_shares WHERE board_id = ? AND sequence_id = ?');
  const snapshotUsageRow = db.prepare<[string], { n: number; bytes: number }>(
    'SELECT count(*) AS n, coalesce(sum(length(state)), 0) AS bytes FROM snapshots WHERE board_id = ?',
  );
  const snapshotOf = (row: SnapshotRow): SnapshotRecord => ({
    id: row.id,
    boardId: row.board_id,
    name: row.name,
    createdAt: row.created_at,
  });

  const createBoardTx = db.transaction((board: BoardRecord, tokens: BoardTokens, initialState: Uint8Array) => {
    insertBoard.run(board.id, board.title, board.createdAt, board.createdAt);
    for (const row of storedTokens(secrets, board.id, tokens)) insertToken.run(row.hash, board.id, row.role, row.sealed);
    insertUpdate.run(board.id, initialState);
  });
  const dueUseRecord = boardUseRecorder();
  const appendTx = db.transaction((boardId: string, updates: Uint8Array[]) => {
    for (const update of updates) insertUpdate.run(boardId, update);
    const usedAt = dueUseRecord(boardId);
    if (usedAt !== null) touchBoard.run(usedAt, boardId);
  });
  /**
   * Appends asked for in one run of microtasks share one commit (group commit across boards).
   * Under load every room's writer starts at the same point of a loop turn (room.ts `endOfTurn`),
   * and a commit costs more than its rows: at 8 classroom boards that was 8 commits a turn. Each
   * board's rows are a savepoint of their own, so one board's failure (deleted meanwhile) fails
   * only its own append.
   */
  type Append = { boardId: string; updates: Uint8Array[]; resolve: () => void; reject: (error: unknown) => void };
  let appends: Append[] = [];
  /** Each append in its own savepoint; answers what each one threw (null when it was written). */
  const appendGroupTx = db.transaction((group: Append[]) =>
    group.map(({ boardId, updates }) => {
      try {
        appendTx(boardId, updates);
        return null;
      } catch (error) {
        return { error };
      }
    }),
  );
  const commitAppends = () => {
    const group = appends;
    appends = [];
    let failures: ({ error: unknown } | null)[];
    try {
      failures = appendGroupTx(group);
    } catch (error) {
      for (const append of group) append.reject(error);
      return;
    }
    group.forEach((append, i) => {
      const failure = failures[i];
      if (failure) append.reject(failure.error);
      else append.resolve();
    });
  };
  // One process owns an SQLite file, and the transaction is the lock.
  const compactTx = db.transaction((boardId: string, merge: (updates: Uint8Array[]) => Uint8Array) => {
    const rows = selectUpdates.all(boardId);
    const state = merge(rows.map((row) => new Uint8Array(row.data)));
    for (const row of rows) removeUpdate.run(row.seq);
    insertUpdate.run(boardId, state);
  });
  const replaceLogTx = db.transaction((boardId: string, state: Uint8Array) => {
    removeLog.run(boardId);
    insertUpdate.run(boardId, state);
  });
  const deleteTx = db.transaction((boardId: string) => removeBoard.run(boardId).changes > 0);
  const rotateTx = db.transaction((boardId: string, role: Role, token: string, ownerToken: string) => {
    const rows = rotatedTokens(secrets, boardId, storedOf(boardId), ownerToken, role, token);
    if (!rows) return false;
    for (const row of rows) upsertToken.run(row.hash, boardId, row.role, row.sealed);
    return true;
  });

  return {
    async createBoard(board, tokens, initialState) {
      createBoardTx(board, tokens, initialState);
    },
    async getBoard(boardId) {
      const row = selectBoard.get(boardId);
      return row ? { id: row.id, title: row.title, createdAt: row.created_at } : null;
    },
    async findToken(token): Promise<TokenGrant | null> {
      const row = selectToken.get(secrets.hash(token));
      return row && isRole(row.role) ? { boardId: row.board_id, role: row.role } : null;
    },
    async getTokens(boardId, ownerToken) {
      return openTokens(secrets, boardId, storedOf(boardId), ownerToken);
    },
    async setToken(boardId, role, token, ownerToken) {
      return rotateTx(boardId, role, token, ownerToken);
    },
    async deleteBoard(boardId) {
      const deleted = deleteTx(boardId);
      // Move deleted pages out of the write-ahead log too, so no student data lingers there.
      db.pragma('wal_checkpoint(TRUNCATE)');
      return deleted;
    },
    appendUpdates(boardId, updates) {
      return new Promise<void>((resolve, reject) => {
        if (appends.length === 0) queueMicrotask(commitAppends);
        appends.push({ boardId, updates, resolve, reject });
      });
    },
    async loadUpdates(boardId) {
      return selectUpdates.all(boardId).map((row) => new Uint8Array(row.data));
    },
    async compact(boardId, merge) {
      compactTx(boardId, merge);
    },
    async replaceLog(boardId, state) {
      replaceLogTx(boardId, state);
    },
    async touchBoard(boardId, at) {
      touchBoard.run(at, boardId);
    },
    async boardsUntouchedSince(before) {
      return selectUntouched.all(before).map((row) => row.id);
    },
    async documentSize(boardId) {
      const row = selectSize.get(boardId);
      return { updates: row?.updates ?? 0, bytes: row?.bytes ?? 0 };
    },
    async createSnapshot(snapshot, state) {
      insertSnapshot.run(snapshot.id, snapshot.boardId, snapshot.name, snapshot.createdAt, state);
    },
    async listSnapshots(boardId) {
      return selectSnapshots.all(boardId).map(snapshotOf);
    },
    async getSnapshot(boardId, snapshotId) {
      const row = selectSnapshot.get(boardId, snapshotId);
      return row ? { ...snapshotOf(row), state: new Uint8Array(row.state) } : null;
    },
    async countSnapshots(boardId) {
      return countSnapshotRows.get(boardId)?.n ?? 0;
    },
    async setSequenceShare(share, digest) {
      upsertShare.run(digest, share.boardId, share.sequenceId);
    },
    async findSequenceShare(digest) {
      const row = selectShare.get(digest);
      return row ? { boardId: row.board_id, sequenceId: row.sequence_id } : null;
    },
    async deleteSequenceShare(share) {
      return removeShare.run(share.boardId, share.sequenceId).changes > 0;
    },
    async snapshotUsage(boardId) {
      const row = snapshotUsageRow.get(boardId);
      return { count: row?.n ?? 0, bytes: row?.bytes ?? 0 };
    },
    async close() {
      db.close();
    },
  };
}
