// Classes in the embedded SQLite file, in tables of their own beside the boards'. They have their
// own numbered schema steps (recorded in `schema_parts`), so they evolve apart from the boards'.
import path from 'node:path';
import type Database from 'better-sqlite3';
import { isRole } from '#shared/roles.js';
import { type ClassStorage, classSealingId, type StudentRecord } from './classes.js';
import { openSqliteDatabase } from './sqlite.js';
import type { BoardTokens } from './storage.js';
import { openTokens, storedTokens, type TokenSecrets } from './tokenSecrets.js';

const CLASS_SCHEMA_STEPS: readonly string[] = [
  `CREATE TABLE classes (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     created_at INTEGER NOT NULL
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
     board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
     class_id TEXT NOT NULL REFERENCES classes(id) ON DELETE CASCADE
   );
   CREATE INDEX class_boards_by_class ON class_boards (class_id);`,
  // The editor and viewer links, sealed under the owner token (server/storage/tokenSecrets.ts).
  'ALTER TABLE class_tokens ADD COLUMN sealed TEXT;',
];

/** Runs the class schema steps not yet run on `db`. */
export function migrateClassTables(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_parts (part TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  const row = db.prepare<[], { version: number }>("SELECT version FROM schema_parts WHERE part = 'classes'").get();
  for (let step = row?.version ?? 0; step < CLASS_SCHEMA_STEPS.length; step++) {
    db.transaction(() => {
      db.exec(CLASS_SCHEMA_STEPS[step] as string);
      db.prepare(
        "INSERT INTO schema_parts (part, version) VALUES ('classes', ?) ON CONFLICT (part) DO UPDATE SET version = excluded.version",
      ).run(step + 1);
    })();
  }
}

/**
 * Opens its own connection to the data folder's SQLite file (WAL lets connections share it; every
 * write here is synchronous on the one server thread, so they never interleave).
 */
export function createSqliteClassStorage(dataDir: string, secrets: TokenSecrets): ClassStorage {
  const db = openSqliteDatabase(path.join(dataDir, 'worksort.sqlite'), secrets);
  migrateClassTables(db);

  const insertClass = db.prepare('INSERT INTO classes (id, title, created_at) VALUES (?, ?, ?)');
  const insertToken = db.prepare('INSERT INTO class_tokens (hash, class_id, role, sealed) VALUES (?, ?, ?, ?)');
  const selectTokens = db.prepare<[string], { hash: string; role: string; sealed: string | null }>(
    'SELECT hash, role, sealed FROM class_tokens WHERE class_id = ?',
  );
  const insertStudent = db.prepare('INSERT INTO class_students (class_id, student_id, name, school_id, position) VALUES (?, ?, ?, ?, ?)');
  const removeStudents = db.prepare('DELETE FROM class_students WHERE class_id = ?');
  const selectClass = db.prepare<[string], { id: string; title: string; created_at: number }>(
    'SELECT id, title, created_at FROM classes WHERE id = ?',
  );
  const selectStudents = db.prepare<[string], { student_id: string; name: string; school_id: string | null }>(
    'SELECT student_id, name, school_id FROM class_students WHERE class_id = ? ORDER BY position',
  );
  const removeClass = db.prepare('DELETE FROM classes WHERE id = ?');
  const selectToken = db.prepare<[string], { class_id: string; role: string }>('SELECT class_id, role FROM class_tokens WHERE hash = ?');
  const insertBoard = db.prepare('INSERT INTO class_boards (board_id, class_id) VALUES (?, ?)');
  const selectClassOfBoard = db.prepare<[string], { class_id: string }>('SELECT class_id FROM class_boards WHERE board_id = ?');
  const selectBoards = db.prepare<[string], { id: string; title: string; created_at: number }>(
    `SELECT boards.id, boards.title, boards.created_at FROM class_boards JOIN boards ON boards.id = class_boards.board_id
     WHERE class_boards.class_id = ? ORDER BY boards.created_at, boards.rowid`,
  );

  const putStudents = (classId: string, students: StudentRecord[]) => {
    students.forEach((student, position) => {
      insertStudent.run(classId, student.studentId, student.name, student.id ?? null, position);
    });
  };
  const createTx = db.transaction(
    (record: { id: string; title: string; createdAt: number }, tokens: BoardTokens, students: StudentRecord[]) => {
      insertClass.run(record.id, record.title, record.createdAt);
      for (const row of storedTokens(secrets, classSealingId(record.id), tokens))
        insertToken.run(row.hash, record.id, row.role, row.sealed);
      putStudents(record.id, students);
    },
  );
  const replaceTx = db.transaction((classId: string, students: StudentRecord[]) => {
    removeStudents.run(classId);
    putStudents(classId, students);
  });

  return {
    async createClass(record, tokens, students) {
      createTx(record, tokens, students);
    },
    async getClass(classId) {
      const row = selectClass.get(classId);
      return row ? { id: row.id, title: row.title, createdAt: row.created_at } : null;
    },
    async listStudents(classId) {
      return selectStudents
        .all(classId)
        .map((row) =>
          row.school_id ? { studentId: row.student_id, name: row.name, id: row.school_id } : { studentId: row.student_id, name: row.name },
        );
    },
    async replaceStudents(classId, students) {
      replaceTx(classId, students);
    },
    async deleteClass(classId) {
      const deleted = removeClass.run(classId).changes > 0;
      // Names of students must not linger in the write-ahead log either.
      db.pragma('wal_checkpoint(TRUNCATE)');
      return deleted;
    },
    async findClassToken(token) {
      const row = selectToken.get(secrets.hash(token));
      return row && isRole(row.role) ? { classId: row.class_id, role: row.role } : null;
    },
    async getClassTokens(classId, ownerToken) {
      const rows = selectTokens
        .all(classId)
        .flatMap((row) => (isRole(row.role) ? [{ role: row.role, hash: row.hash, sealed: row.sealed }] : []));
      return openTokens(secrets, classSealingId(classId), rows, ownerToken);
    },
    async addBoard(classId, boardId) {
      insertBoard.run(boardId, classId);
    },
    async classOfBoard(boardId) {
      return selectClassOfBoard.get(boardId)?.class_id ?? null;
    },
    async listBoards(classId) {
      return selectBoards.all(classId).map((row) => ({ id: row.id, title: row.title, createdAt: row.created_at }));
    },
    async close() {
      db.close();
    },
  };
}
