// The client's folders are layers (client/README.md): pages → features → board → ui → sync and
// i18n → shared. Every import in client/src and shared/ is read here and must point down or
// sideways, never up, so that a newcomer can read a layer without the ones above it.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const client = path.join(root, 'client/src');

/** Higher layers may import lower ones. */
const RANK: Record<string, number> = { shared: 0, sync: 1, i18n: 1, ui: 2, board: 3, features: 4, pages: 5, main: 6 };

function layerOf(file: string): string {
  const relative = path.relative(root, file).split(path.sep);
  if (relative[0] === 'shared') return 'shared';
  if (relative[0] !== 'client' || relative[1] !== 'src') return 'outside';
  const top = relative[2] ?? '';
  return relative.length === 3 ? 'main' : top;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+|#shared\/[^']+)'/g)].map((match) => {
    const specifier = match[1] as string;
    // `#shared/…` is package.json's alias of the repository's shared/ folder.
    return specifier.startsWith('#shared/')
      ? path.join(root, 'shared', specifier.slice('#shared/'.length))
      : path.resolve(path.dirname(file), specifier);
  });
}

describe('the client’s layers', () => {
  const files = [...sourceFiles(client), ...sourceFiles(path.join(root, 'shared'))];

  it('finds the layers where they should be', () => {
    const layers = new Set(files.map(layerOf));
    for (const layer of ['shared', 'sync', 'i18n', 'ui', 'board', 'features', 'pages', 'main']) expect(layers).toContain(layer);
  });

  it('imports only point down or sideways: pages → features → board → ui → sync → shared', () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const target of importsOf(file)) {
        const to = layerOf(target);
        if (to === 'outside' || (RANK[to] ?? 99) > (RANK[from] ?? -1)) {
          upward.push(`${path.relative(root, file)} → ${path.relative(root, target)}`);
        }
      }
    }
    expect(upward).toEqual([]);
  });

  it('a feature shows another feature’s parts only where listed here', () => {
    const allowed = new Set([
      // The card inspector and the pile panel show a card's ink and pins and cite them.
      'sorting → annotations',
      // The snapshots panel offers a snapshot's exports with the export menu's own choices.
      'compare → export',
      // The card inspector offers "Add to share-out" for the page on screen.
      'sorting → shareout',
      // The card inspector and the outline link a class's card to the student's year.
      'sorting → history',
      'access → history',
    ]);
    const crossing = new Set<string>();
    for (const file of files.filter((each) => layerOf(each) === 'features')) {
      const feature = path.relative(path.join(client, 'features'), file).split(path.sep)[0];
      for (const target of importsOf(file)) {
        if (layerOf(target) !== 'features') continue;
        const other = path.relative(path.join(client, 'features'), target).split(path.sep)[0];
        if (other !== feature) crossing.add(`${feature} → ${other}`);
      }
    }
    expect([...crossing].filter((pair) => !allowed.has(pair))).toEqual([]);
  });
});
