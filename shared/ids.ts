// Random identifiers for records inside a board document and for boards themselves.
// Uses Web Crypto, which both Node (>=19) and browsers provide as `globalThis.crypto`.

// shared/ is typed without DOM or Node: name the one Web Crypto call used here.
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

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
