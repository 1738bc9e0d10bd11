// Turns one upload's files into students' cards, all in memory: every file is checked from its
// header first (kind, size in pixels, pages), then every page decoded, turned upright and sized.
// Any problem throws, naming its file, before anything is stored: a batch with one bad file
// changes nothing. Heavy decoding runs in worker threads (pool.ts) or in sharp's own threads.
import crypto from 'node:crypto';
import sharp from 'sharp';
import { serverBusy } from '../../budgets.js';
import type { HttpError } from '../../errors.js';
import { MAX_INPUT_PIXELS, type PreparedPage, pageAssetIds, preparePageImage } from '../pageImages.js';
import { isBlankPage } from './blank.js';
import { splitAtBlankSeparators, withoutBlankBacks } from './blankPages.js';
import { type CoverSheetOptions, type CoverStudent, cardsFromCoverSplit, coverStudentOf, splitAtCoverSheets } from './coverSheets.js';
import { detectFileKind, type FileKind } from './fileKinds.js';
import { groupPagesByStudent } from './grouping.js';
import { declaredHeifSize } from './heifBoxes.js';
import { type IngestPool, MemoryBudgetExceeded, sharedBytes, TaskTimeout } from './pool.js';
import { lowerDecodingThreadsPriority } from './priority.js';
import { uploadProblems as problems } from './problems.js';
import { studentLabelFromFileName } from './studentLabel.js';
import type { IngestResult, PageScan, WorkerProblem } from './worker.js';

/** Scans are rendered at 150 dpi: sharp enough to read pencil, 1275 × 1650 for US Letter. */
export const PDF_RENDER_DPI = 150;
/** Longest side of a rendered PDF page: the largest stored size, so nothing is rendered in vain. */
export const PDF_RENDER_MAX_SIDE = 2200;
const PDF_PAGE_SIZING = { dpi: PDF_RENDER_DPI, maxSide: PDF_RENDER_MAX_SIDE };
/** Images inside a PDF larger than this are skipped by pdf.js (a 600 dpi tabloid scan is 67 MP). */
export const MAX_PDF_IMAGE_PIXELS = 70_000_000;
/** libheif in WebAssembly needed 2.3 GB for a 200-megapixel photo (README, "Measured facts"); phones take 12–48. */
export const MAX_HEIC_PIXELS = 64_000_000;
/** A decoded HEIC this much smaller than it declares is only its preview (a truncated file). */
const PREVIEW_AREA_RATIO = 0.5;
/**
 * Pages read at once: three keep two worker threads busy while sharp sizes what they rendered;
 * photos alone go two at a time (sharp spreads each over the cores anyway), so a batch of
 * 12-megapixel photos holds only two decoded at once.
 */
const READ_CONCURRENCY = { withWorkers: 3, photosOnly: 2 };

export interface UploadedFile {
  /** As shown to the teacher (see `displayName`). */
  name: string;
  bytes: Buffer;
}

export interface IngestOptions {
  pagesPerStudent: number;
  maxPagesPerUpload: number;
  pageRenderTimeoutMs: number;
  pool: IngestPool;
  /** Whether a page of that content is stored already (the same file uploaded again). */
  isStored(assetId: string): Promise<boolean>;
  /** On a class's board: find its cover sheets and split the upload at them (coverSheets.ts). */
  coverSheets?: CoverSheetOptions;
  /** A blank sheet separates one student's pages from the next (instead of `pagesPerStudent`). */
  splitAtBlankPages?: boolean;
  /** Told after each page is read: how many of the upload's pages are read so far, of how many. */
  onPageRead?(read: number, total: number): void;
}

export interface IngestedPage {
  assetId: string;
  /** The sizes to store, or null when that page is stored already. */
  prepared: PreparedPage | null;
  blank: boolean;
  /** The student whose cover sheet this page is, when it is one. */
  cover?: CoverStudent | null;
}

export interface IngestedCard {
  student: string;
  pages: IngestedPage[];
  /** The roster's id of the student, when a cover sheet named them. */
  studentId?: string;
  /** Every page is blank: the card goes to the "No work shown" pile. */
  noWorkShown?: boolean;
}

export interface IngestResultSummary {
  cards: IngestedCard[];
  /** Cards' worth of blank pages left out (duplex backs). */
  skippedBlankPages: number;
}

type Reader = 'sharp' | 'heic' | 'pdf';

