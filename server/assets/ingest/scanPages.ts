// The scanner's own JPEG of a page, when a PDF page is nothing but that: one JPEG drawn over the
// whole page, as copiers and scanning apps write them. Such a page is decoded by sharp
// (libjpeg-turbo, shrinking while it decodes) in a tenth of the time pdf.js takes to decode the
// same JPEG in JavaScript and draw it. Anything else on the page, or any doubt, answers null and
// the page is rendered by pdf.js as usual. Runs in a worker thread (pdf-lib parses synchronously).
import zlib from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, type PDFPage, PDFRawStream, PDFRef } from 'pdf-lib';

export interface ScanJpeg {
  jpeg: Uint8Array;
  /** Clockwise turn the page's /Rotate asks for. */
  rotate: 0 | 90 | 180 | 270;
  /** The page's visible box, in points, before rotation. */
  width: number;
  height: number;
}

/** Parses `bytes` with pdf-lib, or null when it cannot (encrypted, damaged: pdf.js then decides). */
export async function loadForScans(bytes: Uint8Array): Promise<PDFDocument | null> {
  try {
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
    return pdf.isEncrypted ? null : pdf;
  } catch {
    return null;
  }
}

/** A plain scan's page content is a few dozen bytes (`q 612 0 0 792 0 0 cm /Im0 Do Q`). */
const MAX_SCAN_CONTENT_BYTES = 4000;

/** How far the image may miss the page's edges, as a share of the page (copiers round sizes). */
const COVER_TOLERANCE = 0.01;

export function scanJpegOf(pdf: PDFDocument, pageIndex: number): ScanJpeg | null {
  try {
    if (pdf.getPageCount() <= pageIndex) return null;
    const page = pdf.getPage(pageIndex);
    const box = page.getCropBox();
    if (box.width <= 0 || box.height <= 0) return null;
    const draw = singleImageDraw(page);
    if (!draw) return null;
    const [a, b, c, d, e, f] = draw.matrix as [number, number, number, number, number, number];
    // Drawn upright, unflipped, over the whole visible page.
    if (b !== 0 || c !== 0 || a <= 0 || d <= 0) return null;
    const near = (value: number, target: number, scale: number) => Math.abs(value - target) <= scale * COVER_TOLERANCE;
    if (!near(e, box.x, box.width) || !near(f, box.y, box.height) || !near(a, box.width, box.width) || !near(d, box.height, box.height)) {
      return null;
    }
    const jpeg = plainJpeg(pdf, page, draw.name);
    if (!jpeg) return null;
    const angle = ((page.getRotation().angle % 360) + 360) % 360;
    if (angle % 90 !== 0) return null;
    return { jpeg, rotate: angle as ScanJpeg['rotate'], width: box.width, height: box.height };
  } catch {
    return null;
  }
}

/**
 * The one image the page's content draws and where, if the content is nothing else: only `q`,
 * `Q`, `cm` (pdf-lib alone writes four of them per image) and a single `Do`.
 */
function singleImageDraw(page: PDFPage): { matrix: number[]; name: string } | null {
  const contents = page.node.Contents();
  const streams: PDFRawStream[] = [];
  if (contents instanceof PDFArray) {
    for (let i = 0; i < contents.size(); i++) {
      const stream = page.doc.context.lookup(contents.get(i));
      if (!(stream instanceof PDFRawStream)) return null;
      streams.push(stream);
    }
  } else if (contents instanceof PDFRawStream) {
    streams.push(contents);
  } else {
    return null;
  }
  const text = streams.map((stream) => decodedContent(stream)).join('\n');
  if (text.length > MAX_SCAN_CONTENT_BYTES) return null;
  let ctm = [1, 0, 0, 1, 0, 0];
  const saved: number[][] = [];
  let operands: number[] = [];
  let drawn: { matrix: number[]; name: string } | null = null;
  let name: string | null = null;
  for (const token of text.split(/\s+/)) {
    if (token === '') continue;
    if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(token)) {
      operands.push(Number(token));
      continue;
    }
    if (token.startsWith('/') && name === null && operands.length === 0) {
      name = token.slice(1);
      continue;
    }
    if (token === 'q' && operands.length === 0 && name === null) saved.push(ctm);
    else if (token === 'Q' && operands.length === 0 && name === null) ctm = saved.pop() ?? ctm;
    else if (token === 'cm' && operands.length === 6 && name === null) ctm = multiply(operands, ctm);
    else if (token === 'Do' && operands.length === 0 && name !== null && !drawn) drawn = { matrix: ctm, name };
    else return null;
    operands = [];
    name = null;
  }
  return operands.length === 0 && name === null ? drawn : null;
}

/** `m` then `n`, as PDF concatenates matrices (ISO 32000-1 §8.3.4). */
function multiply(m: number[], n: number[]): number[] {
  const [a, b, c, d, e, f] = m as [number, number, number, number, number, number];
  const [A, B, C, D, E, F] = n as [number, number, number, number, number, number];
  return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F];
}

function decodedContent(stream: PDFRawStream): string {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter === undefined) return Buffer.from(stream.contents).toString('latin1');
  const name = filter instanceof PDFArray && filter.size() === 1 ? filter.get(0) : filter;
  if (name !== PDFName.of('FlateDecode')) throw new Error('unexpected content filter');
  // Content longer than this is never a plain scan (see `singleImageDraw`): inflating more is waste,
  // and inflating without a cap is how a Flate bomb gets in. Past it, inflateSync throws.
  return zlib.inflateSync(stream.contents, { maxOutputLength: MAX_SCAN_CONTENT_BYTES }).toString('latin1');
}

const PLAIN_COLOUR_SPACES = new Set(['/DeviceRGB', '/DeviceGray']);

/** The bytes of image XObject `name` if they are a JPEG sharp shows exactly as pdf.js would. */
function plainJpeg(pdf: PDFDocument, page: PDFPage, name: string): Uint8Array | null {
  const resources = page.node.Resources();
  const xobjects = resources && pdf.context.lookup(resources.get(PDFName.of('XObject')));
  if (!(xobjects instanceof PDFDict)) return null;
  const ref = xobjects.get(PDFName.of(name));
  const image = ref instanceof PDFRef ? pdf.context.lookup(ref) : ref;
  if (!(image instanceof PDFRawStream)) return null;
  const dict = image.dict;
  const get = (key: string) => dict.get(PDFName.of(key));
  if (get('Subtype') !== PDFName.of('Image')) return null;
  const filter = get('Filter');
  const only = filter instanceof PDFArray && filter.size() === 1 ? filter.get(0) : filter;
  if (only !== PDFName.of('DCTDecode')) return null;
  // Masks, decode arrays and other colour spaces (CMYK, indexed, ICC) change what is shown.
  for (const key of ['SMask', 'Mask', 'Decode', 'ImageMask', 'DecodeParms']) if (get(key) !== undefined) return null;
  const colourSpace = get('ColorSpace');
  if (!(colourSpace instanceof PDFName) || !PLAIN_COLOUR_SPACES.has(colourSpace.toString())) return null;
  const bits = get('BitsPerComponent');
  if (!(bits instanceof PDFNumber) || bits.asNumber() !== 8) return null;
  const jpeg = image.contents;
  // A JPEG starts with a start-of-image marker; anything else is pdf.js's to make sense of.
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  return jpeg;
}
