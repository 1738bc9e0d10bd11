// A restarted server must answer within a fraction of a second (README "Restart and memory"): what
// only a few routes use — PDF writing and its fonts, image processing, QR codes, the ingest worker
// pool, PostgreSQL and Redis clients — loads on first use, never with the process. The built server
// is started as `npm start` does and asked, once it listens, which package files and which of Node's
// own modules it has loaded; esbuild's metafile (server/dist/meta.json) says what the bundle holds.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedModules, loadedModulesProbe, type ServerProcess, startServerProcess } from '../fixtures/process.js';
import { tempDataDir } from '../fixtures/server.js';

const root = path.resolve(new URL('../..', import.meta.url).pathname);

/** The package a file under node_modules belongs to (`@scope/name` or `name`). */
function packageOf(file: string): string | null {
  const inside = file.split('node_modules/').at(-1) as string;
  if (inside === file) return null;
  return inside
    .split('/')
    .slice(0, inside.startsWith('@') ? 2 : 1)
    .join('/');
}

let server: ServerProcess;
let loaded: string[];
let builtins: string[];

beforeAll(async () => {
  const dataDir = tempDataDir();
  const report = path.join(dataDir, 'loaded-modules.json');
  server = await startServerProcess({ DATA_DIR: dataDir, LOADED_MODULES_FILE: report }, 30_000, loadedModulesProbe);
  ({ files: loaded, builtins } = await loadedModules(server, report));
});

afterAll(async () => {
  await server?.stop();
});

describe('server start-up', () => {
  it('loads no PDF, image, QR, worker-pool, PostgreSQL or Redis library before it listens', () => {
    const packages = new Set(loaded.map(packageOf).filter((name) => name !== null));
    // The report is real: it holds the file that wrote it.
    expect(loaded).toContain(path.join(root, 'test', 'fixtures', 'loadedModules.cjs'));
    // Everything else it needs to listen is bundled (each package file found, read and compiled on
    // its own cost a restart ~90 ms of CPU), SQLite's JavaScript too: the one package file it loads
    // is SQLite's compiled addon, by its path, without the two packages that would search for it.
    const packageFiles = loaded.filter((file) => packageOf(file) !== null);
    expect(packageFiles).toEqual([path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node')]);
    expect([...packages]).toEqual(['better-sqlite3']);
  });

  it('leaves out the Node modules it needs for none of that: HTTP/2, TLS, compression', () => {
    // The report is real: it holds what a listening HTTP server and the code cache need.
    for (const name of ['http', 'net', 'vm', 'crypto']) expect(builtins).toContain(name);
    // Fastify, ws and prom-client require these when they load (~20 ms of a start); the build
    // makes those requires load on first use (server/build.mjs).
    for (const name of ['http2', 'https', 'tls', 'zlib']) expect(builtins).not.toContain(name);
  });

  it('bundles the web framework, the document library, the logger and the file server', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(root, 'server', 'dist', 'meta.json'), 'utf8')) as {
      inputs: Record<string, unknown>;
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    const bundled = new Set(Object.keys(meta.inputs).map(packageOf));
    for (const name of ['fastify', 'yjs', 'pino', '@fastify/static', 'ws']) expect(bundled).toContain(name);
    // Fastify's schema compilers stay packages: a built server loads its routes' generated code on
    // their first request instead, and compiles only what has none (server/lazySchemas.ts).
    for (const name of ['ajv', 'sharp', 'pdf-lib', 'pg', 'ioredis']) expect(bundled).not.toContain(name);
    // Nor are what bundled packages use only for what this server never does (a file search, a test
    // helper's streams, an IPv6 parser, OpenTelemetry, pino's worker transports): a stand-in loads
    // each on first use (server/build.mjs), and the first test shows none loads at start.
    for (const name of ['glob', 'duplexify', 'ip-address', '@opentelemetry/api', 'thread-stream']) expect(bundled).not.toContain(name);
    // Of TypeBox, the builders the schemas use (shared/typeBuilders.ts), not its whole `Type`: the
    // parser behind `Type.Script` alone is 58 KB; a few of its token helpers are shared.
    const bundledBytes = Object.entries(meta.outputs['server/dist/server.cjs']?.inputs ?? {});
    const script = bundledBytes.filter(([file]) => file.includes('node_modules/typebox/build/type/script/'));
    expect(script.length).toBeGreaterThan(0);
    expect(script.reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0)).toBeLessThan(8000);
  });
});
