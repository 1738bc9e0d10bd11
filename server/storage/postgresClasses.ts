// Classes in PostgreSQL, for deployments of several server processes: tables of their own beside
// the boards', with their own numbered steps (recorded in `schema_parts`), run under an advisory
// lock so processes starting together migrate once.
import type pg from 'pg';
import { isRole } from '#shared/roles.js';
import { type ClassStorage, classSealingId, type StudentRecord } from './classes.js';
import { openTokens, storedTokens, type TokenSecrets } from './tokenSecrets.js';

const CLASS_MIGRATIONS: readonly string[] = [
  `CREATE TABLE classes (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE TABLE class_students (
     class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
     student_id TEXT NOT NULL,
     name TEXT NOT NULL,
     school_id TEXT,
     position INTEGER NOT NULL,
     PRIMARY KEY (class_id, student_id)
   );
   CREATE TABLE class_tokens (
     hash TEXT PRIMARY KEY,
     class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE,
     role TEXT NOT NULL,
     UNIQUE (class_id, role)
   );
   CREATE TABLE class_boards (
     seq BIGSERIAL,
     board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
     class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE
   );
   CREATE INDEX class_boards_by_class ON class_boards (class_id);`,
  // The editor and viewer links, sealed under the owner token (server/storage/tokenSecrets.ts).
  'ALTER TABLE class_tokens ADD COLUMN sealed TEXT;',
];

async function migrateClassTables(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtext('worksort-migrate-classes'))");
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_parts (part TEXT PRIMARY KEY, version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_parts WHERE part = 'classes'");
      for (let version = rows[0]?.version ?? 0; version < CLASS_MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        await client.query(CLASS_MIGRATIONS[version] as string);
        await client.query(
          "INSERT INTO schema_parts (part, version) VALUES ('classes', $1) ON CONFLICT (part) DO UPDATE SET version = excluded.version",
          [version + 1],
        );
        await client.query('COMMIT');
      }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext('worksort-migrate-classes'))");
    }
  } finally {
    client.release();
  }
}

async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function putStudents(client: pg.PoolClient, classId: string, students: StudentRecord[]): Promise<void> {
  if (students.length === 0) return;
  await client.query(
    `INSERT INTO class_students (class_id, student_id, name, school_id, position)
     SELECT $1, s.student_id, s.name, s.school_id, s.position
     FROM unnest($2::text[], $3::text[], $4::text[], $5::int[]) AS s(student_id, name, school_id, position)`,
    [
      classId,
      students.map((student) => student.studentId),
      students.map((student) => student.name),
      students.map((student) => student.id ?? null),
      students.map((_, position) => position),
    ],
  );
}

/** Class storage over the pool the board storage uses (the boards' tables must exist first). */
export async function createPostgresClassStorage(pool: pg.Pool, secrets: TokenSecrets): Promise<ClassStorage> {
  await migrateClassTables(pool);
  return {
    async createClass(record, tokens, students) {
      await inTransaction(pool, async (client) => {
        await client.query('INSERT INTO classes (id, title, created_at) VALUES ($1, $2, $3)', [record.id, record.title, record.createdAt]);
        for (const row of storedTokens(secrets, classSealingId(record.id), tokens)) {
          await client.query('INSERT INTO class_tokens (hash, class_id, role, sealed) VALUES ($1, $2, $3, $4)', [
            row.hash,
            record.id,
            row.role,
            row.sealed,
          ]);
        }
        await putStudents(client, record.id, students);
      });
    },
    async getClass(classId) {
      const { rows } = await pool.query<{ id: string; title: string; created_at: string }>(
        'SELECT id, title, created_at FROM classes WHERE id = $1',
        [classId],
      );
      const row = rows[0];
      return row ? { id: row.id, title: row.title, createdAt: Number(row.created_at) } : null;
    },
    async listStudents(classId) {
      const { rows } = await pool.query<{ student_id: string; name: string; school_id: string | null }>(
        'SELECT student_id, name, school_id FROM class_students WHERE class_id = $1 ORDER BY position',
        [classId],
      );
      return rows.map((row) =>
        row.school_id ? { studentId: row.student_id, name: row.name, id: row.school_id } : { studentId: row.student_id, name: row.name },
      );
    },
    async replaceStudents(classId, students) {
      await inTransaction(pool, async (client) => {
        await client.query('DELETE FROM class_students WHERE class_id = $1', [classId]);
        await putStudents(client, classId, students);
      });
    },
    async deleteClass(classId) {
      const result = await pool.query('DELETE FROM classes WHERE id = $1', [classId]);
      return (result.rowCount ?? 0) > 0;
    },
    async findClassToken(token) {
      const { rows } = await pool.query<{ class_id: string; role: string }>('SELECT class_id, role FROM class_tokens WHERE hash = $1', [
        secrets.hash(token),
      ]);
      const row = rows[0];
      return row && isRole(row.role) ? { classId: row.class_id, role: row.role } : null;
    },
    async getClassTokens(classId, ownerToken) {
      const { rows } = await pool.query<{ hash: string; role: string; sealed: string | null }>(
        'SELECT hash, role, sealed FROM class_tokens WHERE class_id = $1',
        [classId],
      );
      const stored = rows.flatMap((row) => (isRole(row.role) ? [{ role: row.role, hash: row.hash, sealed: row.sealed }] : []));
      return openTokens(secrets, classSealingId(classId), stored, ownerToken);
    },
    async addBoard(classId, boardId) {
      await pool.query('INSERT INTO class_boards (board_id, class_id) VALUES ($1, $2)', [boardId, classId]);
    },
    async classOfBoard(boardId) {
      const { rows } = await pool.query<{ class_id: string }>('SELECT class_id FROM class_boards WHERE board_id = $1', [boardId]);
      return rows[0]?.class_id ?? null;
    },
    async listBoards(classId) {
      const { rows } = await pool.query<{ id: string; title: string; created_at: string }>(
        `SELECT boards.id, boards.title, boards.created_at FROM class_boards JOIN boards ON boards.id = class_boards.board_id
         WHERE class_boards.class_id = $1 ORDER BY boards.created_at, class_boards.seq`,
        [classId],
      );
      return rows.map((row) => ({ id: row.id, title: row.title, createdAt: Number(row.created_at) }));
    },
    async close() {
      // The pool belongs to the board storage, which ends it.
    },
  };
}
