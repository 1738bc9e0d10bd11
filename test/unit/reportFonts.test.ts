// The PDF report's fonts come from npm and carry only the characters a report prints: Chinese,
// Japanese and Korean names draw from one small font per script, not from megabytes of CJK fonts.
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { fontkit, reportFonts } from '../../server/export/fonts.js';

const NAMES = ['李小龙', '陳大文', '佐藤ひなた', '髙橋カナ', '김민준', 'Zoë Ngọc'];

function drawn(face: { font: { hasGlyphForCodePoint(code: number): boolean } }, text: string): boolean {
  return [...text].every((char) => face.font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0));
}

describe('report fonts', () => {
  it('draw every CJK and Korean character of the texts from one face per script, and no other', async () => {
    const fonts = await reportFonts(NAMES);
    expect(fonts.problems).toEqual([]);
    const chinese = fonts.fallbacks.find((face) => drawn(face, '李小龙陳大文'));
    const korean = fonts.fallbacks.find((face) => drawn(face, '김민준'));
    expect(chinese, 'a face drawing the Chinese names').toBeTruthy();
    expect(korean, 'a face drawing the Korean name').toBeTruthy();
    for (const char of '佐藤ひなた髙橋カナ') {
      expect(
        fonts.fallbacks.some((face) => drawn(face, char)),
        char,
      ).toBe(true);
    }
    // Only what was asked for: a character in none of the texts is in none of the faces.
    expect(fonts.fallbacks.some((face) => drawn(face, '王'))).toBe(false);
    expect(fonts.fallbacks.some((face) => drawn(face, '한'))).toBe(false);
    // Kilobytes, not the megabytes of a whole CJK font.
    for (const face of fonts.fallbacks) expect(face.bytes.length).toBeLessThan(32_000);
  });

  it('asks for no fallback when DejaVu draws everything', async () => {
    const fonts = await reportFonts(['Zoë Martínez', 'Дмитрий Иванов', 'Ngọc Trần']);
    expect(fonts.fallbacks).toEqual([]);
  });

  it('embed in a PDF whose text reads back as written', async () => {
    const fonts = await reportFonts(['李小龙']);
    const face = fonts.fallbacks[0];
    if (!face) throw new Error('no face for 李小龙');
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(fontkit);
    const font = await pdf.embedFont(face.bytes, { subset: true });
    pdf.addPage().drawText('李小龙', { x: 20, y: 700, size: 24, font });
    const bytes = await pdf.save();
    expect(bytes.length).toBeLessThan(16_000);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const document = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false }).promise;
    const content = await (await document.getPage(1)).getTextContent();
    expect(content.items.map((item) => ('str' in item ? item.str : '')).join('')).toBe('李小龙');
    await document.destroy();
  });
});
