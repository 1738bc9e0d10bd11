// Storage for deployments of several server processes: PostgreSQL holds boards, tokens, update
// logs, snapshots and page images, so every process reads the same data and deleting a board is
// one transaction. Schema migrations run on start under an advisory lock, so processes starting
// together migrate once.
import pg from 'pg';
import { isRole, type Role } from '../../shared/roles.js';
import type { AssetSize, AssetStore } from '../assets/assetStore.js';
import { type BoardTokens, type SnapshotRecord, StartupError, type Storage } from './storage.js';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE boards (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE TABLE tokens (
     token TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     UNIQUE (board_id, role)
   );
   CREATE TABLE updates (
     seq BIGSERIAL PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     data BYTEA NOT NULL
   );
   CREATE INDEX updates_by_board ON updates (board_id, seq);
   CREATE TABLE snapshots (
     seq BIGSERIAL,
     id TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     name TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     state BYTEA NOT NULL
   );
   CREATE INDEX snapshots_by_board ON snapshots (board_id, created_at);
   CREATE TABLE assets (
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     asset_id TEXT NOT NULL,
     size TEXT NOT NULL,
     data BYTEA NOT NULL,
     PRIMARY KEY (board_id, asset_id, size)
   );`,
  // When a board last changed, for the optional retention period.
  `ALTER TABLE boards ADD COLUMN touched_at BIGINT NOT NULL DEFAULT 0;
   UPDATE boards SET touched_at = created_at;
   CREATE INDEX boards_by_touch ON boards (touched_at);`,
];

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Connects (retrying briefly, as containers start together) and brings the schema up to date. */
export async function openPostgres(url: string, schema: string, { attempts = 6 } = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${quoteIdent(schema)}` });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await migrate(pool, schema);
      return pool;
    } catch (error) {
      lastError = error;
      if (!isConnectionError(error) || attempt === attempts) break;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
  await pool.end().catch(() => {});
  const where = safeLocation(url);
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new StartupError(`cannot use PostgreSQL at ${where}: ${reason}. Check DATABASE_URL and that the database is running.`);
}

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P03'].includes(code);
}

/** host:port/database of a URL, never its password. */
function safeLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return '(an unreadable DATABASE_URL)';
  }
}

async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    // The lock comes first: even CREATE SCHEMA IF NOT EXISTS races between processes.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`worksort-migrate:${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
      const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
      for (let version = rows[0]?.version ?? 0; version < MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        await client.query(MIGRATIONS[version] as string);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
        await client.query('COMMIT');
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`worksort-migrate:${schema}`]);
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const bytes = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

