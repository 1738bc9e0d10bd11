// The server process: serves the app and the API from one process on HOST:PORT with data under
// DATA_DIR. Bundled as server/dist/server.cjs, which `npm start` runs through server/main.ts (the
// launcher that compiles it with V8's code cache). The client it serves is built before it starts:
// by `npm start`'s build step from a checkout (server/build.mjs), into the image by the Dockerfile.
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import type { SchemaCode } from './lazySchemas.js';
import { StartupError } from './storage/storage.js';

/** How the launcher found V8's code cache for the bundle (server/main.ts). */
export type CodeCacheState = 'used' | 'missing' | 'stale' | 'rejected';

export interface Launch {
  codeCache: CodeCacheState;
  /** The route schemas' generated code, beside the bundle (server/lazySchemas.ts). */
  schemaCode: SchemaCode;
  /** Start, listen, and close again: how the build runs the server to write its schema code and code cache. */
  once?: boolean;
}

async function serve(launch: Launch): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config, { schemaCode: launch.schemaCode });
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  app.log.info({ codeCache: launch.codeCache }, 'server code loaded');
  await app.listen({ host: config.host, port: config.port });
  if (launch.once) await app.close();
}

/** Runs the server; a start that fails says why and ends the process. */
export async function start(launch: Launch): Promise<void> {
  try {
    await serve(launch);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError) {
      console.error(`Worksort cannot start: ${error.message}`);
    } else {
      console.error('Worksort cannot start:', error);
    }
    process.exit(1);
  }
}
