// Decoded page images for the canvas, at the resolution the zoom needs: light when zoomed out,
// sharp when zoomed in. Images are decoded off the main thread (createImageBitmap) before Konva
// first draws them (README, "Measured facts": an undecoded JPEG blocks the first draw for 40–135 ms), and kept in a
// least-recently-used cache under a memory budget sized for the device, so a tablet holding a
// 500-card board does not run out of memory. Images a card is showing are never evicted.
import { SHEET_CELL, SHEET_COLUMNS, SHEET_MAX_CELLS } from '#shared/sheets.js';
import type { AssetSize } from '../sync/api.js';

/** Resolutions a card's picture can be drawn at, lightest first. */
export const IMAGE_LEVELS = ['tiny', 'thumb', 'medium', 'full'] as const;
export type ImageLevel = (typeof IMAGE_LEVELS)[number];

/**
 * What each level is made from: the served size, and a width to decode it down to. The server's
 * tiny size (240 px) decodes in a quarter of the time of a thumbnail: a zoomed-out board of 500
 * cards shows every picture in about a second instead of several.
 */
const SOURCES: Record<ImageLevel, { size: AssetSize; decodeWidth?: number }> = {
  tiny: { size: 'tiny' },
  thumb: { size: 'thumb' },
  medium: { size: 'medium' },
  full: { size: 'full' },
};

/** The level whose pixels cover `devicePixels` across (image width on screen × devicePixelRatio). */
export function levelFor(devicePixels: number): ImageLevel {
  if (devicePixels <= 180) return 'tiny';
  if (devicePixels <= 400) return 'thumb';
  if (devicePixels <= 1000) return 'medium';
  return 'full';
}

export type Drawable = ImageBitmap | HTMLImageElement;

export interface CachedImage {
  readonly key: string;
  readonly assetId: string;
  readonly level: ImageLevel;
  state: 'queued' | 'loading' | 'ready' | 'failed';
  image: Drawable | null;
  width: number;
  height: number;
  /** Components drawing it now: never evicted while above 0. */
  refs: number;
  /** Components waiting for it: a queued load nobody waits for any more is skipped. */
  waiting: number;
  lastUsed: number;
  evicted: boolean;
  done: Promise<CachedImage>;
  settle(): void;
}

/** Loads in flight at once: a browser fetches six per host, and the rest overlap with decoding. */
const CONCURRENCY = 12;
/**
 * Images that finish loading while others are still coming are handed to the cards together, this
 * often at most: each hand-over redraws the cards layer, and redrawing 500 cards for every one of
 * 500 pictures kept the main thread too busy to fetch the rest (a board took 15 s to show them all).
 */
const SETTLE_BATCH_MS = 120;
/** An evicted image is closed this long after, when nothing still holds it (a last frame may draw it). */
const CLOSE_DELAY_MS = 3000;

/** A budget for decoded pixels that fits the device: generous on desktops, modest on tablets. */
export function defaultBudgetBytes(): number {
  const memory = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  const touch = typeof window !== 'undefined' && window.matchMedia?.('(pointer: coarse)').matches;
  if (memory === undefined) return (touch ? 160 : 320) * 1024 * 1024;
  return Math.min(512, Math.max(96, memory * 48)) * 1024 * 1024;
}

export class ImageCache {
  private readonly entries = new Map<string, CachedImage>();
  private readonly queue: CachedImage[] = [];
  private running = 0;
  private bytes = 0;
  private settling: CachedImage[] = [];
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  private destroyed = false;

  constructor(
    private readonly urlFor: (assetId: string, size: AssetSize) => string,
    readonly budgetBytes = defaultBudgetBytes(),
  ) {}

