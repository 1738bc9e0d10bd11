// `npm run build:server`: the server as one bundle (server/dist/), built by esbuild.
// What the server loads before it listens (Fastify and its plugins, pino, the static file plugin,
// Yjs, prom-client, ws) is bundled in with its comments and indentation stripped: one module to
// read and compile instead of a few hundred files to find, read and wrap, and less source text
// kept in memory (README "Restart and memory"). Every other dependency stays a package in
// node_modules, loaded on first use: native or WebAssembly code and workers that find their files
// next to their own (sharp, better-sqlite3, pdf.js, tesseract), clients only scale-out needs and
// Fastify's schema compilers (server/lazySchemas.ts). pino is bundled because the server logs to
// stdout: a pino transport (a worker that runs files from pino's own folder) would need it kept out.
// server/dist/meta.json lists what went where (test/server/startupImports.test.ts reads it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

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
/** Dependencies of bundled packages that stay packages (loaded late, or finding files by their own path). */
const KEPT_OUT = ['@fastify/ajv-compiler', '@fastify/fast-json-stringify-compiler', 'ajv', 'fast-json-stringify', 'light-my-request'];

const result = await build({
  absWorkingDir: root,
  entryPoints: ['server/main.ts', 'server/assets/ingest/worker.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: [...Object.keys(dependencies).filter((name) => !BUNDLED.has(name)), ...KEPT_OUT],
  // Typebox's ES module entry, bundled: as a package it is 709 files to load at start.
  alias: { typebox: './node_modules/typebox/build/index.mjs' },
  // Bundled CommonJS packages call require() for Node's own modules; an ES module has none of its own.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  minifyWhitespace: true,
  legalComments: 'external',
  outdir: 'server/dist',
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});
fs.writeFileSync(path.join(root, 'server/dist/meta.json'), JSON.stringify(result.metafile));
