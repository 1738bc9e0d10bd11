// Text in our PDFs (the report, share-out sequences): fonts embedded as subsets, each character
// drawn with the first face that has it (student names come in every script), wrapped to a width.
import type { PDFDocument, PDFFont, PDFPage, RGB } from 'pdf-lib';
import type { FontFace, ReportFonts } from './fonts.js';

export interface EmbeddedFace {
  face: FontFace;
  font: PDFFont;
}

export interface EmbeddedFonts {
  regular: EmbeddedFace;
  bold: EmbeddedFace;
  fallbacks: EmbeddedFace[];
}

export interface TextStyle {
  bold?: boolean;
  size: number;
  color?: RGB;
}

/** Embeds every face as a subset of the glyphs drawn, and the fallbacks only when some of `texts` needs them. */
export async function embedFonts(pdf: PDFDocument, fonts: ReportFonts, texts: string[]): Promise<EmbeddedFonts> {
  const embed = async (face: FontFace): Promise<EmbeddedFace> => ({
    face,
    font: await pdf.embedFont(face.bytes, { subset: true }),
  });
  const [regular, bold] = await Promise.all([embed(fonts.regular), embed(fonts.bold)]);
  const needed = fonts.fallbacks.filter((fallback) =>
    texts.some((text) => {
      for (const char of text) {
        const code = char.codePointAt(0) ?? 0;
        if (!fonts.regular.font.hasGlyphForCodePoint(code) && fallback.font.hasGlyphForCodePoint(code)) return true;
      }
      return false;
    }),
  );
  return { regular, bold, fallbacks: await Promise.all(needed.map((face) => embed(face))) };
}

/** Text a PDF can show: no control or invisible format characters; tabs become spaces. */
export function printable(text: string, keepNewlines = false): string {
  const unified = text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
  const stripped = unified.replace(/[\p{Cc}\p{Cf}]/gu, (char) => (keepNewlines && char === '\n' ? '\n' : char === '\n' ? ' ' : ''));
  return stripped.normalize('NFC');
}

/** Measures, wraps and draws text with one document's embedded fonts. */
export class PdfText {
  constructor(private readonly fonts: EmbeddedFonts) {}

  /** Splits text into runs of one font each: the main face, or a fallback for characters it lacks. */
  runs(text: string, style: TextStyle): { font: PDFFont; text: string }[] {
    const main = style.bold ? this.fonts.bold : this.fonts.regular;
    const runs: { font: PDFFont; text: string }[] = [];
    for (const char of text) {
      const code = char.codePointAt(0) ?? 0;
      const font = main.face.font.hasGlyphForCodePoint(code)
        ? main.font
        : (this.fonts.fallbacks.find((fallback) => fallback.face.font.hasGlyphForCodePoint(code))?.font ?? main.font);
      const last = runs.at(-1);
      if (last?.font === font) last.text += char;
      else runs.push({ font, text: char });
    }
    return runs;
  }

  measure(text: string, style: TextStyle): number {
    let width = 0;
    for (const run of this.runs(printable(text), style)) width += run.font.widthOfTextAtSize(run.text, style.size);
    return width;
  }

  /** Draws one line with its baseline at `y` (PDF coordinates, from the bottom of the page). */
  draw(page: PDFPage, text: string, x: number, y: number, style: TextStyle, fallbackColor: RGB): void {
    let cursor = x;
    for (const run of this.runs(printable(text), style)) {
      page.drawText(run.text, { x: cursor, y, size: style.size, font: run.font, color: style.color ?? fallbackColor });
      cursor += run.font.widthOfTextAtSize(run.text, style.size);
    }
  }

  /** Breaks text into lines no wider than `width`: at spaces, or anywhere in a word too long for a line. */
  wrap(text: string, style: TextStyle, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of printable(text, true).split('\n')) {
      let line = '';
      for (const token of paragraph.split(/(\s+)/)) {
        if (token === '') continue;
        const candidate = line + token;
        if (this.measure(candidate, style) <= width) {
          line = candidate;
          continue;
        }
        if (line.trim() !== '') lines.push(line.trimEnd());
        line = /^\s+$/.test(token) ? '' : token;
        while (this.measure(line, style) > width) {
          const chars = [...line];
          let fit = 1;
          while (fit < chars.length && this.measure(chars.slice(0, fit + 1).join(''), style) <= width) fit++;
          lines.push(chars.slice(0, fit).join(''));
          line = chars.slice(fit).join('');
        }
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  truncate(text: string, style: TextStyle, width: number): string {
    const clean = printable(text);
    if (this.measure(clean, style) <= width) return clean;
    const chars = [...clean];
    let keep = chars.length;
    while (keep > 0 && this.measure(`${chars.slice(0, keep).join('').trimEnd()}…`, style) > width) keep--;
    return `${chars.slice(0, keep).join('').trimEnd()}…`;
  }
}
