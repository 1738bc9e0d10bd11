// How much a PDF's compressed streams unpack to, measured before any PDF reader sees the file.
// pdf-lib (object streams), pdf.js (content streams, fonts, images) and our own scan reading all
// inflate Flate streams without a cap on what they produce, and that memory lies outside a worker
// thread's heap limit: a 49 KB stream unpacks to 48 MiB, a nested one to gigabytes. Each stream is
// inflated here 4 KB at a time, its output counted and thrown away (memory: a few MB), and the
// file is refused if any stream unpacks to more than it could honestly need: an image its declared
// pixels, anything else a fixed budget. Runs in a worker thread, within the task's time limit.
import { Unzlib } from 'fflate';

export interface InflateLimits {
  /** Most bytes a stream that is not an image (page content, font, object stream) may unpack to. */
  maxStreamBytes: number;
  /** Most bytes an image stream may unpack to, whatever its declared size. */
  maxImageBytes: number;
}

export const DEFAULT_INFLATE_LIMITS: InflateLimits = {
  // A vector drawing's page content is a few MiB at most; 64 MiB leaves room for the odd CAD export.
  maxStreamBytes: 64 * 1024 * 1024,
  // 70 megapixels of RGB (the largest image pdf.js is let decode, MAX_PDF_IMAGE_PIXELS) is 200 MiB.
  maxImageBytes: 224 * 1024 * 1024,
};

/** Deflate cannot do better than about 1032:1, so a stream this much smaller than its budget is safe unmeasured. */
const DEFLATE_MAX_RATIO = 1032;
/** Image data may carry a little more than its pixels (PNG predictor bytes, padding). */
const IMAGE_SLACK_BYTES = 1024 * 1024;
/** How far back from `stream` its dictionary may start; real ones are a few hundred bytes. */
const MAX_DICTIONARY_BYTES = 16 * 1024;

export interface OverBudget {
  /** What the stream was allowed to unpack to, in bytes. */
  limit: number;
}

const latin1 = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');

/**
 * The first Flate stream of the file that unpacks to more than its budget, or null when none
 * does. Streams it cannot measure (encrypted, another filter first, damaged) are left to the
 * readers and the process's ingest memory watch (pool.ts).
 */
export function firstInflateBomb(bytes: Uint8Array, limits: InflateLimits = DEFAULT_INFLATE_LIMITS): OverBudget | null {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let index: ObjectIndex | null = null;
  const objects = () => (index ??= indexObjects(text));
  let at = 0;
  for (;;) {
    const keyword = text.indexOf('stream', at, 'latin1');
    if (keyword < 0) return null;
    at = keyword + 6;
    // `endstream` contains `stream` too; and a stream keyword ends its line.
    if (keyword >= 3 && latin1(bytes, keyword - 3, keyword) === 'end') continue;
    const eol = text[at] === 0x0d && text[at + 1] === 0x0a ? 2 : text[at] === 0x0a || text[at] === 0x0d ? 1 : 0;
    if (eol === 0) continue;
    const dictionary = dictionaryBefore(bytes, keyword);
    if (dictionary === null) continue;
    const stages = flateStages(dictionary, text, objects);
    if (stages === 0) continue;
    const start = at + eol;
    const end = streamEnd(text, start, dictionary, objects);
    at = end;
    const limit = streamLimit(dictionary, limits);
    if ((end - start) * DEFLATE_MAX_RATIO ** stages <= limit) continue;
    if (unpacksBeyond(bytes.subarray(start, end), stages, limit)) return { limit };
  }
}

/** The `<< … >>` just before `stream` (skipping whitespace), or null. */
function dictionaryBefore(bytes: Uint8Array, keyword: number): string | null {
  let end = keyword;
  while (end > 0 && isWhitespace(bytes[end - 1] as number)) end--;
  if (end < 2 || bytes[end - 1] !== 0x3e || bytes[end - 2] !== 0x3e) return null;
  // Walk back to the `<<` that opens it, counting nested dictionaries.
  let depth = 0;
  const floor = Math.max(0, end - MAX_DICTIONARY_BYTES);
  for (let i = end - 1; i > floor; i--) {
    if (bytes[i] === 0x3e && bytes[i - 1] === 0x3e) {
      depth++;
      i--;
    } else if (bytes[i] === 0x3c && bytes[i - 1] === 0x3c) {
      depth--;
      i--;
      if (depth === 0) return latin1(bytes, i, end);
    }
  }
  return null;
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
}

/**
 * How many Flate stages the stream's filter chain is made of; 0 unless it is Flate only. A filter
 * given as a reference (`/Filter 12 0 R`) is looked up, as pdf.js would.
 */
function flateStages(dictionary: string, text: Buffer, objects: () => ObjectIndex): number {
  const match = /\/Filter\s*(\[[^\]]*\]|\/[A-Za-z0-9]+|\d+\s+\d+\s+R)/.exec(dictionary);
  if (!match) return 0;
  let value = match[1] as string;
  const ref = /^(\d+)\s+(\d+)\s+R$/.exec(value);
  if (ref) value = indirectObject(text, objects, Number(ref[1]), Number(ref[2])) ?? '';
  const names = value.match(/\/[A-Za-z0-9]+/g) ?? [];
  if (names.length === 0 || !names.every((name) => name === '/FlateDecode' || name === '/Fl')) return 0;
  return names.length;
}

