// A message framed once for every socket must be byte for byte the frame ws would have written,
// at each length encoding a server uses for it (7-bit and 16-bit lengths).
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { FRAMED_MAX_BYTES, wireFrame, wireFrames } from '../../server/sync/wireFrame.js';

/** ws's framing, which its types do not declare. */
const { Sender } = ws as unknown as {
  Sender: { frame(data: Buffer, options: Record<string, boolean | number>): Buffer[] };
};

/** What ws itself writes for a binary message from a server (no mask, no compression). */
function wsFrame(message: Uint8Array): Buffer {
  const parts = Sender.frame(Buffer.from(message), { fin: true, rsv1: false, opcode: 2, mask: false, readOnly: false });
  return Buffer.concat(parts);
}

describe('wireFrame', () => {
  it.each([0, 1, 125, 126, 1000, FRAMED_MAX_BYTES])('frames a %i-byte message as ws does', (length) => {
    const message = Uint8Array.from({ length }, (_, i) => (i * 7) & 0xff);
    expect(wireFrame(message).equals(wsFrame(message))).toBe(true);
  });

  it('frames a message once, however many sockets it goes to', () => {
    const message = Uint8Array.of(1, 2, 3);
    expect(wireFrame(message)).toBe(wireFrame(message));
  });

  it('frames a list as ws would frame its messages one after the other, once per list', () => {
    const pair = [Uint8Array.of(1, 9, 9), Uint8Array.from({ length: 300 }, (_, i) => i & 0xff)] as const;
    expect(wireFrames(pair).equals(Buffer.concat([wsFrame(pair[0]), wsFrame(pair[1])]))).toBe(true);
    const longFirst = [pair[1], pair[0]] as const;
    expect(wireFrames(longFirst).equals(Buffer.concat([wsFrame(pair[1]), wsFrame(pair[0])]))).toBe(true);
    expect(wireFrames(pair)).toBe(wireFrames(pair));
    expect(wireFrames([pair[0], pair[1]])).not.toBe(wireFrames(pair));
    const three = [pair[0], pair[1], Uint8Array.of(4)];
    expect(wireFrames(three).equals(Buffer.concat(three.map(wsFrame)))).toBe(true);
  });

  it('leaves larger messages to ws', () => {
    expect(() => wireFrame(new Uint8Array(FRAMED_MAX_BYTES + 1))).toThrow(RangeError);
    expect(() => wireFrames([Uint8Array.of(1), new Uint8Array(FRAMED_MAX_BYTES + 1)])).toThrow(RangeError);
  });
});