interface InspectedFile {
  file: UploadedFile;
  kind: FileKind;
  reader: Reader;
  pages: number;
  label: string;
  /** The file's bytes in memory the worker threads share (PDF, HEIC): posting a task copies nothing. */
  shared: Uint8Array | null;
  /** PDF: each page's own JPEG when it is a plain scan (sharp reads it; no worker needed). */
  scans: (PageScan | null)[] | null;
  /** Names the document in a worker's cache of the last opened PDF. */
  key: string;
  declaredHeic: { width: number; height: number } | null;
}

export async function ingestFiles(files: UploadedFile[], options: IngestOptions): Promise<IngestResultSummary> {
  // 1. From headers only, before any decoding: what each file is, how large, how many pages.
  const inspected: InspectedFile[] = [];
  let totalPages = 0;
  for (const file of files) {
    const one = await inspect(file, options);
    if (one.pages > options.maxPagesPerUpload) throw problems.tooManyPagesInFile(file.name, one.pages, options.maxPagesPerUpload);
    totalPages += one.pages;
    if (totalPages > options.maxPagesPerUpload) throw problems.tooManyPages(file.name, options.maxPagesPerUpload);
    inspected.push(one);
  }

  // 2. Every page decoded, upright and sized, in memory. The first problem stops the rest.
  const jobs: { file: InspectedFile; pageIndex: number; assetId: string }[] = [];
  for (const file of inspected) {
    const ids = await pageAssetIds(file.file.bytes, file.pages);
    ids.forEach((assetId, pageIndex) => {
      jobs.push({ file, pageIndex, assetId });
    });
  }
  const byAsset = new Map<string, Promise<IngestedPage>>();
  const concurrency = inspected.some((file) => file.reader !== 'sharp') ? READ_CONCURRENCY.withWorkers : READ_CONCURRENCY.photosOnly;
  let read = 0;
  options.onPageRead?.(0, jobs.length);
  const pages = await mapWithLimit(jobs, concurrency, async (job) => {
    // The same file twice in one batch is read once (and stored once: pages are content-addressed).
    let page = byAsset.get(job.assetId);
    if (!page) {
      // libvips starts threads as it needs them: lower any new ones before and after each page.
      lowerDecodingThreadsPriority();
      page = readPage(job.file, job.pageIndex, job.assetId, options)
        .then((read) => withCoverSheet(read, options))
        .finally(lowerDecodingThreadsPriority);
      byAsset.set(job.assetId, page);
    }
    const done = await page;
    options.onPageRead?.(++read, jobs.length);
    return done;
  });

  // 3. Pages into students' cards; blank pages only ever come from multi-page scans.
  const sources = inspected.map((file) => ({ label: file.label, pages: [] as IngestedPage[] }));
  jobs.forEach((job, index) => {
    sources[inspected.indexOf(job.file)]?.pages.push(pages[index] as IngestedPage);
  });
  inspected.forEach((file, index) => {
    if (file.kind === 'pdf' || file.kind === 'tiff') {
      if (sources[index]?.pages.every((page) => page.blank)) throw problems.blank(file.file.name);
    }
  });
  const split = options.coverSheets ? splitAtCoverSheets(sources) : null;
  if (split) {
    return cardsFromCoverSplit(
      split,
      (before) =>
        groupWithoutCoverSheets(
          before.map(({ fileIndex, pages }) => ({ label: sources[fileIndex]?.label ?? '', pages })),
          options,
        ),
      (student, pages, noWorkShown) => ({ student: student.name, studentId: student.studentId, pages, noWorkShown }),
    );
  }
  return groupWithoutCoverSheets(sources, options);
}

function groupWithoutCoverSheets(sources: { label: string; pages: IngestedPage[] }[], options: IngestOptions): IngestResultSummary {
  let skippedBlankPages = 0;
  const trimmed = sources.map((source) => {
    const { pages, dropped } = withoutBlankBacks(source.pages);
    skippedBlankPages += dropped;
    return { label: source.label, pages };
  });
  let groups: { student: string; pages: IngestedPage[] }[];
  if (options.splitAtBlankPages) {
    const split = splitAtBlankSeparators(trimmed);
    groups = split.groups;
    skippedBlankPages += split.separators;
  } else {
    groups = groupPagesByStudent(trimmed, options.pagesPerStudent);
  }
  const cards = groups.map((group) => (group.pages.every((page) => page.blank) ? { ...group, noWorkShown: true } : group));
  return { cards, skippedBlankPages };
}

