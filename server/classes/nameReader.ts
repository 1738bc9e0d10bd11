// Reads printed names from the name region of a page, for "Who is this?" (README, "Classes").
// Tesseract (tesseract.js: the C++ engine as WebAssembly, in a worker thread of its own) runs here
// in the server rather than in the browser: the language data ships as an npm package
// (`@tesseract.js-data/eng`) and is read from disk, nothing is fetched at run time, the browser
// downloads no 7 MB of engine and model, and its Content-Security-Policy need not allow workers
// from blobs. It runs on request, for the cards a person is naming, never during an upload: an
// upload of a class with cover sheets needs none of it.
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type { PageRect } from '#shared/pageGeometry.js';
import { MAX_INPUT_PIXELS } from '../assets/pageImages.js';

/** The engine is let go after this long unused: it holds ~100 MB while loaded. */
const IDLE_MS = 60_000;
/** Text narrower than this in the crop is upscaled: Tesseract reads letters of 20–40 px best. */
const MIN_CROP_WIDTH = 1600;

interface Engine {
  recognize(image: Buffer): Promise<{ data: { text: string } }>;
  terminate(): Promise<unknown>;
}

let engine: Promise<Engine> | null = null;
let idleTimer: NodeJS.Timeout | null = null;
/** One page at a time: the engine is single-threaded, and a queue keeps memory flat. */
let queue: Promise<unknown> = Promise.resolve();

function languageFolder(): string {
  const require = createRequire(import.meta.url);
  // The LSTM-only "best_int" model: 3 MB, and what the LSTM engine reads.
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

async function startEngine(): Promise<Engine> {
  const tesseract = await import('tesseract.js');
  const { createWorker, OEM } = (tesseract as unknown as { default?: typeof tesseract }).default ?? tesseract;
  // cacheMethod 'none': the model is read from the package, never copied into the working folder.
  return (await createWorker('eng', OEM.LSTM_ONLY, { langPath: languageFolder(), cacheMethod: 'none', gzip: true })) as Engine;
}

function releaseLater(): void {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void stopNameReader(), IDLE_MS);
  idleTimer.unref();
}

/** Stops the engine (idle, or the server closing). */
export async function stopNameReader(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  const running = engine;
  engine = null;
  if (running) await (await running.catch(() => null))?.terminate();
}

/** The part of a page inside `band` (0..1 of the page), grey and large enough to read. */
export async function cropNameRegion(page: Buffer, band: PageRect): Promise<Buffer> {
  const image = sharp(page, { limitInputPixels: MAX_INPUT_PIXELS });
  const { width = 0, height = 0 } = await image.metadata();
  const left = Math.max(0, Math.floor(band.x * width));
  const top = Math.max(0, Math.floor(band.y * height));
  const cropWidth = Math.max(1, Math.min(width - left, Math.ceil(band.w * width)));
  const cropHeight = Math.max(1, Math.min(height - top, Math.ceil(band.h * height)));
  const crop = image.extract({ left, top, width: cropWidth, height: cropHeight }).greyscale();
  if (cropWidth < MIN_CROP_WIDTH) crop.resize({ width: MIN_CROP_WIDTH });
  return crop.normalise().png().toBuffer();
}

/** The text Tesseract reads in `image` (a PNG or JPEG), or '' when it reads nothing. */
export function readText(image: Buffer): Promise<string> {
  const turn = queue.then(async () => {
    // A failed start is not kept: the next page tries again.
    engine ??= startEngine().catch((error: unknown) => {
      engine = null;
      throw error;
    });
    try {
      const result = await (await engine).recognize(image);
      return result.data.text.replace(/\s+/g, ' ').trim();
    } finally {
      releaseLater();
    }
  });
  // A failed page must not stop the pages queued after it.
  queue = turn.catch(() => undefined);
  return turn;
}
