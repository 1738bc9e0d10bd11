// Storage for deployments of several server processes: PostgreSQL holds boards, tokens, update
// logs, snapshots and page images, so every process reads the same data and deleting a board is
// one transaction. Schema migrations run on start under an advisory lock, so processes starting
// together migrate once.
import crypto from 'node:crypto';
import pg from 'pg';
import { isRole } from '#shared/roles.js';
import type { AssetSize, AssetStore } from '../assets/assetStore.js';
import { type BoardTokens, boardUseRecorder, type SnapshotRecord, StartupError, type Storage } from './storage.js';
import {
  createTokenSecrets,
  openTokens,
  rotatedTokens,
  type StoredToken,
  storedTokens,
  TOKEN_KEY_BYTES,
  type TokenSecrets,
} from './tokenSecrets.js';

/** A migration: SQL, or a function for what SQL alone cannot do (hashing with the token key). */
type Migration = string | ((client: pg.PoolClient, configuredKey: Buffer | null) => Promise<void>);

const MIGRATIONS: readonly Migration[] = [
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
  // Tokens stored as keyed hashes (editor and viewer also sealed under the owner token): the
  // plain tokens of existing boards are converted and their table dropped (its files go with it).
  async (client, configuredKey) => {
    await client.query(`CREATE TABLE token_key (id INTEGER PRIMARY KEY CHECK (id = 1), key TEXT NOT NULL);
      CREATE TABLE board_tokens (
        hash TEXT PRIMARY KEY,
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        sealed TEXT,
        UNIQUE (board_id, role)
      )`);
    const secrets = createTokenSecrets(await tokenKey(client, configuredKey));
    const { rows } = await client.query<{ token: string; board_id: string; role: string }>('SELECT token, board_id, role FROM tokens');
    const byBoard = new Map<string, Partial<BoardTokens>>();
    for (const row of rows) {
      if (isRole(row.role)) byBoard.set(row.board_id, { ...byBoard.get(row.board_id), [row.role]: row.token });
    }
    for (const [boardId, tokens] of byBoard) {
      if (!tokens.owner || !tokens.editor || !tokens.viewer) continue;
      for (const row of storedTokens(secrets, boardId, tokens as BoardTokens)) {
        await client.query('INSERT INTO board_tokens (hash, board_id, role, sealed) VALUES ($1, $2, $3, $4)', [
          row.hash,
          boardId,
          row.role,
          row.sealed,
        ]);
      }
    }
    await client.query('DROP TABLE tokens');
  },
  // Read-only share-out links for a class: the digest of each link's secret, never the secret.
  `CREATE TABLE sequence_shares (
     digest TEXT PRIMARY KEY,
     board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
     sequence_id TEXT NOT NULL,
     UNIQUE (board_id, sequence_id)
   );`,
];

/** How many migrations a current database has run. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * The token key: TOKEN_KEY when the operator sets one (then a database backup alone cannot even
 * check a guessed token), else one generated once and kept in the database for every process.
 */
async function tokenKey(client: pg.Pool | pg.PoolClient, configured: Buffer | null): Promise<Buffer> {
  if (configured) return configured;
  await client.query('INSERT INTO token_key (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [
    crypto.randomBytes(TOKEN_KEY_BYTES).toString('base64url'),
  ]);
  const { rows } = await client.query<{ key: string }>('SELECT key FROM token_key WHERE id = 1');
  return Buffer.from(rows[0]?.key ?? '', 'utf8');
}

