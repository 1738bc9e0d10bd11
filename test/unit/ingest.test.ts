// The pure parts of bringing in a class set: labels from file names, pages into students, what a
// file is, what a HEIF declares, blank pages, which PDF pages are plain scans; and how many worker
// threads read PDFs at once.
import fs from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { isBlankPage } from '../../server/assets/ingest/blank.js';
import { detectFileKind } from '../../server/assets/ingest/fileKinds.js';
import { groupPagesByStudent } from '../../server/assets/ingest/grouping.js';
import { declaredHeifSize } from '../../server/assets/ingest/heifBoxes.js';
import { createIngestPool, sharedBytes } from '../../server/assets/ingest/pool.js';
import { displayName } from '../../server/assets/ingest/problems.js';
import { loadForScans, scanJpegOf } from '../../server/assets/ingest/scanPages.js';
import { studentLabelFromFileName } from '../../server/assets/ingest/studentLabel.js';
import { preparePageImage } from '../../server/assets/pageImages.js';
import { loadConfig } from '../../server/config.js';
import { encryptPdf, pixelBombPng, rotatedPagePdf, scannedPdf, uprightPage, wordDocument } from '../fixtures/scans.js';

describe('student labels from file names', () => {
  it.each([
    ['Ana M.jpg', 'Ana M.'],
    ['jose_ramirez.png', 'Jose Ramirez'],
    ['María José.heic', 'María José'],
    ["O'Neil, Kim.pdf", ''],
    ["kim o'neil.jpg", "Kim O'Neil"],
    ['Ana-Lucía P..jpeg', 'Ana-Lucía P.'],
    ['DeShawn.JPG', 'DeShawn'],
    ['C:\\Users\\teacher\\Desktop\\Ben T.png', 'Ben T.'],
  ])('%s is labelled "%s"', (file, label) => {
    expect(studentLabelFromFileName(file)).toBe(label);
  });

  it.each([
    'IMG_2034.jpg',
    'scan0001.pdf',
    'Scan 2.pdf',
    'Document.pdf',
    'page 3.png',
    'PXL_20240913_101500.jpg',
    'Screenshot 2024-09-12 at 10.15.00.png',
    'Untitled.png',
    'homework.jpg',
    'Ana copy.jpg',
    '2024-09-12.jpg',
    'a.jpg',
    'the whole class set of period three.pdf',
    '.jpg',
  ])('%s gives no label', (file) => {
    expect(studentLabelFromFileName(file)).toBe('');
  });
});

describe('pages into students', () => {
  const file = (label: string, pages: number, prefix = label) => ({
    label,
    pages: Array.from({ length: pages }, (_, i) => `${prefix}${i + 1}`),
  });

  it('a 30-page PDF with two pages per student makes 15 cards, in page order, without the file name', () => {
    const groups = groupPagesByStudent([file('Period 3', 30, 'p')], 2);
    expect(groups).toHaveLength(15);
    expect(groups[0]).toEqual({ student: '', pages: ['p1', 'p2'] });
    expect(groups[14]).toEqual({ student: '', pages: ['p29', 'p30'] });
  });

  it('consecutive single photos are grouped in the order uploaded; a short last group is kept', () => {
    const groups = groupPagesByStudent([file('Ana M.', 1), file('', 1, 'img'), file('Ben', 1), file('', 1, 'x')], 2).map((g) => g);
    expect(groups).toEqual([
      { student: 'Ana M.', pages: ['Ana M.1', 'img1'] },
      { student: 'Ben', pages: ['Ben1', 'x1'] },
    ]);
    expect(groupPagesByStudent([file('A', 1), file('B', 1), file('C', 1)], 2).map((g) => g.pages.length)).toEqual([2, 1]);
  });

  it('photos of two different named students in one group get no label', () => {
    expect(groupPagesByStudent([file('Ana', 1), file('Ben', 1)], 2)).toEqual([{ student: '', pages: ['Ana1', 'Ben1'] }]);
  });

  it('a multi-page file ends a run of photos, and a file of exactly one student keeps its name', () => {
    const groups = groupPagesByStudent([file('Ana', 1), file('Ben', 2), file('Cy', 1)], 2);
    expect(groups).toEqual([
      { student: 'Ana', pages: ['Ana1'] },
      { student: 'Ben', pages: ['Ben1', 'Ben2'] },
      { student: 'Cy', pages: ['Cy1'] },
    ]);
  });
});

describe('what a file is, from its bytes', () => {
  it('recognises pictures and PDFs whatever they are called, and names what it refuses', async () => {
    expect(await detectFileKind(await uprightPage())).toEqual({ kind: 'png' });
    expect(
      await detectFileKind(
        await sharp(await uprightPage())
          .jpeg()
          .toBuffer(),
      ),
    ).toEqual({ kind: 'jpeg' });
    expect(
      await detectFileKind(
        await sharp(await uprightPage())
          .webp()
          .toBuffer(),
      ),
    ).toEqual({ kind: 'webp' });
    expect(
      await detectFileKind(
        await sharp(await uprightPage())
          .avif()
          .toBuffer(),
      ),
    ).toEqual({ kind: 'avif' });
    expect(
      await detectFileKind(
        await sharp(await uprightPage())
          .tiff()
          .toBuffer(),
      ),
    ).toEqual({ kind: 'tiff' });
    expect(await detectFileKind(await scannedPdf({ pages: 1, dpi: 20 }))).toEqual({ kind: 'pdf' });
    expect(await detectFileKind(wordDocument())).toEqual({ kind: null, looksLike: 'a Word document' });
    expect(await detectFileKind(Buffer.from('just some notes\n'))).toEqual({ kind: null, looksLike: 'a text file' });
    expect(await detectFileKind(Buffer.from([0, 1, 2, 3, 250, 251]))).toEqual({ kind: null, looksLike: null });
  });

  it('file names are quoted back without folders or control characters', () => {
    expect(displayName('C:\\scans\\Ana\u0007.jpg', 0)).toBe('Ana.jpg');
    expect(displayName('', 2)).toBe('file 3');
    expect(displayName(`${'x'.repeat(200)}.jpg`, 0)).toHaveLength(78);
  });
});

