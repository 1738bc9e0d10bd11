// A binary WebSocket message as a server puts it on the wire (one final frame, unmasked): framed
// once and written as it is to every socket it goes to, rather than framed again, with a header
// allocated, for each of them. The two messages most peers of a flush get together (presence and
// an update) are framed into one buffer, once, so that each of those peers is one write. Larger
// messages (sync answers) go through `ws` as usual: a framed copy of a cached megabyte answer
// would be memory held twice for little gain.

/** Messages up to this size (64 KiB, the largest with a 16-bit length) are framed once and the frame kept while the message lives. */
export const FRAMED_MAX_BYTES = 0xffff;

const frames = new WeakMap<Uint8Array, Buffer>();
const pairs = new WeakMap<readonly Uint8Array[], Buffer>();

/** The bytes of a message's frame: a 2-byte header under 126 bytes, else a 4-byte one. */
function frameBytes(message: Uint8Array): number {
  const length = message.byteLength;
  if (length > FRAMED_MAX_BYTES) throw new RangeError(`message of ${length} bytes is sent through ws, not framed here`);
  return (length < 126 ? 2 : 4) + length;
}

/** Writes a message's frame into `target` at `offset`; returns where it ends. */
function writeFrame(target: Buffer, offset: number, message: Uint8Array): number {
  const length = message.byteLength;
  target[offset] = 0x82; // FIN, binary
  if (length < 126) {
    target[offset + 1] = length;
    target.set(message, offset + 2);
    return offset + 2 + length;
  }
  target[offset + 1] = 126;
  target.writeUInt16BE(length, offset + 2);
  target.set(message, offset + 4);
  return offset + 4 + length;
}

/** The frame of a message of at most `FRAMED_MAX_BYTES`, built on first use. */
export function wireFrame(message: Uint8Array): Buffer {
  const known = frames.get(message);
  if (known) return known;
  const frame = Buffer.allocUnsafe(frameBytes(message));
  writeFrame(frame, 0, message);
  frames.set(message, frame);
  return frame;
}

/** The frames of two such messages back to back, built once per pair (the same array for every peer). */
export function wireFrames(pair: readonly [Uint8Array, Uint8Array]): Buffer {
  const known = pairs.get(pair);
  if (known) return known;
  const frame = Buffer.allocUnsafe(frameBytes(pair[0]) + frameBytes(pair[1]));
  writeFrame(frame, writeFrame(frame, 0, pair[0]), pair[1]);
  pairs.set(pair, frame);
  return frame;
}
