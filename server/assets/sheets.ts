// Contact sheets: the tiny pictures of many pages in one JPEG, for a zoomed-out board. Fetching
// and decoding 500 tiny pictures one by one took a browser 2.5–4 s on a busy two-core machine;
// ten sheets of 48 decode and cut up in a tenth of that (test/bench/canvas.ts).
import sharp from 'sharp';
import type { PageRect } from '#shared/pageGeometry.js';
import { SHEET_CELL, SHEET_COLUMNS } from '#shared/sheets.js';
import type { AssetStore } from './assetStore.js';
import { smallerSize } from './pageImages.js';

export interface ContactSheet {
  jpeg: Buffer;
  /** Width and height of each page's picture, at the top-left of its cell; [0, 0] for a missing page. */
  cells: [number, number][];
}

/** Tiny sizes being made right now, so two viewers asking at once make (and write) one. */
const making = new Map<string, Promise<Buffer | null>>();

/** The tiny size of a page, made from the thumbnail (and kept) for pages stored before there was one. */
export async function readTiny(store: AssetStore, boardId: string, assetId: string): Promise<Buffer | null> {
  const stored = await store.read(boardId, assetId, 'tiny');
  if (stored) return stored;
  const key = `${boardId}/${assetId}`;
  let made = making.get(key);
  if (!made) {
    made = (async () => {
      const thumb = await store.read(boardId, assetId, 'thumb');
      if (!thumb) return null;
      const tiny = await smallerSize(thumb, 'tiny');
      await store.put(boardId, assetId, 'tiny', tiny);
      return tiny;
    })().finally(() => making.delete(key));
    making.set(key, made);
  }
  return made;
}

/**
 * Sheets made recently, by board and page list: everyone opening a board asks for the same ones,
 * and making one costs 50–400 ms of a core. Pages never change (content-addressed), so a kept sheet
 * is never stale; a deleted board's tokens no longer reach it. A client may ask for any list of a
 * board's pages in any order, so the cache is bounded twice: a board keeps at most `perBoard`
 * sheets (asking for permutations only evicts that board's own), and all boards' sheets at most
 * `bytes` together (a sheet is 5–60 KB).
 */
export interface SheetCacheLimits {
  perBoard: number;
  bytes: number;
}

export const SHEET_CACHE_LIMITS: SheetCacheLimits = { perBoard: 48, bytes: 24 * 1024 * 1024 };

interface Kept<T> {
  boardId: string;
  value: Promise<T>;
  /** Known once made; counted against the byte budget from then on. */
  bytes: number;
}

export interface SheetCache<T> {
  /** The kept value for `key`, or the one `make` starts (and keeps, unless it fails). */
  get(boardId: string, key: string, make: () => Promise<T>): Promise<T>;
  readonly sheets: number;
  readonly bytes: number;
  sheetsOf(boardId: string): number;
}

/** A least-recently-used cache under `limits`; `size` says how many bytes a made value holds. */
export function createSheetCache<T>(limits: SheetCacheLimits, size: (value: T) => number): SheetCache<T> {
  const kept = new Map<string, Kept<T>>();
  const perBoard = new Map<string, number>();
  let bytes = 0;
  const drop = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    kept.delete(key);
    bytes -= entry.bytes;
    const left = (perBoard.get(entry.boardId) ?? 1) - 1;
    if (left === 0) perBoard.delete(entry.boardId);
    else perBoard.set(entry.boardId, left);
  };
  const evictOldest = (boardId: string | null) => {
    for (const [key, entry] of kept) {
      if (boardId === null || entry.boardId === boardId) {
        drop(key);
        return;
      }
    }
  };
  return {
    get sheets() {
      return kept.size;
    },
    get bytes() {
      return bytes;
    },
    sheetsOf: (boardId) => perBoard.get(boardId) ?? 0,
    get(boardId, key, make) {
      const hit = kept.get(key);
      if (hit) {
        // Most recently used last, so eviction takes the least recently used first.
        kept.delete(key);
        kept.set(key, hit);
        return hit.value;
      }
      if ((perBoard.get(boardId) ?? 0) >= limits.perBoard) evictOldest(boardId);
      const entry: Kept<T> = { boardId, value: make(), bytes: 0 };
      kept.set(key, entry);
      perBoard.set(boardId, (perBoard.get(boardId) ?? 0) + 1);
      entry.value.then(
        (value) => {
          if (kept.get(key) !== entry) return;
          entry.bytes = size(value);
          bytes += entry.bytes;
          while (bytes > limits.bytes && kept.size > 1) evictOldest(null);
        },
        // A failed sheet is not kept: the next request tries again.
        () => {
          if (kept.get(key) === entry) drop(key);
        },
      );
      return entry.value;
    },
  };
}

