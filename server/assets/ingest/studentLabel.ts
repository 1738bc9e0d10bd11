// The student's label a file name suggests: "Ana M.jpg" → "Ana M.", "jose_ramirez.png" → "Jose
// Ramirez". Conservative: anything that looks like what a camera, scanner or app names files
// (IMG_2034, scan0001, Document, page 3) gives no label, because a wrong name on a card is worse
// than none (the teacher can type one).

/** Words that name a kind of file or document, never a student. */
const NOT_NAMES = new Set([
  'img',
  'image',
  'images',
  'pic',
  'picture',
  'photo',
  'photos',
  'pxl',
  'dsc',
  'dscn',
  'dcim',
  'screenshot',
  'screen',
  'shot',
  'scan',
  'scans',
  'scanned',
  'scanner',
  'document',
  'documents',
  'doc',
  'docs',
  'file',
  'files',
  'page',
  'pages',
  'pdf',
  'jpg',
  'jpeg',
  'png',
  'heic',
  'tif',
  'tiff',
  'untitled',
  'copy',
  'new',
  'edited',
  'final',
  'draft',
  'student',
  'students',
  'work',
  'worksheet',
  'homework',
  'classwork',
  'test',
  'quiz',
  'exam',
  'assignment',
  'answers',
  'answer',
  'task',
  'class',
  'unknown',
  'anonymous',
  'whatsapp',
  'camscanner',
  'notes',
  'export',
  'print',
  'fax',
  'mail',
  'attachment',
  'download',
]);

const MAX_LENGTH = 40;
const MAX_WORDS = 4;

/** The label for a file name, or '' when the name does not look like a student's name. */
export function studentLabelFromFileName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  // Only a real extension comes off: "Ana M." keeps its initial's full stop.
  const stem = base.replace(/\.[A-Za-z0-9]{2,5}$/, '');
  const spaced = stem.replace(/[_\s]+/g, ' ').trim();
  if (spaced.length < 2 || spaced.length > MAX_LENGTH) return '';
  // Letters (any script), spaces, and the . - ' ’ (\u2019) of initials and names like O'Neil or
  // Ana-Lucía. Regular expressions stay ASCII: the server bundle is held as one-byte text (build.mjs).
  if (!/^[\p{L}\p{M}][\p{L}\p{M} .'\u2019-]*$/u.test(spaced)) return '';
  const words = spaced.split(' ');
  if (words.length > MAX_WORDS) return '';
  if (words.some((word) => NOT_NAMES.has(word.toLowerCase().replace(/[.'\u2019-]/g, '')))) return '';
  if ((spaced.match(/\p{L}/gu) ?? []).length < 2) return '';
  // "jose_ramirez" was typed for a computer; "McKenzie" or "ANA" was written as meant.
  const cased = spaced === spaced.toLowerCase() ? words.map(capitalized) : words;
  // A lone initial is one ("Ana M.jpg" → "Ana M."): the file name's dot went with the extension.
  return cased.map((word) => (/^\p{Lu}$/u.test(word) ? `${word}.` : word)).join(' ');
}

function capitalized(word: string): string {
  return word.replace(/(^|[-'’])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}
