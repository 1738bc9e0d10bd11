// A binary WebSocket message as a server puts it on the wire (one final frame, unmasked): framed
// once and written as it is to every socket it goes to, rather than framed again, with a header
// allocated, for each of them. Two messages most peers get together are framed into one buffer,
// once, so that each of those peers is one write. Larger messages (sync answers) go through `ws` as usual: a framed
// copy of a cached megabyte answer would be memory held twice for little gain.

/** Messages up to this size (64 KiB, the largest with a 16-bit length) are framed once and the frame kept while the message lives. */
export const FRAMED_MAX_BYTES = 0xffff;

const frames = new WeakMap<Uint8Array, Buffer>();

/** The frame of a message of at most `FRAMED_MAX_BYTES`, built on first use. */
export function wireFrame(message: Uint8Array): Buffer {
  const known = frames.get(message);
  if (known) return known;
  const length = message.byteLength;
  if (length > FRAMED_MAX_BYTES) throw new RangeError(`message of ${length} bytes is sent through ws, not framed here`);
  const headerBytes = length < 126 ? 2 : 4;
  const frame = Buffer.allocUnsafe(headerBytes + length);
  frame[0] = 0x82; // FIN, binary
  if (length < 126) frame[1] = length;
  else {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  }
  frame.set(message, headerBytes);
  frames.set(message, frame);
  return frame;
}

const pairs = new WeakMap<readonly Uint8Array[], Buffer>();

/** The frames of two small messages back to back, built once per pair (the same array for every peer). */
export function wireFrames(pair: readonly [Uint8Array, Uint8Array]): Buffer {
  const known = pairs.get(pair);
  if (known) return known;
  const frames = Buffer.concat([wireFrame(pair[0]), wireFrame(pair[1])]);
  pairs.set(pair, frames);
  return frames;
}
