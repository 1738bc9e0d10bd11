// The Flate budget read before any PDF reader sees a file: bombs are found, honest PDFs pass.
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { firstInflateBomb } from '../../server/assets/ingest/inflateBudget.js';
import { flateBombPdf, imageBombPdf } from '../fixtures/bombs.js';
import { scannedPdf } from '../fixtures/scans.js';

const MiB = 1024 * 1024;
const limits = { maxStreamBytes: 8 * MiB, maxImageBytes: 64 * MiB };

describe('the Flate budget of a PDF', () => {
  it('finds page content that unpacks past the budget', async () => {
    const bomb = await flateBombPdf({ unpackedBytes: 12 * MiB });
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(await firstInflateBomb(bomb, limits)).toEqual({ limit: 8 * MiB });
  });

  it('finds a nested bomb without unpacking all of it', async () => {
    const bomb = await flateBombPdf({ unpackedBytes: 256 * MiB, nested: true });
    expect(bomb.length).toBeLessThan(64 * 1024);
    const started = Date.now();
    expect(await firstInflateBomb(bomb, limits)).toEqual({ limit: 8 * MiB });
    // Stopped at the budget, not after 256 MiB.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('follows a /Filter and /Length given as references to other objects', async () => {
    const bomb = await flateBombPdf({ unpackedBytes: 64 * MiB, nested: true, indirect: true });
    expect(bomb.toString('latin1')).toMatch(/\/Filter \d+ 0 R/);
    expect(await firstInflateBomb(bomb, limits)).toEqual({ limit: 8 * MiB });
  });

  it('holds an image to the pixels it declares', async () => {
    const bomb = await imageBombPdf(100, 4 * MiB);
    expect(await firstInflateBomb(bomb, limits)).toEqual({ limit: 401 * 100 + MiB });
  });

  it('lets content within the budget through', async () => {
    expect(await firstInflateBomb(await flateBombPdf({ unpackedBytes: 6 * MiB }), limits)).toBeNull();
    expect(await firstInflateBomb(await imageBombPdf(2000, 2000 * 2000), limits)).toBeNull();
    expect(await firstInflateBomb(await scannedPdf({ pages: 2, dpi: 30 }), limits)).toBeNull();
    const drawn = await PDFDocument.create();
    const font = await drawn.embedFont(StandardFonts.Helvetica);
    const page = drawn.addPage();
    for (let line = 0; line < 40; line++)
      page.drawText(`Line ${line}: 48 + 27 = 75`, { x: 40, y: 760 - line * 18, size: 12, font, color: rgb(0, 0, 0) });
    expect(await firstInflateBomb(await drawn.save(), limits)).toBeNull();
  });
});
