// Random identifiers for records inside a board document and for boards themselves.
// Uses Web Crypto, which both Node (>=19) and browsers provide as `globalThis.crypto`.

// shared/ is typed without DOM or Node: name the one Web Crypto call used here.
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** What every id this app makes looks like, as a JSON-schema pattern: base-36, no other characters. */
export const ID_PATTERN = '^[0-9a-z]+$';
export const MAX_ID_LENGTH = 64;
const ID = new RegExp(ID_PATTERN);

/** The one check of an id from outside (a path, a file name): anything else is refused. */
export function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH && ID.test(value);
}

/** A random id of `length` base-36 characters (default 16 ≈ 82 bits: plenty inside one board). */
export function newId(length = 16): string {
  let id = '';
  while (id.length < length) {
    const bytes = new Uint8Array(length);
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      // 252 is the largest multiple of 36 below 256: skipping bytes above it keeps ids uniform.
      if (byte < 252 && id.length < length) id += ALPHABET[byte % 36];
    }
  }
  return id;
}
