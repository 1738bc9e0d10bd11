// Download headers for exports: a file name people recognise (the board's title), safe for every
// browser and file system, with the exact title in `filename*` (RFC 6266, RFC 8187).
import type { FastifyReply } from 'fastify';

const FALLBACK_NAME = 'worksort-board';
/** Characters no file system or shell should get from a title: separators, wildcards, quotes. */
const UNSAFE = /[\\/:*?"<>|\p{Cc}\p{Cf}]+/gu;

/** The title as a file name: unsafe characters replaced, spaces tidied, length capped. */
export function safeFileName(title: string): string {
  const name = title
    .normalize('NFC')
    .replace(UNSAFE, '-')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.-]+|[\s.-]+$/g, '');
  return [...name].slice(0, 100).join('') || FALLBACK_NAME;
}

/** An ASCII-only version for the plain `filename` parameter: accents dropped, other letters as `_`. */
export function asciiFileName(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%;]/g, '_')
    .replace(/_+/g, '_')
    .trim();
  return /[a-z0-9]/i.test(ascii) ? ascii : FALLBACK_NAME;
}

/** RFC 8187 `ext-value`: UTF-8, percent-encoded beyond `attr-char`. */
function extValue(value: string): string {
  return `UTF-8''${encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export function attachmentDisposition(title: string, extension: string): string {
  const name = safeFileName(title);
  const ascii = `${asciiFileName(name)}.${extension}`;
  const full = `${name}.${extension}`;
  return ascii === full ? `attachment; filename="${ascii}"` : `attachment; filename="${ascii}"; filename*=${extValue(full)}`;
}

/** Headers every export answers with: a download, never cached (it holds student names). */
export function sendDownload(reply: FastifyReply, body: string | Uint8Array, type: string, title: string, extension: string): FastifyReply {
  return reply
    .header('Content-Type', type)
    .header('Content-Disposition', attachmentDisposition(title, extension))
    .header('Cache-Control', 'no-store')
    .header('X-Content-Type-Options', 'nosniff')
    .send(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}