export const recentSheets = createSheetCache<ContactSheet>(SHEET_CACHE_LIMITS, (sheet) => sheet.jpeg.length + sheet.cells.length * 16);

/**
 * The pages' tiny pictures on one white sheet, cell `i` at column `i % SHEET_COLUMNS`, row
 * `i / SHEET_COLUMNS`. `admit` is awaited before a sheet is made (not when it is kept): it takes
 * a turn of the process's sheet budget, or throws the caller's refusal.
 */
export function contactSheet(
  store: AssetStore,
  boardId: string,
  assetIds: readonly string[],
  admit: () => Promise<() => void> = async () => () => {},
  nameBands: readonly PageRect[] | null = null,
): Promise<ContactSheet> {
  // Masked sheets are kept apart, by the bands they mask (the team can mark another band).
  const masked = nameBands ? `#${nameBands.map((band) => [band.x, band.y, band.w, band.h].join(':')).join(',')}` : '';
  return recentSheets.get(boardId, `${boardId}/${assetIds.join(',')}${masked}`, async () => {
    const release = await admit();
    try {
      return await makeSheet(store, boardId, assetIds, nameBands);
    } finally {
      release();
    }
  });
}

/** Pixels are copied into one buffer and encoded once: compositing 48 overlays with sharp took ten times as long. */
async function makeSheet(
  store: AssetStore,
  boardId: string,
  assetIds: readonly string[],
  nameBands: readonly PageRect[] | null,
): Promise<ContactSheet> {
  const columns = Math.min(SHEET_COLUMNS, assetIds.length);
  const rows = Math.ceil(assetIds.length / SHEET_COLUMNS);
  const width = columns * SHEET_CELL;
  const height = rows * SHEET_CELL;
  const pixels = Buffer.alloc(width * height * 3, 255);
  const cells = await Promise.all(
    assetIds.map(async (assetId, index): Promise<[number, number]> => {
      const tiny = await readTiny(store, boardId, assetId);
      if (!tiny) return [0, 0];
      const { data, info } = await sharp(tiny).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const w = Math.min(info.width, SHEET_CELL);
      const h = Math.min(info.height, SHEET_CELL);
      const left = (index % SHEET_COLUMNS) * SHEET_CELL;
      const top = Math.floor(index / SHEET_COLUMNS) * SHEET_CELL;
      for (let y = 0; y < h; y++) {
        data.copy(pixels, ((top + y) * width + left) * 3, y * info.width * 3, (y * info.width + w) * 3);
      }
      const band = nameBands?.[index];
      if (band) paintBand(pixels, width, { left, top, w, h }, band);
      return [w, h];
    }),
  );
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 74 })
    .toBuffer();
  return { jpeg, cells };
}

/** The mask's grey (nameMask.ts's MASK_COLOR) as RGB. */
const MASK_RGB = [0xd9, 0xdc, 0xe1] as const;

/** Paints a page's name band over its cell, rounded outwards like nameMask.ts. */
function paintBand(pixels: Buffer, sheetWidth: number, cell: { left: number; top: number; w: number; h: number }, band: PageRect) {
  const x0 = Math.max(0, Math.floor(band.x * cell.w));
  const y0 = Math.max(0, Math.floor(band.y * cell.h));
  const x1 = Math.min(cell.w, Math.ceil((band.x + band.w) * cell.w));
  const y1 = Math.min(cell.h, Math.ceil((band.y + band.h) * cell.h));
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = ((cell.top + y) * sheetWidth + cell.left + x) * 3;
      pixels[i] = MASK_RGB[0];
      pixels[i + 1] = MASK_RGB[1];
      pixels[i + 2] = MASK_RGB[2];
    }
  }
}