  /**
   * The entry of an asset at a level, loading it if needed; counts the caller as waiting for it
   * until `unwant`. A load nobody waits for when its turn comes is skipped.
   */
  want(assetId: string, level: ImageLevel): CachedImage {
    const key = `${level}:${assetId}`;
    let entry = this.entries.get(key);
    if (entry && entry.state === 'failed') {
      // A failed load may have been a dropped connection: a later request tries again.
      this.entries.delete(key);
      entry = undefined;
    }
    if (!entry) {
      let settle = () => {};
      const created: CachedImage = {
        key,
        assetId,
        level,
        state: 'queued',
        image: null,
        width: 0,
        height: 0,
        refs: 0,
        waiting: 0,
        lastUsed: performance.now(),
        evicted: false,
        done: Promise.resolve(null as unknown as CachedImage),
        settle: () => settle(),
      };
      created.done = new Promise<CachedImage>((resolve) => {
        settle = () => resolve(created);
      });
      this.entries.set(key, created);
      this.queue.push(created);
      entry = created;
      queueMicrotask(() => this.pump());
    }
    entry.waiting++;
    return entry;
  }

  unwant(entry: CachedImage): void {
    entry.waiting = Math.max(0, entry.waiting - 1);
  }

  /** The sharpest ready image of an asset no sharper than `level`, else any ready one. */
  best(assetId: string, level: ImageLevel): CachedImage | null {
    const wanted = IMAGE_LEVELS.indexOf(level);
    let fallback: CachedImage | null = null;
    for (let i = IMAGE_LEVELS.length - 1; i >= 0; i--) {
      const entry = this.entries.get(`${IMAGE_LEVELS[i]}:${assetId}`);
      if (entry?.state !== 'ready') continue;
      if (i <= wanted) return entry;
      fallback = entry;
    }
    return fallback;
  }

  retain(entry: CachedImage): void {
    entry.refs++;
    entry.lastUsed = performance.now();
  }

  release(entry: CachedImage): void {
    entry.refs = Math.max(0, entry.refs - 1);
    entry.lastUsed = performance.now();
    if (entry.evicted && entry.refs === 0) this.close(entry);
    else this.trim();
  }

  /** Decoded bytes held, for the benchmark and tests. */
  get heldBytes(): number {
    return this.bytes;
  }

  destroy(): void {
    this.destroyed = true;
    clearTimeout(this.settleTimer);
    this.queue.length = 0;
    for (const entry of this.entries.values()) this.close(entry);
    this.entries.clear();
    this.bytes = 0;
  }

  private pump(): void {
    while (this.running < CONCURRENCY && this.queue.length > 0 && !this.destroyed) {
      const entry = this.queue.shift() as CachedImage;
      if (entry.waiting === 0 && entry.refs === 0) {
        // Scrolled away before its turn: forget it; a later request starts over.
        this.entries.delete(entry.key);
        entry.state = 'failed';
        entry.settle();
        continue;
      }
      // Tiny pictures travel together on contact sheets; the others one by one.
      const group = entry.level === 'tiny' && sheetsWork() ? [entry, ...this.takeQueuedTiny(SHEET_MAX_CELLS - 1)] : [entry];
      this.running++;
      for (const each of group) each.state = 'loading';
      const loaded = group.length > 1 ? this.loadSheet(group) : this.load(entry);
      void loaded.finally(() => {
        this.running--;
        for (const each of group) this.settleSoon(each);
        this.trim();
        this.pump();
      });
    }
  }

  /** Takes up to `count` queued tiny pictures someone still waits for off the queue. */
  private takeQueuedTiny(count: number): CachedImage[] {
    const taken: CachedImage[] = [];
    for (let i = 0; i < this.queue.length && taken.length < count; ) {
      const entry = this.queue[i] as CachedImage;
      if (entry.level === 'tiny' && (entry.waiting > 0 || entry.refs > 0)) {
        taken.push(entry);
        this.queue.splice(i, 1);
      } else i++;
    }
    return taken;
  }

