// A restarted server must answer within a fraction of a second (README "Restart and memory"): what
// only a few routes use — PDF writing and its fonts, image processing, QR codes, the ingest worker
// pool, PostgreSQL and Redis clients — loads on first use, never with the process. This follows
// the built bundle's static imports from main.js (esbuild's metafile, server/dist/meta.json):
// exactly what Node loads before it listens, whether bundled into those files or imported as packages.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServerIfStale } from '../fixtures/buildServer.js';

const root = path.resolve(new URL('../..', import.meta.url).pathname);

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string; kind: string; external?: boolean }[] }>;
}

/** The package an import specifier names (`@scope/name` or `name`). */
function packageName(specifier: string): string {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

/** The package a file under node_modules belongs to. */
function packageOf(file: string): string | null {
  const inside = file.split('node_modules/').at(-1) as string;
  return inside === file ? null : packageName(inside);
}

/** Packages that main.js loads before running: bundled into its static chunks, or imported from node_modules. */
function startupPackages(meta: Metafile): { bundled: Set<string>; imported: Set<string> } {
  const bundled = new Set<string>();
  const imported = new Set<string>();
  const seen = new Set<string>();
  const visit = (output: string) => {
    if (seen.has(output)) return;
    seen.add(output);
    const file = meta.outputs[output];
    if (!file) throw new Error(`${output} is not in the metafile`);
    for (const input of Object.keys(file.inputs)) {
      const name = packageOf(input);
      if (name) bundled.add(name);
    }
    for (const { path: target, kind, external } of file.imports) {
      if (kind !== 'import-statement') continue; // dynamic import(): loaded on first use
      if (external) imported.add(packageName(target));
      else visit(target);
    }
  };
  visit('server/dist/main.js');
  return { bundled, imported };
}

describe('server start-up', () => {
  it('loads no PDF, image, QR, worker-pool, PostgreSQL or Redis library before it listens', () => {
    buildServerIfStale();
    const meta = JSON.parse(fs.readFileSync(path.join(root, 'server', 'dist', 'meta.json'), 'utf8')) as Metafile;
    const { bundled, imported } = startupPackages(meta);
    // The graph is real: the web framework and the document library are bundled in, SQLite is imported.
    expect(bundled).toContain('fastify');
    expect(bundled).toContain('yjs');
    expect(imported).toContain('better-sqlite3');
    // Everything else it needs to listen is bundled: the one package it imports is SQLite's native
    // binding (each package file found, read and compiled on its own cost a restart ~90 ms of CPU).
    expect([...imported].filter((name) => !name.startsWith('node:'))).toEqual(['better-sqlite3']);
    expect(bundled).toContain('pino');
    // The client's file server is imported while the server starts too (server/client.ts), late but
    // before it listens: bundled, not a package.
    const packagesImported = Object.values(meta.outputs).flatMap((output) =>
      output.imports.filter((entry) => entry.external).map((entry) => packageName(entry.path)),
    );
    expect(packagesImported).not.toContain('@fastify/static');
    const heavy = ['sharp', 'pdf-lib', '@pdf-lib/fontkit', 'qrcode', 'pdfjs-dist', 'piscina', 'pg', 'ioredis', 'heic-decode', 'fflate'];
    expect(heavy.filter((name) => bundled.has(name) || imported.has(name))).toEqual([]);
    // Fastify's schema compilers load on a route's first request (server/lazySchemas.ts).
    expect(['ajv', 'fast-json-stringify'].filter((name) => bundled.has(name) || imported.has(name))).toEqual([]);
  });
});
