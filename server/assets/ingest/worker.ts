// The heavy decoding, run in worker threads (see pool.ts) so that the main thread stays free for
// live sync: pdf.js parses and renders PDF pages in JavaScript, and heic-decode runs libheif as
// WebAssembly, both synchronously for hundreds of milliseconds at a time.
//
// Every task answers a result, problems included, rather than throwing: errors lose their class
// crossing threads, and "this PDF has a password" is an answer, not a failure of the worker.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { Piscina } from 'piscina';
import { readQrTexts } from './coverCodes.js';
import { firstInflateBomb } from './inflateBudget.js';
import { lowerThisThreadsPriority } from './priority.js';
import { loadForScans, type ScanJpeg, scanJpegOf } from './scanPages.js';
import { detectPageRegions, type PageRegions } from './workRegion.js';

export type WorkerProblem = 'password' | 'notPdf' | 'damaged' | 'tooLarge' | 'onlyPreview' | 'unpacksTooLarge';

/** How large a PDF page is made: `dpi`, but never longer than `maxSide` pixels. */
interface PageSizing {
  dpi: number;
  maxSide: number;
}

export type IngestTask =
  | ({ kind: 'pdfInfo'; bytes: Uint8Array; key: string; maxImagePixels: number } & PageSizing)
  | ({ kind: 'pdfPage'; bytes: Uint8Array; key: string; maxImagePixels: number; pageIndex: number } & PageSizing)
  | { kind: 'heic'; bytes: Uint8Array; maxPixels: number }
  /** The QR codes on a page image (cover sheets, coverCodes.ts). */
  | { kind: 'qrCodes'; image: Uint8Array }
  /** Where a page image's name is written and where its student worked (workRegion.ts). */
  | { kind: 'pageRegions'; image: Uint8Array };

/** A plain scan's own JPEG, to be turned by `rotate` and sized to `width` × `height`. */
export interface PageScan {
  jpeg: Uint8Array;
  rotate: 0 | 90 | 180 | 270;
  width: number;
  height: number;
}

export type IngestResult =
  | { ok: false; problem: WorkerProblem; width?: number; height?: number; limitBytes?: number }
  /** `scans[i]` is page i's own JPEG when the page is a plain scan, else null (it must be rendered). */
  | { ok: true; kind: 'pdfInfo'; pages: number; scans: (PageScan | null)[] }
  | { ok: true; kind: 'pixels'; width: number; height: number; pixels: Uint8Array }
  | { ok: true; kind: 'qrCodes'; texts: string[] }
  | ({ ok: true; kind: 'pageRegions' } & PageRegions);

// This thread decodes; the main thread serves live sync and must win the CPU (priority.ts).
lowerThisThreadsPriority();

const require = createRequire(import.meta.url);
const pdfjsRoot = `${path.dirname(require.resolve('pdfjs-dist/package.json'))}/`;

/**
 * The document last opened by this thread: a PDF's pages arrive as separate tasks (each with its
 * own time limit), usually in a row, so keeping one document open saves parsing it per page.
 */
let openDocument: { key: string; pdf: Promise<PDFDocumentProxy> } | null = null;

async function openPdf(task: { bytes: Uint8Array; key: string; maxImagePixels: number }): Promise<PDFDocumentProxy> {
  if (openDocument?.key === task.key) return openDocument.pdf;
  if (openDocument) {
    const previous = openDocument.pdf;
    openDocument = null;
    void previous.then((pdf) => pdf.destroy()).catch(() => {});
  }
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = getDocument({
    // A private copy: the bytes arrive in shared memory, and pdf.js may detach what it is given.
    data: new Uint8Array(task.bytes),
    isEvalSupported: false,
    verbosity: 0,
    // Images larger than this are skipped, not decoded: a pixel bomb inside a PDF.
    maxImageSize: task.maxImagePixels,
    standardFontDataUrl: `${pdfjsRoot}standard_fonts/`,
    cMapUrl: `${pdfjsRoot}cmaps/`,
    cMapPacked: true,
    wasmUrl: `${pdfjsRoot}wasm/`,
    iccUrl: `${pdfjsRoot}iccs/`,
    useSystemFonts: false,
    stopAtErrors: false,
  }).promise;
  openDocument = { key: task.key, pdf };
  pdf.catch(() => {
    if (openDocument?.pdf === pdf) openDocument = null;
  });
  return pdf;
}

/** Hands pixels and JPEGs to the main thread without copying them (they are megabytes a page). */
function withBytesMoved(result: IngestResult, buffers: ArrayBufferLike[]): IngestResult {
  const transferable = { [Piscina.transferableSymbol]: buffers, [Piscina.valueSymbol]: result };
  return Piscina.move(transferable as never) as unknown as IngestResult;
}

function pdfProblem(error: unknown): IngestResult {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'PasswordException') return { ok: false, problem: 'password' };
  if (name === 'InvalidPDFException') return { ok: false, problem: 'notPdf' };
  return { ok: false, problem: 'damaged' };
}

/**
 * Opens the PDF once and counts its pages, handing over the scanner's own JPEG of every plain
 * scanned page (pdf-lib finds them). Those pages never need a worker again, and no thread keeps a
 * parsed copy of the document for them.
 */
