// `npm run build:server` (and `npm start`'s first step): the client, if it is missing or older than
// its sources, then the server as bundles in server/dist/, built by esbuild, then run once.
// - The client is checked here rather than by the server as it starts: the ~240 files to stat took
//   ~15 ms of every restart.
// - server.cjs, from serve.ts: what the server loads before it listens (Fastify and its plugins,
//   pino, the static file plugin, Yjs, prom-client, ws) bundled in with comments and indentation
//   stripped: one file to read instead of a few hundred to find, read and wrap (README "Restart and
//   memory"). CommonJS, so that main.cjs can compile it with V8's code cache.
// - main.cjs (the launcher `npm start` runs, server/main.ts) and worker.js (the ingest worker).
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
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { npmStartSettings } from './startSettings.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time of any file under `dir` (0 if there is none). */
function newestChange(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** The client from a checkout, built (by Vite, in a child process) when missing or older than a source. */
function buildClientIfStale() {
  if (!fs.existsSync(path.join(root, 'client', 'src'))) return;
  const page = path.join(root, 'client', 'dist', 'index.html');
  const built = fs.existsSync(page) ? fs.statSync(page).mtimeMs : 0;
  if (built >= Math.max(newestChange(path.join(root, 'client', 'src')), newestChange(path.join(root, 'shared')))) return;
  console.log('Building the client…');
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const run = spawnSync(process.execPath, [vite, 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error('the client did not build (see the messages above)');
}
buildClientIfStale();
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
  // Its JavaScript only: the storage loads the compiled addon by its path (server/storage/sqlite.ts).
  'better-sqlite3',
]);
/**
 * Dependencies of bundled packages that stay packages (loaded late, or finding files by their own
 * path). Only their main entry: a file of theirs that a bundled package requires at start (Fastify's
 * error serializer, fast-json-stringify/lib/serializer) is bundled.
 */
const KEPT_OUT = [
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
  'ajv',
  'fast-json-stringify',
  'light-my-request',
  // better-sqlite3's addon finder, which the storage never asks (it names the addon itself).
  'bindings',
];
const keptOut = {
  name: 'kept-out',
  setup(build) {
    const exactly = new RegExp(`^(${KEPT_OUT.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter: exactly }, ({ path }) => ({ path, external: true }));
  },
};
/** A stand-in for Node's module `name` that loads it on first use. */
const lazy = (name) => `new Proxy({}, { get: (_, key) => require('${name}')[key] })`;
/**
 * Node modules that bundled packages require when they load but use only for what this server never
 * does at start, or at all: Fastify's HTTPS and HTTP/2 servers, ws's client (TLS, HTTPS) and its
 * compression, prom-client's push gateway. Loading them cost ~20 ms of every start (http2 ~10,
 * zlib ~5). Each require becomes a stand-in that loads the module on first use. A package release
 * that no longer holds the line stops the build, so that the change is seen.
 */
const LAZY_REQUIRES = [
  ['fastify/lib/server.js', "const https = require('node:https')", `const https = ${lazy('node:https')}`],
  ['fastify/lib/server.js', "const http2 = require('node:http2')", `const http2 = ${lazy('node:http2')}`],
  ['ws/lib/websocket.js', "const https = require('https');", `const https = ${lazy('https')};`],
  ['ws/lib/websocket.js', "const tls = require('tls');", `const tls = ${lazy('tls')};`],
  ['ws/lib/permessage-deflate.js', "const zlib = require('zlib');", `const zlib = ${lazy('zlib')};`],
  ['prom-client/lib/pushgateway.js', "const https = require('https');", `const https = ${lazy('https')};`],
  [
    'prom-client/lib/pushgateway.js',
    "const { gzipSync } = require('zlib');",
    "const gzipSync = (...args) => require('zlib').gzipSync(...args);",
  ],
];
const lazyRequires = {
  name: 'lazy-requires',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/](fastify|ws|prom-client)[\\/]lib[\\/]/ }, async ({ path: file }) => {
      const rewrites = LAZY_REQUIRES.filter(([inside]) => file.replaceAll(path.sep, '/').endsWith(`/node_modules/${inside}`));
      if (rewrites.length === 0) return undefined; // esbuild loads the file as it is
      let source = await fs.promises.readFile(file, 'utf8');
      for (const [, line, stand] of rewrites) {
        if (!source.includes(line)) throw new Error(`${file} no longer holds "${line}" (server/build.mjs LAZY_REQUIRES)`);
        source = source.replace(line, stand);
      }
      return { contents: source, loader: 'js' };
    });
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
  plugins: [keptOut, lazyRequires],
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
  entryPoints: { main: 'server/main.ts' },
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: 'var __importMetaUrl=require("node:url").pathToFileURL(__filename).href;' },
});

await build({
  ...shared,
  entryPoints: ['server/assets/ingest/worker.ts'],
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
  const run = spawnSync(process.execPath, [...settings.nodeFlags, 'server/dist/main.cjs', '--write-code-cache'], {
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
