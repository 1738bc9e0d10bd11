// Class storage, one contract on both engines: rosters in order, team tokens found through one
// function, boards of a class oldest first, and a board's deletion leaving the class consistent.
import type pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClassStorage } from '../../server/storage/classes.js';
import { classGrantOnBoard } from '../../server/storage/classes.js';
import { createPostgresStorage, openPostgres, postgresTokenSecrets } from '../../server/storage/postgres.js';
import { createPostgresClassStorage } from '../../server/storage/postgresClasses.js';
import { createSqliteStorage } from '../../server/storage/sqlite.js';
import { createSqliteClassStorage } from '../../server/storage/sqliteClasses.js';
import type { Storage } from '../../server/storage/storage.js';
import { createTokenSecrets, fileTokenKey } from '../../server/storage/tokenSecrets.js';
import { tempDataDir } from '../fixtures/server.js';
import { dropSchema, isolatedNames, POSTGRES_URL, scaleOutServicesAvailable } from '../fixtures/services.js';

const servicesUp = await scaleOutServicesAvailable();
const { schema } = isolatedNames();

interface Engine {
  name: string;
  available: boolean;
  open(): Promise<{ storage: Storage; classes: ClassStorage; close(): Promise<void> }>;
}

const engines: Engine[] = [
  {
    name: 'SQLite',
    available: true,
    async open() {
      const dataDir = tempDataDir();
      const secrets = createTokenSecrets(fileTokenKey(dataDir));
      const storage = createSqliteStorage(dataDir, secrets);
      const classes = createSqliteClassStorage(dataDir, secrets);
      const close = async () => {
        await classes.close();
        await storage.close();
      };
      return { storage, classes, close };
    },
  },
  {
    name: 'PostgreSQL',
    available: servicesUp,
    async open() {
      const pool: pg.Pool = await openPostgres(POSTGRES_URL, schema);
      const secrets = await postgresTokenSecrets(pool);
      const storage = createPostgresStorage(pool, secrets);
      const classes = await createPostgresClassStorage(pool, secrets);
      return { storage, classes, close: () => storage.close() };
    },
  },
];

afterAll(async () => {
  if (servicesUp) await dropSchema(schema);
});

const tokens = (id: string) => ({ owner: `${id}-owner`, editor: `${id}-editor`, viewer: `${id}-viewer` });

for (const engine of engines) {
  describe.skipIf(!engine.available)(`class storage on ${engine.name}`, () => {
    it('keeps a class, its roster in order, replaces the roster, and finds its tokens', async () => {
      const { classes, close } = await engine.open();
      try {
        const roster = [
          { studentId: 's1', name: 'Ada', id: '1001' },
          { studentId: 's2', name: 'Alan' },
        ];
        await classes.createClass({ id: 'class1', title: 'Room 12', createdAt: 5 }, tokens('c1'), roster);
        expect(await classes.getClass('class1')).toEqual({ id: 'class1', title: 'Room 12', createdAt: 5 });
        expect(await classes.listStudents('class1')).toEqual(roster);
        await classes.replaceStudents('class1', [
          { studentId: 's2', name: 'Alan T.' },
          { studentId: 's3', name: 'Grace' },
        ]);
        expect((await classes.listStudents('class1')).map((student) => student.studentId)).toEqual(['s2', 's3']);
        expect(await classes.findClassToken('c1-editor')).toEqual({ classId: 'class1', role: 'editor' });
        expect(await classes.findClassToken('c1-nope')).toBeNull();
        expect(await classes.deleteClass('class1')).toBe(true);
        expect(await classes.getClass('class1')).toBeNull();
        expect(await classes.findClassToken('c1-editor')).toBeNull();
        expect(await classes.listStudents('class1')).toEqual([]);
      } finally {
        await close();
      }
    });

    it('lists a class’s boards oldest first; a class token grants its role on those boards only', async () => {
      const { storage, classes, close } = await engine.open();
      try {
        await classes.createClass({ id: 'class2', title: 'Room 14', createdAt: 1 }, tokens('c2'), []);
        await storage.createBoard({ id: 'late', title: 'Later', createdAt: 2000 }, tokens('late'), Uint8Array.of(0, 0));
        await storage.createBoard({ id: 'early', title: 'Earlier', createdAt: 1000 }, tokens('early'), Uint8Array.of(0, 0));
        await storage.createBoard({ id: 'other', title: 'Other', createdAt: 1500 }, tokens('other'), Uint8Array.of(0, 0));
        await classes.addBoard('class2', 'late');
        await classes.addBoard('class2', 'early');
        expect((await classes.listBoards('class2')).map((board) => board.id)).toEqual(['early', 'late']);
        expect(await classes.classOfBoard('early')).toBe('class2');
        expect(await classes.classOfBoard('other')).toBeNull();
        expect(await classGrantOnBoard(classes, 'c2-viewer', 'late')).toEqual({ boardId: 'late', role: 'viewer' });
        expect(await classGrantOnBoard(classes, 'c2-owner', 'other')).toBeNull();
        expect(await classGrantOnBoard(classes, 'late-owner', 'late')).toBeNull();
        // Deleting a board takes it out of its class.
        await storage.deleteBoard('late');
        expect((await classes.listBoards('class2')).map((board) => board.id)).toEqual(['early']);
      } finally {
        await close();
      }
    });
  });
}