async function pdfInfo(task: Extract<IngestTask, { kind: 'pdfInfo' }>): Promise<IngestResult> {
  // Before any reader inflates anything: pdf-lib and pdf.js inflate without a cap (inflateBudget.ts).
  const bomb = firstInflateBomb(task.bytes);
  if (bomb) return { ok: false, problem: 'unpacksTooLarge', limitBytes: bomb.limit };
  // pdf-lib only reads the shared bytes (it copies out what it keeps), so no private copy here.
  let parsed = await loadForScans(task.bytes);
  let pages = 0;
  try {
    pages = parsed?.getPageCount() ?? 0;
  } catch {
    parsed = null; // no page tree to speak of
  }
  if (!parsed || pages === 0) {
    // pdf-lib is strict: encrypted, damaged or odd files are pdf.js's to judge (it repairs what
    // readers repair). A file pdf-lib reads needs no pdf.js copy until a page must be drawn.
    try {
      const pdf = await openPdf(task);
      pages = pdf.numPages;
      if (openDocument?.key === task.key) openDocument = null;
      await pdf.destroy();
    } catch (error) {
      return pdfProblem(error);
    }
  }
  const scans: (PageScan | null)[] = [];
  for (let pageIndex = 0; pageIndex < pages; pageIndex++) {
    const scan = parsed && scanJpegOf(parsed, pageIndex);
    scans.push(scan ? sizedScan(scan, task) : null);
  }
  const buffers = scans.flatMap((scan) => (scan ? [scan.jpeg.buffer] : []));
  return withBytesMoved({ ok: true, kind: 'pdfInfo', pages, scans }, buffers);
}

function sizedScan(scan: ScanJpeg, sizing: PageSizing): PageScan {
  const turned = scan.rotate % 180 !== 0;
  const width = turned ? scan.height : scan.width;
  const height = turned ? scan.width : scan.height;
  const scale = Math.min(sizing.dpi / 72, sizing.maxSide / Math.max(width, height, 1));
  return {
    // A copy of its own, so that it can be moved to the main thread alone.
    jpeg: new Uint8Array(scan.jpeg),
    rotate: scan.rotate,
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

interface CanvasAndContext {
  canvas: { width: number; height: number };
  context: { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}

interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(canvasAndContext: CanvasAndContext): void;
}

async function pdfPage(task: Extract<IngestTask, { kind: 'pdfPage' }>): Promise<IngestResult> {
  try {
    const pdf = await openPdf(task);
    const page = await pdf.getPage(task.pageIndex + 1);
    try {
      // The viewport includes the page's /Rotate, so the render comes out as the page is meant to be seen.
      const natural = page.getViewport({ scale: 1 });
      // At most `maxSide` pixels long (what is stored), so a poster-sized page cannot exhaust memory.
      const scale = Math.min(task.dpi / 72, task.maxSide / Math.max(natural.width, natural.height, 1));
      const viewport = page.getViewport({ scale });
      const width = Math.max(1, Math.round(viewport.width));
      const height = Math.max(1, Math.round(viewport.height));
      // The document's own canvas factory: drawing on canvases of another copy of @napi-rs/canvas
      // crashes Node (README, "Measured facts").
      const factory = (pdf as unknown as { canvasFactory: CanvasFactory }).canvasFactory;
      const target = factory.create(width, height);
      try {
        await page.render({
          canvas: target.canvas as unknown as Parameters<typeof page.render>[0]['canvas'],
          viewport,
          background: '#ffffff',
        }).promise;
        const rgba = new Uint8Array(target.context.getImageData(0, 0, width, height).data);
        return withBytesMoved({ ok: true, kind: 'pixels', width, height, pixels: rgba }, [rgba.buffer]);
      } finally {
        factory.destroy(target);
      }
    } finally {
      page.cleanup();
    }
  } catch (error) {
    return pdfProblem(error);
  }
}

async function heic(task: Extract<IngestTask, { kind: 'heic' }>): Promise<IngestResult> {
  const { default: decode } = await import('heic-decode');
  let images: Awaited<ReturnType<typeof decode.all>>;
  try {
    images = await decode.all({ buffer: new Uint8Array(task.bytes) });
  } catch {
    return { ok: false, problem: 'damaged' };
  }
  try {
    // The primary picture is the largest top-level one; the others are previews or bursts.
    const image = images.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    if (image.width * image.height > task.maxPixels) return { ok: false, problem: 'tooLarge', width: image.width, height: image.height };
    const decoded = await image.decode();
    // heic-decode applies the file's rotation and mirroring (irot, imir): these pixels are upright.
    const rgba = new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
    return withBytesMoved({ ok: true, kind: 'pixels', width: decoded.width, height: decoded.height, pixels: rgba }, [rgba.buffer]);
  } catch {
    return { ok: false, problem: 'damaged' };
  } finally {
    images.dispose();
  }
}

export default function run(task: IngestTask): Promise<IngestResult> {
  switch (task.kind) {
    case 'pdfInfo':
      return pdfInfo(task);
    case 'pdfPage':
      return pdfPage(task);
    case 'heic':
      return heic(task);
    case 'qrCodes':
      return readQrTexts(task.image).then(
        (texts): IngestResult => ({ ok: true, kind: 'qrCodes', texts }),
        (): IngestResult => ({ ok: false, problem: 'damaged' }),
      );
    case 'pageRegions':
      return detectPageRegions(Buffer.from(task.image.buffer, task.image.byteOffset, task.image.byteLength)).then(
        (regions): IngestResult => ({ ok: true, kind: 'pageRegions', ...regions }),
        (): IngestResult => ({ ok: false, problem: 'damaged' }),
      );
  }
}
