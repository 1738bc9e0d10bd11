// Fonts of the PDF report, all from npm packages so `npm install` alone gives every machine (and
// the Docker image) the same report. Student names come in every script, and the standard PDF
// fonts cover Latin-1 only, so the report embeds DejaVu Sans (Latin with Vietnamese, Greek,
// Cyrillic, and more; `dejavu-fonts-ttf`) as a subset of the glyphs it uses. Chinese, Japanese
// and Korean, which DejaVu lacks, come from Noto Sans SC, JP and KR (`@fontsource/noto-sans-*`,
// SIL Open Font License 1.1). Those packages split each font into about a hundred slices of a few
// hundred characters; a report reads only the slices its texts need and gathers the characters it
// prints into one small font per script (./truetype.ts), which the PDF embeds as a subset too: a
// report with a few Chinese names grows by kilobytes.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { mergeGlyphs, type SourceGlyph } from './truetype.js';

type FontkitFont = ReturnType<typeof fontkit.create>;

export interface FontFace {
  name: string;
  bytes: Uint8Array;
  /** Parsed, to know which characters the face can draw. */
  font: FontkitFont;
}

export interface ReportFonts {
  regular: FontFace;
  bold: FontFace;
  /** Faces to try, in order, for characters the main faces lack: only those the texts need. */
  fallbacks: FontFace[];
  /** Fallback fonts or slices that could not be read, for the log. */
  problems: string[];
}

const require = createRequire(import.meta.url);
const DEJAVU_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * In order of preference for a character more than one covers: Simplified Chinese (which also
 * draws kana and the common traditional characters), then Japanese for kanji it lacks, then
 * Korean for Hangul. The three share one design (Noto Sans CJK), so a name drawn from two reads as one.
 */
const FALLBACK_PACKAGES = ['@fontsource/noto-sans-sc', '@fontsource/noto-sans-jp', '@fontsource/noto-sans-kr'];

/** One file of a sliced font and the code points its unicode-range lists (sorted, inclusive ranges). */
interface Slice {
  file: string;
  ranges: [number, number][];
}

interface Library {
  regular: FontFace;
  bold: FontFace;
  /** Per fallback font, its slices; a font whose package cannot be read has none (and a problem). */
  families: Slice[][];
  problems: string[];
}

let library: Promise<Library> | null = null;
const slices = new Map<string, Promise<FontkitFont>>();

export { fontkit };

/**
 * The report's faces. Its fallbacks hold, per CJK font, exactly the characters of `texts` that
 * DejaVu lacks, gathered from that font's slices into one small font (slices are read once per process).
 */
export async function reportFonts(texts: Iterable<string> = []): Promise<ReportFonts> {
  library ??= loadLibrary().catch((error: unknown) => {
    library = null;
    throw error;
  });
  const { regular, bold, families, problems: libraryProblems } = await library;
  const problems = [...libraryProblems];
  // Per family, the characters it draws that DejaVu lacks. A slice's unicode-range is the range
  // its family was cut by, not a promise: Noto Sans SC's slices list Hangul they do not draw.
  const wanted = families.map((): SourceGlyph[] => []);
  const seen = new Set<number>();
  for (const text of texts) {
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      if (seen.has(code)) continue;
      seen.add(code);
      if (code < 0x20 || regular.font.hasGlyphForCodePoint(code)) continue;
      for (const [index, family] of families.entries()) {
        const slice = family.find((candidate) => covers(candidate, code));
        if (!slice) continue;
        const font = await loadSlice(slice.file).catch((error: unknown) => {
          problems.push(`${slice.file}: ${(error as Error).message}`);
          return null;
        });
        if (!font?.hasGlyphForCodePoint(code)) continue;
        wanted[index]?.push({ code, font });
        break;
      }
    }
  }
  const fallbacks: FontFace[] = [];
  for (const [index, glyphs] of wanted.entries()) {
    if (glyphs.length === 0) continue;
    try {
      const bytes = mergeGlyphs(glyphs);
      fallbacks.push({ name: `${FALLBACK_PACKAGES[index]} (${glyphs.length} characters)`, bytes, font: fontkit.create(bytes) });
    } catch (error) {
      problems.push(`${FALLBACK_PACKAGES[index]}: ${(error as Error).message}`);
    }
  }
  return { regular, bold, fallbacks, problems };
}

function loadSlice(file: string): Promise<FontkitFont> {
  let font = slices.get(file);
  if (!font) {
    font = fs.readFile(file).then((bytes) => fontkit.create(new Uint8Array(bytes)));
    // A failed read is tried again by the next report rather than remembered.
    font.catch(() => slices.delete(file));
    slices.set(file, font);
  }
  return font;
}

async function loadFace(file: string): Promise<FontFace> {
  const bytes = new Uint8Array(await fs.readFile(file));
  return { name: path.basename(file), bytes, font: fontkit.create(bytes) };
}

async function loadLibrary(): Promise<Library> {
  const [regular, bold] = await Promise.all([
    loadFace(path.join(DEJAVU_DIR, 'DejaVuSans.ttf')),
    loadFace(path.join(DEJAVU_DIR, 'DejaVuSans-Bold.ttf')),
  ]);
  const problems: string[] = [];
  const families = await Promise.all(
    FALLBACK_PACKAGES.map((name) =>
      fontsourceSlices(name).catch((error: unknown) => {
        problems.push(`${name}: ${(error as Error).message}`);
        return [];
      }),
    ),
  );
  return { regular, bold, families, problems };
}

/**
 * The regular-weight slices of a Fontsource package. Its `unicode.json` maps each slice ("[12]",
 * or a name such as "latin") to a CSS unicode-range; the slice's WOFF file is
 * `files/<id>-<slice>-400-normal.woff` (WOFF rather than WOFF2: no Brotli to undo, same glyphs).
 */
async function fontsourceSlices(packageName: string): Promise<Slice[]> {
  const dir = path.dirname(require.resolve(`${packageName}/package.json`));
  const id = packageName.slice(packageName.indexOf('/') + 1);
  const unicode = JSON.parse(await fs.readFile(path.join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  return Object.entries(unicode).map(([key, range]) => ({
    file: path.join(dir, 'files', `${id}-${key.replace(/^\[(\d+)\]$/, '$1')}-400-normal.woff`),
    ranges: parseUnicodeRange(range),
  }));
}

/** "U+4e00-4e3f,U+20ac" → [[0x4e00, 0x4e3f], [0x20ac, 0x20ac]], sorted. */
export function parseUnicodeRange(range: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const part of range.split(',')) {
    const match = /^\s*U\+([0-9a-f]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
    if (!match?.[1]) continue;
    const first = Number.parseInt(match[1], 16);
    ranges.push([first, match[2] ? Number.parseInt(match[2], 16) : first]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

function covers(slice: Slice, code: number): boolean {
  let low = 0;
  let high = slice.ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [first, last] = slice.ranges[middle] as [number, number];
    if (code < first) high = middle - 1;
    else if (code > last) low = middle + 1;
    else return true;
  }
  return false;
}
