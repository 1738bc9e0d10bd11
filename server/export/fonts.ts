// Fonts of the PDF report. Student names come in every script, and the standard PDF fonts cover
// Latin-1 only, so the report embeds DejaVu Sans (Latin with Vietnamese, Greek, Cyrillic, and
// more; from the `dejavu-fonts-ttf` package, so a fresh machine has it) as a subset of the glyphs
// it uses. Scripts DejaVu lacks (Chinese, Japanese, Korean) are drawn with fallback fonts when
// the machine has them installed (Debian: `fonts-droid-fallback`, `fonts-nanum`), else as
// missing-glyph boxes.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';

type FontkitFont = ReturnType<typeof fontkit.create>;

export interface FontFace {
  name: string;
  bytes: Uint8Array;
  /** Parsed once per process, to know which characters the face can draw. */
  font: FontkitFont;
}

export interface ReportFonts {
  regular: FontFace;
  bold: FontFace;
  /** Faces to try, in order, for characters the main faces lack. */
  fallbacks: FontFace[];
  /** Fallback fonts that are installed but could not be read, for the log. */
  problems: string[];
}

const require = createRequire(import.meta.url);
const DEJAVU_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

/**
 * Single-face TrueType fonts (not collections) for scripts DejaVu lacks, where Debian puts them:
 * one per group, the first found. Droid Sans Fallback draws Chinese and Japanese but not Hangul,
 * so Korean names need Nanum Gothic (`fonts-nanum`).
 */
const FALLBACK_CANDIDATES = [
  [
    '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
    '/usr/share/fonts/truetype/droid/DroidSansFallback.ttf',
    '/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf',
  ],
  ['/usr/share/fonts/truetype/nanum/NanumGothic.ttf'],
];

let loading: Promise<ReportFonts> | null = null;

export { fontkit };

export function reportFonts(): Promise<ReportFonts> {
  loading ??= loadFonts().catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function loadFace(file: string): Promise<FontFace> {
  const bytes = new Uint8Array(await fs.readFile(file));
  return { name: path.basename(file), bytes, font: fontkit.create(bytes) };
}

async function loadFonts(): Promise<ReportFonts> {
  const [regular, bold] = await Promise.all([
    loadFace(path.join(DEJAVU_DIR, 'DejaVuSans.ttf')),
    loadFace(path.join(DEJAVU_DIR, 'DejaVuSans-Bold.ttf')),
  ]);
  const fallbacks: FontFace[] = [];
  const problems: string[] = [];
  for (const group of FALLBACK_CANDIDATES) {
    for (const file of group) {
      try {
        fallbacks.push(await loadFace(file));
        break;
      } catch (error) {
        // Not installed is the usual case, not a problem; a broken file is worth a log line.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${file}: ${(error as Error).message}`);
      }
    }
  }
  return { regular, bold, fallbacks, problems };
}
