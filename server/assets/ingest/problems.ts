// What goes wrong with an uploaded file, said to the teacher who uploaded it: every message names
// the file, says what is wrong in plain words, and what to do about it. Leaves as `{ error, message }`.
import { HttpError } from '../../errors.js';

/** A file name fit to quote back: no folders, no control characters, not absurdly long. */
export function displayName(fileName: string | undefined, index: number): string {
  const base =
    (fileName ?? '')
      .split(/[\\/]/)
      .pop()
      ?.replace(/\p{Cc}/gu, '')
      .trim() ?? '';
  if (!base) return `file ${index + 1}`;
  return base.length > 80 ? `${base.slice(0, 77)}…` : base;
}

const q = (name: string) => `“${name}”`;
const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** What a file of each kind is called in messages. */
const KIND_WORDS: Record<string, string> = {
  pdf: 'PDF',
  jpeg: 'JPEG picture',
  png: 'PNG picture',
  webp: 'WebP picture',
  gif: 'GIF picture',
  avif: 'AVIF picture',
  heic: 'HEIC photo',
  tiff: 'TIFF scan',
};

export const uploadProblems = {
  notMultipart: () => new HttpError(415, 'not_multipart', 'Send the files as a form upload (multipart/form-data) with one or more files.'),
  noFiles: () => new HttpError(400, 'no_files', 'Choose at least one file of student work to upload.'),
  badPagesPerStudent: (value: string) =>
    new HttpError(400, 'bad_request', `"Pages per student" must be a whole number from 1 to 20; it was "${value.slice(0, 20)}".`),
  tooManyFiles: (max: number) =>
    new HttpError(413, 'too_many_files', `That is more than ${max} files at once. Upload at most ${max} files at a time.`),
  fileTooLarge: (name: string, maxBytes: number) =>
    new HttpError(
      413,
      'file_too_large',
      `${q(name)} is larger than the ${megabytes(maxBytes)} limit for one file. Scan it at a lower resolution, or split it into smaller files.`,
    ),
  uploadTooLarge: (name: string, maxBytes: number) =>
    new HttpError(
      413,
      'upload_too_large',
      `With ${q(name)} these files come to more than ${megabytes(maxBytes)} in one upload. Upload them in smaller batches.`,
    ),
  empty: (name: string) =>
    new HttpError(422, 'empty_file', `${q(name)} is empty (0 bytes). Check that it was saved completely, then upload it again.`),
  unsupported: (name: string, looksLike: string | null) =>
    new HttpError(
      415,
      'unsupported_file',
      `${q(name)} is not a picture or PDF that Worksort can read${looksLike ? ` (it is ${looksLike})` : ''}. ` +
        'Upload photos (JPEG, PNG, HEIC, WebP) or scans (PDF, TIFF).',
    ),
  damaged: (name: string, kind: string) =>
    new HttpError(
      422,
      'damaged_file',
      `${q(name)} is damaged or is not a complete ${KIND_WORDS[kind] ?? 'file'}. ` +
        'Open it on your computer to check it, save or export it again, and upload the new copy.',
    ),
  notPdf: (name: string) =>
    new HttpError(
      422,
      'damaged_file',
      `${q(name)} is damaged or not a PDF. Open it on your computer to check it, save or export it again, and upload the new copy.`,
    ),
  passwordProtected: (name: string) =>
    new HttpError(422, 'password_protected', `${q(name)} is protected by a password. Save it without a password and upload it again.`),
  imageTooLarge: (name: string, width: number, height: number, maxPixels: number) =>
    new HttpError(
      413,
      'image_too_large',
      `${q(name)} is too large a picture (${width} × ${height} pixels). ` +
        `Use a picture of at most ${Math.round(maxPixels / 1_000_000)} megapixels, for example a phone photo or a 300 dpi scan.`,
    ),
  unpacksTooLarge: (name: string, limitBytes: number) =>
    new HttpError(
      413,
      'unpacks_too_large',
      `${q(name)} holds compressed data that unpacks to more than ${megabytes(limitBytes)}, far more than a scan needs. ` +
        'Print it to a new PDF or save its pages as pictures, and upload that.',
    ),
  tooManyPagesInFile: (name: string, pages: number, max: number) =>
    new HttpError(
      413,
      'too_many_pages',
      `${q(name)} has ${pages} pages; one upload can bring in at most ${max}. Split it into smaller files and upload them one at a time.`,
    ),
  tooManyPages: (name: string, max: number) =>
    new HttpError(
      413,
      'too_many_pages',
      `With ${q(name)} these files have more than ${max} pages, the most one upload can bring in. Upload them in smaller batches.`,
    ),
  blank: (name: string) =>
    new HttpError(
      422,
      'blank_file',
      `Every page of ${q(name)} is blank. The file may be damaged or the scan may have failed; check it and upload it again.`,
    ),
  tooSlow: (name: string, page: number | null, seconds: number) =>
    new HttpError(
      422,
      'too_slow',
      `${page === null ? q(name) : `Page ${page} of ${q(name)}`} took too long to read (more than ${seconds} seconds). ` +
        'Save it again as a simpler PDF or as pictures, and upload that.',
    ),
  onlyPreview: (name: string) =>
    new HttpError(
      422,
      'damaged_file',
      `Only a small preview of ${q(name)} could be read: the photo is incomplete. Send it again from the phone or computer it was taken on.`,
    ),
};