describe('HEIF declared size', () => {
  it('is read from the ispe box, and garbage declares nothing', () => {
    const ispe = Buffer.alloc(20);
    ispe.writeUInt32BE(20, 0);
    ispe.write('ispe', 4, 'latin1');
    ispe.writeUInt32BE(4032, 12);
    ispe.writeUInt32BE(3024, 16);
    const box = (type: string, body: Buffer, full = false) => {
      const header = Buffer.alloc(full ? 12 : 8);
      header.writeUInt32BE(header.length + body.length, 0);
      header.write(type, 4, 'latin1');
      return Buffer.concat([header, body]);
    };
    const file = Buffer.concat([box('ftyp', Buffer.from('heic\0\0\0\0mif1heic')), box('meta', box('iprp', box('ipco', ispe)), true)]);
    expect(declaredHeifSize(file)).toEqual({ width: 4032, height: 3024 });
    expect(declaredHeifSize(pixelBombPng())).toBeNull();
    expect(declaredHeifSize(file.subarray(0, 30))).toBeNull();
  });
});

describe('blank pages', () => {
  it('white paper, even with faint scanner haze, is blank; a page of work is not', async () => {
    const white = await sharp({ create: { width: 800, height: 1000, channels: 3, background: '#fbfbf8' } })
      .jpeg()
      .toBuffer();
    const haze = await sharp({
      create: { width: 800, height: 1000, channels: 3, background: '#f4f4f0', noise: { type: 'gaussian', mean: 240, sigma: 4 } },
    })
      .jpeg()
      .toBuffer();
    expect(await isBlankPage(white)).toBe(true);
    expect(await isBlankPage(haze)).toBe(true);
    expect(
      await isBlankPage(
        await sharp(await uprightPage())
          .jpeg()
          .toBuffer(),
      ),
    ).toBe(false);
  });
});

describe('plain scanned PDF pages', () => {
  it('a copier page is its own JPEG, with the page rotation to apply', async () => {
    const plain = await loadForScans(await scannedPdf({ pages: 2, dpi: 50 }));
    expect(plain).not.toBeNull();
    const page = plain && scanJpegOf(plain, 1);
    expect(page?.rotate).toBe(0);
    expect([page?.width, page?.height]).toEqual([612, 792]);
    expect((await sharp(page?.jpeg).metadata()).format).toBe('jpeg');
    const turned = await loadForScans(await rotatedPagePdf());
    expect(turned && scanJpegOf(turned, 0)?.rotate).toBe(90);
  });

  it('an encrypted PDF is left to pdf.js', async () => {
    expect(await loadForScans(await encryptPdf(await scannedPdf({ pages: 1, dpi: 20 }), ''))).toBeNull();
  });

  it('a scan turned by its page rotation is stored upright at 150 dpi', async () => {
    const pdf = await loadForScans(await rotatedPagePdf());
    const scan = pdf && scanJpegOf(pdf, 0);
    if (!scan) throw new Error('expected a plain scan');
    const page = await preparePageImage({ bytes: Buffer.from(scan.jpeg), rotate: scan.rotate, resize: { width: 1275, height: 1650 } }, 'x');
    expect([page.width, page.height]).toEqual([1275, 1650]);
  });
});

describe('the PDF and HEIC worker threads (INGEST_THREADS)', () => {
  it('the setting reaches the configuration, within 1 to 16', () => {
    expect(loadConfig({ INGEST_THREADS: '3' }).ingestThreads).toBe(3);
    expect(() => loadConfig({ INGEST_THREADS: '0' })).toThrow(/INGEST_THREADS/);
  });

  /** OS threads this process gains at most while six PDFs are read at once by a pool of `threads`. */
  async function threadsGained(threads: number): Promise<number> {
    const pdf = sharedBytes(await scannedPdf({ pages: 2, dpi: 30 }));
    const pool = createIngestPool(threads, loadConfig({}).ingestMemoryBytes);
    const count = () => fs.readdirSync('/proc/self/task').length;
    const before = count();
    let most = before;
    const sampler = setInterval(() => {
      most = Math.max(most, count());
    }, 2);
    try {
      const task = (key: string) => ({ kind: 'pdfInfo' as const, bytes: pdf, key, maxImagePixels: 10_000_000, dpi: 150, maxSide: 2000 });
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.run(task(`pdf${i}`), 30_000)));
      expect(results.map((result) => result.ok)).toEqual(results.map(() => true));
    } finally {
      clearInterval(sampler);
      await pool.close();
    }
    return most - before;
  }

  it('a pool of three starts three workers for six PDFs at once, a pool of one only one', async () => {
    const one = await threadsGained(1);
    const three = await threadsGained(3);
    // Every worker brings the same few OS threads: three workers bring at least twice one's.
    expect(one).toBeGreaterThan(0);
    expect(three).toBeGreaterThanOrEqual(2 * one);
  }, 60_000);
});
