// Contact sheets: the tiny pictures of many pages in one JPEG, for a zoomed-out board. Fetching
// and decoding 500 tiny pictures one by one took a browser 2.5–4 s on a busy two-core machine;
// ten sheets of 48 decode and cut up in a tenth of that (test/bench/canvas.ts).
import sharp from 'sharp';
import { SHEET_CELL, SHEET_COLUMNS } from '../../shared/sheets.js';
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
 * is never stale; a deleted board's tokens no longer reach it. About 60 KB each.
 */
const recent = new Map<string, Promise<ContactSheet>>();
const RECENT_SHEETS = 256;

/**
 * The pages' tiny pictures on one white sheet, cell `i` at column `i % SHEET_COLUMNS`, row
 * `i / SHEET_COLUMNS`.
 */
export function contactSheet(store: AssetStore, boardId: string, assetIds: readonly string[]): Promise<ContactSheet> {
  const key = `${boardId}/${assetIds.join(',')}`;
  let sheet = recent.get(key);
  if (sheet) recent.delete(key);
  else {
    sheet = makeSheet(store, boardId, assetIds);
    // A failed sheet is not kept: the next request tries again.
    sheet.catch(() => recent.delete(key));
  }
  recent.set(key, sheet);
  if (recent.size > RECENT_SHEETS) recent.delete(recent.keys().next().value as string);
  return sheet;
}

/** Pixels are copied into one buffer and encoded once: compositing 48 overlays with sharp took ten times as long. */
async function makeSheet(store: AssetStore, boardId: string, assetIds: readonly string[]): Promise<ContactSheet> {
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
      return [w, h];
    }),
  );
  const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 74 })
    .toBuffer();
  return { jpeg, cells };
}