/** The page, marked with the student whose cover sheet it is, on a class's board. */
async function withCoverSheet(page: IngestedPage, options: IngestOptions): Promise<IngestedPage> {
  if (!options.coverSheets || page.blank) return page;
  const image = page.prepared?.sizes.medium ?? (await options.coverSheets.readStored(page.assetId));
  return { ...page, cover: await coverStudentOf(image, options.pool, options.coverSheets) };
}

async function inspect(file: UploadedFile, options: IngestOptions): Promise<InspectedFile> {
  const { name, bytes } = file;
  if (bytes.length === 0) throw problems.empty(name);
  const detected = await detectFileKind(bytes);
  if (detected.kind === null) throw problems.unsupported(name, detected.looksLike);
  const kind = detected.kind;
  const base = {
    file,
    kind,
    label: studentLabelFromFileName(name),
    shared: null,
    scans: null,
    declaredHeic: null,
    key: crypto.randomUUID(),
  };

  if (kind === 'pdf') {
    const shared = shareWithWorkers(file);
    const task = { kind: 'pdfInfo' as const, bytes: shared, key: base.key, maxImagePixels: MAX_PDF_IMAGE_PIXELS, ...PDF_PAGE_SIZING };
    const info = await runInWorker(options, task, name, kind, null);
    if (info.kind !== 'pdfInfo') throw problems.notPdf(name);
    return { ...base, reader: 'pdf', pages: info.pages, shared, scans: info.scans };
  }

  if (kind === 'heic') {
    // HEIF holding AV1 (rare, from some Android phones) is sharp's to read; HEVC (iPhones) is not.
    const metadata = await sharp(bytes)
      .metadata()
      .catch(() => null);
    if (metadata?.compression === 'av1') return inspectWithSharp(base, name, bytes, options.maxPagesPerUpload);
    const declared = declaredHeifSize(bytes);
    if (!declared || declared.width === 0 || declared.height === 0) throw problems.damaged(name, kind);
    if (declared.width * declared.height > MAX_HEIC_PIXELS)
      throw problems.imageTooLarge(name, declared.width, declared.height, MAX_HEIC_PIXELS);
    return { ...base, reader: 'heic', pages: 1, shared: shareWithWorkers(file), declaredHeic: declared };
  }

  return inspectWithSharp(base, name, bytes, options.maxPagesPerUpload);
}

/**
 * The file's bytes moved into memory the worker threads share. The upload's own buffer is let go
 * (the file now reads from the shared copy), so a large PDF is held once, not twice, meanwhile.
 */
function shareWithWorkers(file: UploadedFile): Uint8Array {
  const shared = sharedBytes(file.bytes);
  file.bytes = Buffer.from(shared.buffer, shared.byteOffset, shared.byteLength);
  return shared;
}

async function inspectWithSharp(
  base: Omit<InspectedFile, 'reader' | 'pages'>,
  name: string,
  bytes: Buffer,
  maxPages: number,
): Promise<InspectedFile> {
  // The header alone: a 65536 × 65536 PNG is refused here, never decoded.
  const metadata = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!metadata?.width || !metadata.height) throw problems.damaged(name, base.kind);
  // Only TIFFs are documents of pages; an animated GIF or WebP is one picture (its first frame).
  const pages = base.kind === 'tiff' ? Math.max(1, metadata.pages ?? 1) : 1;
  // Before reading each page's header: a TIFF may claim any number of pages.
  if (pages > maxPages) throw problems.tooManyPagesInFile(name, pages, maxPages);
  for (let page = 0; page < pages; page++) {
    const size =
      page === 0
        ? metadata
        : await sharp(bytes, { limitInputPixels: false, page })
            .metadata()
            .catch(() => null);
    if (!size?.width || !size.height) throw problems.damaged(name, base.kind);
    const height = base.kind === 'tiff' ? size.height : (size.pageHeight ?? size.height);
    if (size.width * height > MAX_INPUT_PIXELS) throw problems.imageTooLarge(name, size.width, height, MAX_INPUT_PIXELS);
  }
  return { ...base, reader: 'sharp', pages };
}