  /**
   * Loads tiny pictures from one contact sheet (server/assets/sheets.ts) and cuts each out as its
   * own bitmap; if the sheet fails, each is loaded on its own.
   */
  private async loadSheet(group: CachedImage[]): Promise<void> {
    // The sheet's address is its pages' address with the ids listed: …/sheets?assets=<id,id,…>&…
    const url = this.urlFor(group.map((entry) => entry.assetId).join(','), 'tiny').replace(/\/assets\/([^?]*)\?/, '/sheets?assets=$1&');
    let sheet: ImageBitmap | null = null;
    try {
      const response = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer' });
      if (!response.ok) throw new Error(`sheet answered ${response.status}`);
      const cells = JSON.parse(response.headers.get('X-Sheet-Cells') ?? '[]') as [number, number][];
      sheet = await createImageBitmap(await response.blob());
      const cut = sheet;
      await Promise.all(
        group.map(async (entry, index) => {
          const [w = 0, h = 0] = cells[index] ?? [];
          if (w <= 0 || h <= 0) {
            entry.state = 'failed';
            return;
          }
          const x = (index % SHEET_COLUMNS) * SHEET_CELL;
          const y = Math.floor(index / SHEET_COLUMNS) * SHEET_CELL;
          this.keep(entry, await createImageBitmap(cut, x, y, w, h));
        }),
      );
    } catch {
      await Promise.all(group.filter((entry) => entry.state !== 'ready').map((entry) => this.load(entry)));
    } finally {
      sheet?.close();
    }
  }

  private async load(entry: CachedImage): Promise<void> {
    const source = SOURCES[entry.level];
    const url = this.urlFor(entry.assetId, source.size);
    try {
      this.keep(entry, await decode(url, source.decodeWidth));
    } catch {
      entry.state = 'failed';
    }
  }

  private keep(entry: CachedImage, image: Drawable): void {
    if (this.destroyed) {
      if ('close' in image) image.close();
      return;
    }
    entry.image = image;
    entry.width = 'naturalWidth' in image ? image.naturalWidth : image.width;
    entry.height = 'naturalHeight' in image ? image.naturalHeight : image.height;
    entry.state = 'ready';
    this.bytes += entry.width * entry.height * 4;
  }

  /** Hands a loaded image over with the others that finish around it; at once when it is the last. */
  private settleSoon(entry: CachedImage): void {
    this.settling.push(entry);
    const idle = this.running === 0 && this.queue.length === 0;
    if (!idle && this.settleTimer !== undefined) return;
    clearTimeout(this.settleTimer);
    const flush = () => {
      this.settleTimer = undefined;
      const settled = this.settling;
      this.settling = [];
      for (const each of settled) each.settle();
    };
    if (idle) flush();
    else this.settleTimer = setTimeout(flush, SETTLE_BATCH_MS);
  }

  /** Evicts the least recently used images nobody draws until the budget holds. */
  private trim(): void {
    if (this.bytes <= this.budgetBytes) return;
    // A picture a card is drawing, or has just asked for and not yet drawn, is not idle.
    const idle = [...this.entries.values()].filter((entry) => entry.state === 'ready' && entry.refs === 0 && entry.waiting === 0);
    idle.sort((a, b) => a.lastUsed - b.lastUsed);
    for (const entry of idle) {
      if (this.bytes <= this.budgetBytes * 0.85) break;
      this.entries.delete(entry.key);
      entry.evicted = true;
      this.bytes -= entry.width * entry.height * 4;
      setTimeout(() => entry.refs === 0 && this.close(entry), CLOSE_DELAY_MS);
    }
  }

  private close(entry: CachedImage): void {
    const image = entry.image;
    entry.image = null;
    if (image && 'close' in image) image.close();
  }
}

/** Sheets are cut up with createImageBitmap, which every current browser has. */
const sheetsWork = () => typeof createImageBitmap === 'function';

let bitmapResize: boolean | undefined;

/** Fetches and decodes an image off the main thread; falls back to an <img> where bitmaps cannot. */
async function decode(url: string, width?: number): Promise<Drawable> {
  if (typeof createImageBitmap === 'function') {
    const response = await fetch(url, { credentials: 'omit', referrerPolicy: 'no-referrer' });
    if (!response.ok) throw new Error(`image answered ${response.status}`);
    const blob = await response.blob();
    if (width !== undefined && bitmapResize !== false) {
      try {
        const bitmap = await createImageBitmap(blob, { resizeWidth: width, resizeQuality: 'medium' });
        bitmapResize = true;
        return bitmap;
      } catch {
        // Older Safari decodes bitmaps but cannot resize them.
        bitmapResize = false;
      }
    }
    return createImageBitmap(blob);
  }
  const image = new window.Image();
  image.decoding = 'async';
  image.src = url;
  await image.decode();
  return image;
}