export function createPostgresStorage(pool: pg.Pool): Storage {
  type SnapshotRow = { id: string; board_id: string; name: string; created_at: string };
  const snapshotOf = (row: SnapshotRow): SnapshotRecord => ({
    id: row.id,
    boardId: row.board_id,
    name: row.name,
    createdAt: Number(row.created_at),
  });

  return {
    async createBoard(board, tokens, initialState) {
      await transaction(pool, async (client) => {
        await client.query('INSERT INTO boards (id, title, created_at, touched_at) VALUES ($1, $2, $3, $3)', [
          board.id,
          board.title,
          board.createdAt,
        ]);
        for (const [role, token] of Object.entries(tokens)) {
          await client.query('INSERT INTO tokens (token, board_id, role) VALUES ($1, $2, $3)', [token, board.id, role]);
        }
        await client.query('INSERT INTO updates (board_id, data) VALUES ($1, $2)', [board.id, Buffer.from(initialState)]);
      });
    },
    async getBoard(boardId) {
      const { rows } = await pool.query<{ id: string; title: string; created_at: string }>(
        'SELECT id, title, created_at FROM boards WHERE id = $1',
        [boardId],
      );
      const row = rows[0];
      return row ? { id: row.id, title: row.title, createdAt: Number(row.created_at) } : null;
    },
    async findToken(token) {
      const { rows } = await pool.query<{ board_id: string; role: string }>('SELECT board_id, role FROM tokens WHERE token = $1', [token]);
      const row = rows[0];
      return row && isRole(row.role) ? { boardId: row.board_id, role: row.role } : null;
    },
    async getTokens(boardId) {
      const { rows } = await pool.query<{ token: string; role: string }>('SELECT token, role FROM tokens WHERE board_id = $1', [boardId]);
      if (rows.length === 0) return null;
      const tokens: Partial<Record<Role, string>> = {};
      for (const row of rows) if (isRole(row.role)) tokens[row.role] = row.token;
      return tokens as BoardTokens;
    },
    async setToken(boardId, role, token) {
      await pool.query(
        'INSERT INTO tokens (token, board_id, role) VALUES ($1, $2, $3) ON CONFLICT (board_id, role) DO UPDATE SET token = excluded.token',
        [token, boardId, role],
      );
    },
    async deleteBoard(boardId) {
      const result = await pool.query('DELETE FROM boards WHERE id = $1', [boardId]);
      return (result.rowCount ?? 0) > 0;
    },
    async appendUpdates(boardId, updates) {
      if (updates.length === 0) return;
      // One statement, one transaction: the whole batch is durable or none of it is.
      await pool.query('INSERT INTO updates (board_id, data) SELECT $1, unnest($2::bytea[])', [
        boardId,
        updates.map((u) => Buffer.from(u)),
      ]);
    },
    async loadUpdates(boardId) {
      const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM updates WHERE board_id = $1 ORDER BY seq', [boardId]);
      return rows.map((row) => bytes(row.data));
    },
    async compact(boardId, merge) {
      await transaction(pool, async (client) => {
        // Two processes never compact one board at once; appends by others carry on meanwhile.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`worksort-compact:${boardId}`]);
        const { rows } = await client.query<{ seq: string; data: Buffer }>(
          'SELECT seq, data FROM updates WHERE board_id = $1 ORDER BY seq',
          [boardId],
        );
        const state = merge(rows.map((row) => bytes(row.data)));
        // Exactly the rows read: a row another process committed after our read is kept.
        await client.query('DELETE FROM updates WHERE seq = ANY($1::bigint[])', [rows.map((row) => row.seq)]);
        await client.query('INSERT INTO updates (board_id, data) VALUES ($1, $2)', [boardId, Buffer.from(state)]);
      });
    },
    async touchBoard(boardId, at) {
      await pool.query('UPDATE boards SET touched_at = $2 WHERE id = $1', [boardId, at]);
    },
    async boardsUntouchedSince(before) {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM boards WHERE touched_at < $1', [before]);
      return rows.map((row) => row.id);
    },
    async documentSize(boardId) {
      const { rows } = await pool.query<{ updates: string; bytes: string | null }>(
        'SELECT count(*) AS updates, sum(length(data)) AS bytes FROM updates WHERE board_id = $1',
        [boardId],
      );
      return { updates: Number(rows[0]?.updates ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
    },
    async createSnapshot(snapshot, state) {
      await pool.query('INSERT INTO snapshots (id, board_id, name, created_at, state) VALUES ($1, $2, $3, $4, $5)', [
        snapshot.id,
        snapshot.boardId,
        snapshot.name,
        snapshot.createdAt,
        Buffer.from(state),
      ]);
    },
    async listSnapshots(boardId) {
      const { rows } = await pool.query<SnapshotRow>(
        'SELECT id, board_id, name, created_at FROM snapshots WHERE board_id = $1 ORDER BY created_at DESC, seq DESC',
        [boardId],
      );
      return rows.map(snapshotOf);
    },
    async getSnapshot(boardId, snapshotId) {
      const { rows } = await pool.query<SnapshotRow & { state: Buffer }>(
        'SELECT id, board_id, name, created_at, state FROM snapshots WHERE board_id = $1 AND id = $2',
        [boardId, snapshotId],
      );
      const row = rows[0];
      return row ? { ...snapshotOf(row), state: bytes(row.state) } : null;
    },
    async countSnapshots(boardId) {
      const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM snapshots WHERE board_id = $1', [boardId]);
      return Number(rows[0]?.n ?? 0);
    },
    async snapshotUsage(boardId) {
      const { rows } = await pool.query<{ n: string; bytes: string }>(
        'SELECT count(*) AS n, coalesce(sum(octet_length(state)), 0) AS bytes FROM snapshots WHERE board_id = $1',
        [boardId],
      );
      return { count: Number(rows[0]?.n ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
    },
    async close() {
      await pool.end();
    },
  };
}

/** Page images in PostgreSQL: every process reads them, and they go with their board's row. */
export function createPostgresAssetStore(pool: pg.Pool): AssetStore {
  return {
    async put(boardId, assetId, size, data) {
      await pool.query(
        'INSERT INTO assets (board_id, asset_id, size, data) VALUES ($1, $2, $3, $4) ON CONFLICT (board_id, asset_id, size) DO NOTHING',
        [boardId, assetId, size, data],
      );
    },
    async has(boardId, assetId) {
      const { rowCount } = await pool.query("SELECT 1 FROM assets WHERE board_id = $1 AND asset_id = $2 AND size = 'full'", [
        boardId,
        assetId,
      ]);
      return (rowCount ?? 0) > 0;
    },
    async read(boardId, assetId, size: AssetSize) {
      const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM assets WHERE board_id = $1 AND asset_id = $2 AND size = $3', [
        boardId,
        assetId,
        size,
      ]);
      return rows[0]?.data ?? null;
    },
    async list(boardId) {
      const { rows } = await pool.query<{ asset_id: string }>("SELECT asset_id FROM assets WHERE board_id = $1 AND size = 'full'", [
        boardId,
      ]);
      return rows.map((row) => row.asset_id);
    },
    async deleteBoard(boardId) {
      // Normally already gone with the board row (ON DELETE CASCADE); this covers orphans.
      await pool.query('DELETE FROM assets WHERE board_id = $1', [boardId]);
    },
  };
}