/** Where each indirect object's header (`12 0 obj`) is, found in one pass on first need. */
type ObjectIndex = Map<string, number[]>;

function indexObjects(text: Buffer): ObjectIndex {
  const index: ObjectIndex = new Map();
  for (let at = text.indexOf('obj', 0, 'latin1'); at >= 0; at = text.indexOf('obj', at + 3, 'latin1')) {
    const header = /(\d+)\s+(\d+)\s+$/.exec(text.toString('latin1', Math.max(0, at - 24), at));
    if (!header) continue;
    const key = `${Number(header[1])} ${Number(header[2])}`;
    index.set(key, [...(index.get(key) ?? []), at + 3]);
  }
  return index;
}

/** The text of a small indirect object (`12 0 obj … endobj`), or null; the last one wins, as in an updated file. */
function indirectObject(text: Buffer, objects: () => ObjectIndex, number: number, generation: number): string | null {
  const starts = objects().get(`${number} ${generation}`) ?? [];
  for (const start of [...starts].reverse()) {
    const body = text.toString('latin1', start, Math.min(text.length, start + 256));
    const end = body.indexOf('endobj');
    if (end >= 0) return body.slice(0, end).trim();
  }
  return null;
}

/**
 * Where the stream's data ends: its /Length (direct, or the object it refers to) when that lands on
 * `endstream`, as pdf.js checks it; else the next `endstream`, where pdf.js looks too.
 */
function streamEnd(text: Buffer, start: number, dictionary: string, objects: () => ObjectIndex): number {
  const direct = /\/Length\s+(\d+)(?!\d)(?!\s+\d+\s+R)/.exec(dictionary)?.[1];
  const ref = /\/Length\s+(\d+)\s+(\d+)\s+R/.exec(dictionary);
  const length = direct ?? (ref ? /^\d+$/.exec(indirectObject(text, objects, Number(ref[1]), Number(ref[2])) ?? '')?.[0] : undefined);
  if (length !== undefined) {
    const end = start + Number(length);
    if (end <= text.length && /^\s*endstream/.test(text.toString('latin1', end, Math.min(text.length, end + 12)))) return end;
  }
  const found = text.indexOf('endstream', start, 'latin1');
  return found < 0 ? text.length : found;
}

/** An image may unpack to its pixels (4 components at most, CMYK) and a little; anything else to the fixed budget. */
function streamLimit(dictionary: string, limits: InflateLimits): number {
  if (!/\/Subtype\s*\/Image\b/.test(dictionary)) return limits.maxStreamBytes;
  const number = (key: string) => {
    const match = new RegExp(`/${key}\\s+(\\d+)(?!\\d)(?!\\s+\\d+\\s+R)`).exec(dictionary);
    return match ? Number(match[1]) : null;
  };
  const width = number('Width');
  const height = number('Height');
  if (width === null || height === null) return limits.maxStreamBytes;
  const bits = number('BitsPerComponent') ?? 8;
  const rowBytes = Math.ceil((width * 4 * Math.min(bits, 16)) / 8) + 1;
  return Math.min(limits.maxImageBytes, rowBytes * height + IMAGE_SLACK_BYTES);
}

/** Compressed bytes handed to the inflater at a time: at most ~4 MB of output each (deflate's best ratio). */
const INPUT_CHUNK_BYTES = 4096;

/** Thrown from an inflater's output to stop it at the budget. */
const OVER = Symbol('over budget');

/**
 * Whether `data`, inflated `stages` times over, comes to more than `limit` bytes at any stage.
 * Damaged or truncated data counts what it gave before the damage, as the readers would. Runs
 * synchronously in the calling (worker) thread, which yields the CPU to the main thread; zlib's
 * own streams would run on libuv's thread pool, at the main thread's priority.
 */
function unpacksBeyond(data: Uint8Array, stages: number, limit: number): boolean {
  const produced = new Array<number>(stages).fill(0);
  const inflaters = Array.from({ length: stages }, () => new Unzlib());
  inflaters.forEach((inflater, index) => {
    inflater.ondata = (chunk, final) => {
      produced[index] = (produced[index] as number) + chunk.length;
      if ((produced[index] as number) > limit) throw OVER;
      const next = inflaters[index + 1];
      // The next stage gets the output in small pieces too, so that it cannot burst either.
      if (next)
        for (let at = 0; at < chunk.length || (final && at === 0); at += INPUT_CHUNK_BYTES) {
          const end = Math.min(chunk.length, at + INPUT_CHUNK_BYTES);
          next.push(chunk.subarray(at, end), final && end >= chunk.length);
        }
    };
  });
  const first = inflaters[0] as Unzlib;
  try {
    for (let at = 0; at < data.length; at += INPUT_CHUNK_BYTES) {
      const end = Math.min(data.length, at + INPUT_CHUNK_BYTES);
      first.push(data.subarray(at, end), end >= data.length);
    }
  } catch (error) {
    if (error === OVER) return true;
    // Damaged data: what it unpacked to so far was within the budget.
  }
  return false;
}
