// Chooses the storage engine from the configuration: SQLite and files in DATA_DIR by default,
// PostgreSQL for documents and page images when DATABASE_URL is set.
import { type AssetStore, createFileAssetStore } from '../assets/assetStore.js';
import type { Config } from '../config.js';
import type { ClassStorage } from './classes.js';
import { createSqliteStorage } from './sqlite.js';
import { createSqliteClassStorage } from './sqliteClasses.js';
import type { Storage } from './storage.js';

export interface OpenedStorage {
  storage: Storage;
  assets: AssetStore;
  /** Classes and their rosters (CONTRACT.md "Classes"), in the same database. */
  classes: ClassStorage;
  /** Checks the engine answers, for /readyz. */
  ready(): Promise<boolean>;
  engine: 'sqlite' | 'postgres';
}

export async function openStorage(config: Config): Promise<OpenedStorage> {
  if (config.databaseUrl) {
    // Loaded only here: a server on the embedded default never holds the PostgreSQL driver.
    const { createPostgresAssetStore, createPostgresStorage, openPostgres } = await import('./postgres.js');
    const pool = await openPostgres(config.databaseUrl, config.databaseSchema);
    const { createPostgresClassStorage } = await import('./postgresClasses.js');
    return {
      storage: createPostgresStorage(pool),
      classes: await createPostgresClassStorage(pool),
      assets: createPostgresAssetStore(pool),
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
  const storage = createSqliteStorage(config.dataDir);
  return {
    storage,
    classes: createSqliteClassStorage(config.dataDir),
    assets: createFileAssetStore(config.dataDir),
    engine: 'sqlite',
    ready: async () => true,
  };
}
