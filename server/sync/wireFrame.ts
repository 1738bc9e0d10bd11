// A binary WebSocket message as a server puts it on the wire (one final frame, unmasked): framed
// once and written as it is to every socket it goes to, rather than framed again, with a header
// allocated, for each of them. The messages most peers of a flush get together (presence and the
// document updates) are framed into one buffer, once, so that each of those peers is one write. Larger
// messages (sync answers) go through `ws` as usual: a framed copy of a cached megabyte answer
// would be memory held twice for little gain.

/** Messages up to this size (64 KiB, the largest with a 16-bit length) are framed once and the frame kept while the message lives. */
export const FRAMED_MAX_BYTES = 0xffff;

const frames = new WeakMap<Uint8Array, Buffer>();
const lists = new WeakMap<readonly Uint8Array[], Buffer>();

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

/** The frames of such messages back to back, built once per list (the same array for every peer). */
export function wireFrames(messages: readonly Uint8Array[]): Buffer {
  const known = lists.get(messages);
  if (known) return known;
  let bytes = 0;
  for (const message of messages) bytes += frameBytes(message);
  const frame = Buffer.allocUnsafe(bytes);
  let offset = 0;
  for (const message of messages) offset = writeFrame(frame, offset, message);
  lists.set(messages, frame);
  return frame;
}