async function readPage(file: InspectedFile, pageIndex: number, assetId: string, options: IngestOptions): Promise<IngestedPage> {
  if (await options.isStored(assetId)) return { assetId, prepared: null, blank: false };
  const { name, bytes } = file.file;
  let prepared: PreparedPage;
  if (file.reader === 'sharp') {
    prepared = await preparePageImage({ bytes, page: pageIndex }, assetId).catch((error: unknown) => {
      throw sharpProblem(error, name, file.kind);
    });
  } else if (file.reader === 'pdf') {
    const scan = file.scans?.[pageIndex];
    // A scanner's JPEG sharp cannot decode may still be something pdf.js can show.
    const fromScan = scan ? await scannedPage(scan, assetId) : null;
    prepared = fromScan ?? (await renderedPage(file, pageIndex, assetId, options));
  } else {
    const task = { kind: 'heic' as const, bytes: file.shared as Uint8Array, maxPixels: MAX_HEIC_PIXELS };
    const result = await runInWorker(options, task, name, file.kind, null);
    if (result.kind !== 'pixels') throw problems.damaged(name, file.kind);
    const declared = file.declaredHeic;
    if (declared && result.width * result.height < declared.width * declared.height * PREVIEW_AREA_RATIO) throw problems.onlyPreview(name);
    prepared = await preparePageImage({ pixels: result.pixels, width: result.width, height: result.height, channels: 4 }, assetId);
  }
  const blank = file.kind === 'pdf' || file.kind === 'tiff' ? await isBlankPage(prepared.sizes.medium) : false;
  return { assetId, prepared, blank };
}

/** A plain scanned page from its own JPEG, turned and sized as pdf.js would show it; null if sharp cannot read it. */
function scannedPage(scan: PageScan, assetId: string): Promise<PreparedPage | null> {
  const bytes = Buffer.from(scan.jpeg.buffer, scan.jpeg.byteOffset, scan.jpeg.byteLength);
  return preparePageImage({ bytes, rotate: scan.rotate, resize: { width: scan.width, height: scan.height } }, assetId).catch(() => null);
}

/** A PDF page drawn by pdf.js, whatever it holds. */
async function renderedPage(file: InspectedFile, pageIndex: number, assetId: string, options: IngestOptions): Promise<PreparedPage> {
  const task = {
    kind: 'pdfPage' as const,
    bytes: file.shared as Uint8Array,
    key: file.key,
    maxImagePixels: MAX_PDF_IMAGE_PIXELS,
    pageIndex,
    ...PDF_PAGE_SIZING,
  };
  const result = await runInWorker(options, task, file.file.name, file.kind, pageIndex + 1);
  if (result.kind !== 'pixels') throw problems.damaged(file.file.name, file.kind);
  return preparePageImage({ pixels: result.pixels, width: result.width, height: result.height, channels: 4 }, assetId);
}

/** Runs a worker task, turning its problems and time-outs into the teacher's messages. */
async function runInWorker(
  options: IngestOptions,
  task: Parameters<IngestPool['run']>[0],
  name: string,
  kind: FileKind,
  page: number | null,
): Promise<Extract<IngestResult, { ok: true }>> {
  let result: IngestResult;
  try {
    result = await options.pool.run(task, options.pageRenderTimeoutMs);
  } catch (error) {
    if (error instanceof TaskTimeout) throw problems.tooSlow(name, page, Math.round(options.pageRenderTimeoutMs / 1000));
    if (error instanceof MemoryBudgetExceeded) throw serverBusy('The server ran short of memory reading files and stopped.', 30);
    // A worker that cannot start at all is the server's fault, not the file's: a 500, logged.
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('ERR_WORKER_') && code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
    // The worker died under it (out of memory, say): the file is beyond what we can read.
    throw problems.damaged(name, kind);
  }
  if (result.ok) return result;
  throw workerProblem(result.problem, name, kind, result);
}

function workerProblem(
  problem: WorkerProblem,
  name: string,
  kind: FileKind,
  size: { width?: number; height?: number; limitBytes?: number },
): HttpError {
  switch (problem) {
    case 'password':
      return problems.passwordProtected(name);
    case 'notPdf':
      return problems.notPdf(name);
    case 'tooLarge':
      return problems.imageTooLarge(name, size.width ?? 0, size.height ?? 0, MAX_HEIC_PIXELS);
    case 'onlyPreview':
      return problems.onlyPreview(name);
    case 'unpacksTooLarge':
      return problems.unpacksTooLarge(name, size.limitBytes ?? 0);
    case 'damaged':
      return problems.damaged(name, kind);
  }
}

function sharpProblem(error: unknown, name: string, kind: FileKind): HttpError {
  const message = error instanceof Error ? error.message : '';
  if (/pixel limit/i.test(message)) return problems.imageTooLarge(name, 0, 0, MAX_INPUT_PIXELS);
  return problems.damaged(name, kind);
}

/** Maps `items` with at most `limit` at a time, in order; the first failure rejects at once. */
async function mapWithLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
