// What an uploaded file really is, from its bytes: never from its name or declared type, which
// phones, scanners and people get wrong (a Word file renamed `.jpg`, a PNG saved as `.pdf`).
import { fileTypeFromBuffer } from 'file-type';

export type FileKind = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'heic' | 'tiff' | 'pdf';

/** file-type's extension → the kinds we read. */
const READABLE: Record<string, FileKind> = {
  jpg: 'jpeg',
  png: 'png',
  apng: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'avif',
  heic: 'heic',
  tif: 'tiff',
  pdf: 'pdf',
  // Illustrator files are PDFs with extras; pdf.js reads their PDF side.
  ai: 'pdf',
};

/** How to name, for a teacher, kinds of files people upload by mistake. */
const LOOKS_LIKE: Record<string, string> = {
  docx: 'a Word document',
  doc: 'a Word document',
  odt: 'a text document',
  rtf: 'a text document',
  pptx: 'a PowerPoint file',
  xlsx: 'an Excel file',
  zip: 'a zip archive',
  rar: 'a compressed archive',
  '7z': 'a compressed archive',
  mp4: 'a video',
  mov: 'a video',
  m4v: 'a video',
  webm: 'a video',
  mp3: 'a sound file',
  m4a: 'a sound file',
  bmp: 'a BMP picture; save it as JPEG or PNG',
  jxl: 'a JPEG XL picture; save it as JPEG or PNG',
  psd: 'a Photoshop file; save it as JPEG or PNG',
  dng: 'a camera RAW file; save it as JPEG',
  cr2: 'a camera RAW file; save it as JPEG',
  nef: 'a camera RAW file; save it as JPEG',
  html: 'a web page',
  xml: 'a text file',
};

export type Detected = { kind: FileKind } | { kind: null; looksLike: string | null };

const PDF_MAGIC = new TextEncoder().encode('%PDF-');

export async function detectFileKind(bytes: Uint8Array): Promise<Detected> {
  // A PDF is known by its first bytes here: file-type would search up to 10 MB of it for
  // Illustrator's marker (~20 ms on the main thread for a class set) to name what we read as a PDF anyway.
  if (PDF_MAGIC.every((byte, index) => bytes[index] === byte)) return { kind: 'pdf' };
  const type = await fileTypeFromBuffer(bytes);
  if (!type) return { kind: null, looksLike: looksLikeText(bytes) ? 'a text file' : null };
  const kind = READABLE[type.ext];
  if (kind) return { kind };
  return { kind: null, looksLike: LOOKS_LIKE[type.ext] ?? `a .${type.ext} file` };
}

function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 512);
  if (head.length === 0) return false;
  let printable = 0;
  for (const byte of head) if (byte === 9 || byte === 10 || byte === 13 || (byte >= 32 && byte !== 127)) printable++;
  return printable / head.length > 0.95;
}
