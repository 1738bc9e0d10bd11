// The server process: builds the client if it is missing or stale, then serves the app and the API
// from one process on HOST:PORT with data under DATA_DIR. Bundled as server/dist/server.cjs, which
// `npm start` runs through server/main.ts (the launcher that compiles it with V8's code cache).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { projectRoot as root } from './paths.js';
import { StartupError } from './storage/storage.js';

/** Newest modification time of any file under `dir` (0 if missing), read in libuv's thread pool. */
async function newestChange(dir: string): Promise<number> {
  const entries = await fs.promises.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  const times = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) =>
        fs.promises.stat(path.join(entry.parentPath, entry.name)).then(
          (stat) => stat.mtimeMs,
          () => 0,
        ),
      ),
  );
  return Math.max(0, ...times);
}

/** True when a source of the client (or the shared code it uses) changed after the client was built. */
async function clientIsStale(clientDir: string): Promise<boolean> {
  const [built, client, shared] = await Promise.all([
    fs.promises.stat(path.join(clientDir, 'index.html')).then((stat) => stat.mtimeMs),
    newestChange(path.join(root, 'client', 'src')),
    newestChange(path.join(root, 'shared')),
  ]);
  return built < Math.max(client, shared);
}

async function buildClient(): Promise<void> {
  console.log('Building the client…');
  // In a child process: Vite's few hundred megabytes are returned when it ends, not kept by the server.
  const vitePackage = createRequire(import.meta.url).resolve('vite/package.json');
  const vite = path.join(path.dirname(vitePackage), 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', path.join(root, 'client', 'vite.config.ts'), '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) throw new Error('the client did not build (see the messages above)');
}

/** How the launcher found V8's code cache for the bundle (server/main.ts). */
export type CodeCacheState = 'used' | 'missing' | 'stale' | 'rejected';

export interface Launch {
  codeCache: CodeCacheState;
  /** Start, listen, and close again: how the build runs the server once to write its code cache. */
  once?: boolean;
}

async function serve(launch: Launch): Promise<void> {
  const config = loadConfig();
  // From a checkout (a deployed image ships the built client without its sources), the client is
  // built if it is missing — before the app, which serves it only if it is there — or stale.
  // Whether it is stale is read while the app starts: ~240 files to stat took 20–70 ms of a start.
  const builtClient = path.join(root, 'client', 'dist');
  const fromCheckout = config.clientDir === builtClient && fs.existsSync(path.join(root, 'client', 'src'));
  if (fromCheckout && !fs.existsSync(path.join(builtClient, 'index.html'))) await buildClient();
  // Unsure (a file vanished while it was read): rebuilt.
  const stale = fromCheckout ? clientIsStale(builtClient).catch(() => true) : Promise.resolve(false);
  const app = await buildApp(config);
  // The client's files are read from disk on each request: rebuilt now, they are what it serves.
  if (await stale) await buildClient();
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