/** The token hashing of a migrated database (see `tokenKey`). */
export async function postgresTokenSecrets(pool: pg.Pool, configuredKey: Buffer | null = null): Promise<TokenSecrets> {
  return createTokenSecrets(await tokenKey(pool, configuredKey));
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Connects (retrying briefly, as containers start together) and brings the schema up to date. */
export async function openPostgres(url: string, schema: string, { attempts = 6, tokenKey = null as Buffer | null } = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${quoteIdent(schema)}` });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await migrate(pool, schema, tokenKey);
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

async function migrate(pool: pg.Pool, schema: string, configuredKey: Buffer | null): Promise<void> {
  const client = await pool.connect();
  try {
    // The lock comes first: even CREATE SCHEMA IF NOT EXISTS races between processes.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`worksort-migrate:${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
      const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
      for (let version = rows[0]?.version ?? 0; version < MIGRATIONS.length; version++) {
        const step = MIGRATIONS[version] as Migration;
        await client.query('BEGIN');
        if (typeof step === 'string') await client.query(step);
        else await step(client, configuredKey);
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

async function storedOf(client: pg.Pool | pg.PoolClient, boardId: string): Promise<StoredToken[]> {
  const { rows } = await client.query<{ hash: string; role: string; sealed: string | null }>(
    'SELECT hash, role, sealed FROM board_tokens WHERE board_id = $1',
    [boardId],
  );
  return rows.flatMap((row) => (isRole(row.role) ? [{ role: row.role, hash: row.hash, sealed: row.sealed }] : []));
}

const bytes = (buffer: Buffer) => new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

export function createPostgresStorage(pool: pg.Pool, secrets: TokenSecrets): Storage {
  const dueUseRecord = boardUseRecorder();
  // Deleted rows stay in the tables' files until vacuumed: reclaim them right after a deletion, in
  // the background (VACUUM takes no lock that stops readers or writers). One at a time, however
  // many boards a retention sweep deletes: queued vacuums would each hold a pooled connection.
  let vacuuming = false;
  let vacuumAgain = false;
  const vacuumSoon = () => {
    if (vacuuming) {
      vacuumAgain = true;
      return;
    }
    vacuuming = true;
    void (async () => {
      do {
        vacuumAgain = false;
        await pool.query('VACUUM boards, board_tokens, updates, snapshots, assets').catch(() => {
          // Autovacuum reclaims the space later; a failed early vacuum loses nothing.
        });
      } while (vacuumAgain);
      vacuuming = false;
    })();
  };

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
        for (const row of storedTokens(secrets, board.id, tokens)) {
          await client.query('INSERT INTO board_tokens (hash, board_id, role, sealed) VALUES ($1, $2, $3, $4)', [
            row.hash,
            board.id,
            row.role,
            row.sealed,
          ]);
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
      const { rows } = await pool.query<{ board_id: string; role: string }>('SELECT board_id, role FROM board_tokens WHERE hash = $1', [
        secrets.hash(token),
      ]);
      const row = rows[0];
      return row && isRole(row.role) ? { boardId: row.board_id, role: row.role } : null;
    },
    async getTokens(boardId, ownerToken) {
      return openTokens(secrets, boardId, await storedOf(pool, boardId), ownerToken);
    },
    async setToken(boardId, role, token, ownerToken) {
      return transaction(pool, async (client) => {
        // The owner's row locked: two rotations of one board never interleave their re-sealing.
        await client.query("SELECT 1 FROM board_tokens WHERE board_id = $1 AND role = 'owner' FOR UPDATE", [boardId]);
        const rows = rotatedTokens(secrets, boardId, await storedOf(client, boardId), ownerToken, role, token);
        if (!rows) return false;
        for (const row of rows) {
          await client.query(
            'INSERT INTO board_tokens (hash, board_id, role, sealed) VALUES ($1, $2, $3, $4) ON CONFLICT (board_id, role) DO UPDATE SET hash = excluded.hash, sealed = excluded.sealed',
            [row.hash, boardId, row.role, row.sealed],
          );
        }
        return true;
      });
    },
    async deleteBoard(boardId) {
      const result = await pool.query('DELETE FROM boards WHERE id = $1', [boardId]);
      const deleted = (result.rowCount ?? 0) > 0;
      if (deleted) vacuumSoon();
      return deleted;
    },
    async appendUpdates(boardId, updates) {
      if (updates.length === 0) return;
      // One statement, one transaction: the whole batch is durable or none of it is.
      await pool.query('INSERT INTO updates (board_id, data) SELECT $1, unnest($2::bytea[])', [
        boardId,
        updates.map((u) => Buffer.from(u)),
      ]);
      const usedAt = dueUseRecord(boardId);
      if (usedAt !== null) await pool.query('UPDATE boards SET touched_at = $2 WHERE id = $1', [boardId, usedAt]);
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
    async setSequenceShare(share, digest) {
      await pool.query(
        `INSERT INTO sequence_shares (digest, board_id, sequence_id) VALUES ($1, $2, $3)
         ON CONFLICT (board_id, sequence_id) DO UPDATE SET digest = excluded.digest`,
        [digest, share.boardId, share.sequenceId],
      );
    },
    async findSequenceShare(digest) {
      const { rows } = await pool.query<{ board_id: string; sequence_id: string }>(
        'SELECT board_id, sequence_id FROM sequence_shares WHERE digest = $1',
        [digest],
      );
      const row = rows[0];
      return row ? { boardId: row.board_id, sequenceId: row.sequence_id } : null;
    },
    async deleteSequenceShare(share) {
      const result = await pool.query('DELETE FROM sequence_shares WHERE board_id = $1 AND sequence_id = $2', [
        share.boardId,
        share.sequenceId,
      ]);
      return (result.rowCount ?? 0) > 0;
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
