// `npm run build:server`: the server as bundles in server/dist/, built by esbuild, then run once.
// - server.cjs, from serve.ts: what the server loads before it listens (Fastify and its plugins,
//   pino, the static file plugin, Yjs, prom-client, ws) bundled in with comments and indentation
//   stripped: one file to read instead of a few hundred to find, read and wrap (README "Restart and
//   memory"). CommonJS, so that main.js can compile it with V8's code cache.
// - main.js (the launcher `npm start` runs, server/main.ts) and worker.js (the ingest worker).
// - server.cjs.cache: V8's code cache, written by running the built server once with `npm start`'s
//   flags on an empty data folder in /tmp and stopping it (V8 accepts a cache only for the flags
//   it was made with).
// Every other dependency stays a package in node_modules, loaded on first use: native or WebAssembly
// code and workers that find their files next to their own (sharp, better-sqlite3, pdf.js,
// tesseract), clients only scale-out needs and Fastify's schema compilers (server/lazySchemas.ts).
// pino is bundled because the server logs to stdout: a pino transport (a worker that runs files from
// pino's own folder) would need it kept out.
// server/dist/meta.json lists what server.cjs holds (test/server/startupImports.test.ts reads it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { npmStartSettings } from './startSettings.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { dependencies } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** Packages loaded at start, bundled (their own dependencies come with them unless listed below). */
const BUNDLED = new Set([
  'fastify',
  'fastify-plugin',
  '@fastify/helmet',
  '@fastify/multipart',
  '@fastify/rate-limit',
  '@fastify/type-provider-typebox',
  '@fastify/websocket',
  '@fastify/static',
  'prom-client',
  'ws',
  'typebox',
  'yjs',
  'y-protocols',
  'lib0',
]);
/**
 * Dependencies of bundled packages that stay packages (loaded late, or finding files by their own
 * path). Only their main entry: a file of theirs that a bundled package requires at start (Fastify's
 * error serializer, fast-json-stringify/lib/serializer) is bundled.
 */
const KEPT_OUT = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'ajv', 'fast-json-stringify', 'light-my-request'];
const keptOut = {
  name: 'kept-out',
  setup(build) {
    const exactly = new RegExp(`^(${KEPT_OUT.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter: exactly }, ({ path }) => ({ path, external: true }));
  },
};
const externalPackages = Object.keys(dependencies).filter((name) => !BUNDLED.has(name));
const shared = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  legalComments: 'external',
  outdir: 'server/dist',
  logLevel: 'warning',
};
fs.rmSync(path.join(root, 'server/dist'), { recursive: true, force: true });

const server = await build({
  ...shared,
  entryPoints: { server: 'server/serve.ts' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  external: externalPackages,
  plugins: [keptOut],
  // Typebox's ES module entry, bundled: as a package it is 709 files to load at start.
  alias: { typebox: './node_modules/typebox/build/index.mjs' },
  // import() of a package (sharp, ioredis, file-type…) as require(), which Node 20.19 and later
  // also do for ES modules: Node 20 loses a script's import() handler when it comes from a code cache.
  supported: { 'dynamic-import': false },
  // What the sources read from import.meta.url, a CommonJS file has as __filename.
  define: { 'import.meta.url': '__importMetaUrl' },
  // Wrapped as Node wraps a CommonJS file, in the file itself: the launcher compiles the text as it
  // is read (wrapping it there would hold a second copy of it). Strict, as the ES modules it was.
  banner: {
    js: '(function (exports, require, module, __filename, __dirname) {"use strict";var __importMetaUrl=require("node:url").pathToFileURL(__filename).href;',
  },
  footer: { js: '})' },
  metafile: true,
});
fs.writeFileSync(path.join(root, 'server/dist/meta.json'), JSON.stringify(server.metafile));
// esbuild escapes non-ASCII text except inside regular expression literals. One such character
// anywhere makes V8 hold the whole bundle as two-byte text: ~2 MiB more for the process's life.
const bundled = fs.readFileSync(path.join(root, 'server/dist/server.cjs'));
const wide = bundled.findIndex((byte) => byte > 0x7f);
if (wide !== -1) {
  const around = bundled.subarray(Math.max(0, wide - 60), wide + 20).toString('utf8');
  throw new Error(`server.cjs holds a non-ASCII character; write it as a \\u escape in the source: …${around}…`);
}

await build({
  ...shared,
  entryPoints: ['server/main.ts', 'server/assets/ingest/worker.ts'],
  splitting: true,
  format: 'esm',
  external: externalPackages,
  plugins: [keptOut],
  // Bundled CommonJS packages call require() for Node's own modules; an ES module has none of its own.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
});

// The code cache: the server started once with nothing inherited from this shell (no PostgreSQL,
// Redis or client of a deployment's environment), then stopped.
const once = fs.mkdtempSync(path.join(os.tmpdir(), 'worksort-code-cache-'));
// A client to serve, so that the static file plugin's start is in the cache too.
fs.mkdirSync(path.join(once, 'client'));
fs.writeFileSync(path.join(once, 'client', 'index.html'), '<!doctype html>');
try {
  const settings = npmStartSettings(root);
  const run = spawnSync(process.execPath, [...settings.nodeFlags, 'server/dist/main.js', '--write-code-cache'], {
    cwd: root,
    env: {
      ...settings.env,
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: path.join(once, 'data'),
      CLIENT_DIR: path.join(once, 'client'),
      LOG_LEVEL: 'warn',
    },
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`the built server did not start once to write its code cache (exit ${run.status ?? run.signal})`);
} finally {
  fs.rmSync(once, { recursive: true, force: true });
}
