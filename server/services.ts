// The services plugins share, decorated on the Fastify instance by `buildApp`. Plugins use these
// small interfaces, never each other's internals.
import type { AssetStore } from './assets/assetStore.js';
import type { Config } from './config.js';
import type { ClassStorage } from './storage/classes.js';
import type { Storage } from './storage/storage.js';
import type { RoomRegistry } from './sync/rooms.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    storage: Storage;
    /** Classes: rosters, team tokens and which boards belong to which class. */
    classStore: ClassStorage;
    assets: AssetStore;
    rooms: RoomRegistry;
    /** Whether storage and the fan-out between processes answer, for /readyz. */
    readiness(): Promise<{ storage: boolean; fanout: boolean }>;
  }
}
