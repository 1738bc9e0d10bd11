// Chooses the storage engine from the configuration: SQLite and files in DATA_DIR by default,
// PostgreSQL for documents and page images when DATABASE_URL is set.
import { type AssetStore, createFileAssetStore } from '../assets/assetStore.js';
import type { Config } from '../config.js';
import { HttpError } from '../errors.js';
import type { ClassStorage } from './classes.js';
import { createSqliteStorage } from './sqlite.js';
import { createSqliteClassStorage } from './sqliteClasses.js';
import type { Storage } from './storage.js';
import { createTokenSecrets, fileTokenKey, type TokenSecrets } from './tokenSecrets.js';

export interface OpenedStorage {
  storage: Storage;
  assets: AssetStore;
  /** How tokens are hashed at rest: for telling other processes which token was revoked. */
  secrets: TokenSecrets;
  /** Classes and their rosters (README, "Classes"), in the same database. */
  classes: ClassStorage;
  /** Checks the engine answers, for /readyz. */
  ready(): Promise<boolean>;
  engine: 'sqlite' | 'postgres';
}

/** A page written for a board deleted meanwhile (its upload was still running). */
export const boardDeleted = () =>
  new HttpError(410, 'board_deleted', 'This board was deleted while your files were being added. Nothing of them was kept.');

/**
 * Page images are stored only for a board that still exists once they are written: an upload
 * still running when its board is deleted would otherwise write its pages back afterwards.
 * Deletion removes the board's row before its files, so checking after the write catches every
 * order of events: the file is either removed by the deletion or by this check.
 */
export function boardBoundAssets(assets: AssetStore, storage: Storage): AssetStore {
  // Removing a folder while an upload still adds files to it can fail (ENOTEMPTY): try again.
  const deleteBoard = async (boardId: string) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await assets.deleteBoard(boardId);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (attempt >= 5 || (code !== 'ENOTEMPTY' && code !== 'EBUSY')) throw error;
      }
    }
  };
  return {
    ...assets,
    async put(boardId, assetId, size, bytes) {
      try {
        await assets.put(boardId, assetId, size, bytes);
      } catch (error) {
        // PostgreSQL refuses a page of a board that is gone (its foreign key): say so plainly.
        if (!(await storage.getBoard(boardId))) throw boardDeleted();
        throw error;
      }
      if (!(await storage.getBoard(boardId))) {
        await deleteBoard(boardId);
        throw boardDeleted();
      }
    },
    deleteBoard,
  };
}

export async function openStorage(config: Config): Promise<OpenedStorage> {
  if (config.databaseUrl) {
    // Loaded only here: a server on the embedded default never holds the PostgreSQL driver.
    const { createPostgresAssetStore, createPostgresStorage, openPostgres, postgresTokenSecrets } = await import('./postgres.js');
    const pool = await openPostgres(config.databaseUrl, config.databaseSchema, { tokenKey: config.tokenKey });
    const secrets = await postgresTokenSecrets(pool, config.tokenKey);
    const storage = createPostgresStorage(pool, secrets);
    const { createPostgresClassStorage } = await import('./postgresClasses.js');
    return {
      storage,
      classes: await createPostgresClassStorage(pool, secrets),
      assets: boardBoundAssets(createPostgresAssetStore(pool), storage),
      secrets,
      engine: 'postgres',
      ready: async () => {
        try {
          await pool.query('SELECT 1');
          return true;
        } catch {
          return false;
        }
      },
    };
  }
  const secrets = createTokenSecrets(config.tokenKey ?? fileTokenKey(config.dataDir));
  const storage = createSqliteStorage(config.dataDir, secrets);
  return {
    storage,
    classes: createSqliteClassStorage(config.dataDir, secrets),
    assets: boardBoundAssets(createFileAssetStore(config.dataDir), storage),
    secrets,
    engine: 'sqlite',
    ready: async () => true,
  };
}
