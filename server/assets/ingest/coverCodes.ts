// Reads the QR codes of cover sheets (README, "Classes") from a page image, in an ingest
// worker thread: ZXing C++ compiled to WebAssembly (zxing-wasm) runs synchronously for tens of
// milliseconds a page, which the main thread, serving live sync, must not spend.
//
// zxing-wasm fetches its .wasm from a CDN unless told otherwise; the server reaches no network,
// so the binary is read from the installed package and handed over as `wasmBinary`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { ReaderOptions } from 'zxing-wasm/reader';

const require = createRequire(import.meta.url);

/** The installed .wasm file of the reader build (zxing-wasm's package exports name it). */
export const ZXING_READER_WASM = require.resolve('zxing-wasm/reader/zxing_reader.wasm');

const READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  // Phone photos: skewed, unevenly lit; tryHarder finds codes the fast path misses. A QR code's
  // finder patterns are found at any angle, so tryRotate (for 1-D barcodes) is left off: it cost
  // four times as much (380 vs 83 ms a 1000-pixel page here) and found nothing more.
  tryHarder: true,
  tryRotate: false,
  tryInvert: false,
  maxNumberOfSymbols: 4,
};

let reader: Promise<typeof import('zxing-wasm/reader')> | null = null;

function loadReader(): Promise<typeof import('zxing-wasm/reader')> {
  reader ??= (async () => {
    const zxing = await import('zxing-wasm/reader');
    const wasmBinary = fs.readFileSync(ZXING_READER_WASM);
    await zxing.prepareZXingModule({
      overrides: {
        wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer,
        // Never a URL: anything else the module asks for is looked up beside the .wasm file.
        locateFile: (file: string) => `${ZXING_READER_WASM.slice(0, ZXING_READER_WASM.lastIndexOf('/') + 1)}${file}`,
      },
      fireImmediately: true,
    });
    return zxing;
  })();
  return reader;
}

/** The texts of the QR codes on an encoded image (JPEG or PNG bytes); [] when it has none. */
export async function readQrTexts(image: Uint8Array): Promise<string[]> {
  const zxing = await loadReader();
  // A private copy: the bytes may arrive in memory shared with the main thread.
  const results = await zxing.readBarcodes(new Uint8Array(image), READER_OPTIONS);
  return results.filter((result) => result.isValid && result.text !== '').map((result) => result.text);
}
