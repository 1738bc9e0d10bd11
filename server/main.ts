// `npm start`: builds the client if it is missing or stale, then serves the app and the API from
// one process on HOST:PORT with data under DATA_DIR.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { projectRoot as root } from './paths.js';
import { StartupError } from './storage/storage.js';

/** Newest modification time of any file under `dir` (0 if missing). */
function newestChange(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

async function buildClientIfNeeded(clientDir: string): Promise<void> {
  const built = path.join(clientDir, 'index.html');
  // A deployed image ships the built client without its sources: nothing to rebuild there.
  if (!fs.existsSync(path.join(root, 'client', 'src'))) return;
  const sources = Math.max(newestChange(path.join(root, 'client', 'src')), newestChange(path.join(root, 'shared')));
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sources) return;
  console.log('Building the client…');
  // Loaded only here: a start that builds nothing does not pay for child_process (~10 ms).
  const { spawnSync } = await import('node:child_process');
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

async function main(): Promise<void> {
  const config = loadConfig();
  if (config.clientDir === path.join(root, 'client', 'dist')) await buildClientIfNeeded(config.clientDir);
  const app = await buildApp(config);
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof StartupError) {
    console.error(`Worksort cannot start: ${error.message}`);
  } else {
    console.error('Worksort cannot start:', error);
  }
  process.exit(1);
});
