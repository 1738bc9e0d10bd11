// A restarted server must answer within a fraction of a second (README "Restart and memory"): what
// only a few routes use — PDF writing and its fonts, image processing, QR codes, the ingest worker
// pool, PostgreSQL and Redis clients — loads on first use, never with the process. This reads the
// built bundle's static import graph, which is exactly what Node loads before it listens.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildServerIfStale } from '../fixtures/buildServer.js';

const root = path.resolve(new URL('../..', import.meta.url).pathname);

/** Every package the module at `entry` loads before running, following relative imports. */
function staticPackages(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = fs.readFileSync(file, 'utf8');
    // esbuild writes one static import per statement: `import … from "x";` or `import "x";`.
    for (const match of source.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|^import\s*"([^"]+)"/gms)) {
      const specifier = (match[1] ?? match[2]) as string;
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return packages;
}

describe('server start-up', () => {
  it('loads no PDF, image, QR, worker-pool, PostgreSQL or Redis library before it listens', () => {
    buildServerIfStale();
    const loaded = staticPackages(path.join(root, 'server', 'dist', 'main.js'));
    // The graph is real: the web framework and the document library are in it.
    expect(loaded).toContain('fastify');
    expect(loaded).toContain('yjs');
    const heavy = ['sharp', 'pdf-lib', '@pdf-lib/fontkit', 'qrcode', 'pdfjs-dist', 'piscina', 'pg', 'ioredis', 'heic-decode', 'fflate'];
    expect(heavy.filter((name) => [...loaded].some((spec) => spec === name || spec.startsWith(`${name}/`)))).toEqual([]);
  });
});
