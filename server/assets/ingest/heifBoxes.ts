// Reads the picture size a HEIF/HEIC file declares (its `ispe` boxes, ISO/IEC 23008-12 §6.5.3),
// without decoding it: to refuse pixel bombs before decoding, and to notice when a truncated file
// decodes as nothing but its small preview (README, "Measured facts": a 16×16 thumbnail).

export interface DeclaredSize {
  width: number;
  height: number;
}

interface Box {
  type: string;
  start: number;
  end: number;
}

function* boxes(bytes: Uint8Array, start: number, end: number): Generator<Box> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start;
  // A well-formed file has a few dozen boxes; the bound keeps a hostile one from looping long.
  for (let count = 0; at + 8 <= end && count < 10_000; count++) {
    let size = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    let header = 8;
    if (size === 1) {
      if (at + 16 > end) return;
      const large = view.getBigUint64(at + 8);
      size = large > BigInt(end - at) ? end - at : Number(large);
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < header || at + size > end) return;
    yield { type, start: at + header, end: at + size };
    at += size;
  }
}

function child(bytes: Uint8Array, parent: Box, type: string, fullBox = false): Box | null {
  for (const box of boxes(bytes, parent.start + (fullBox ? 4 : 0), parent.end)) if (box.type === type) return box;
  return null;
}

/** The largest image size declared in the file (the primary image, not tiles or previews), or null. */
export function declaredHeifSize(bytes: Uint8Array): DeclaredSize | null {
  const file: Box = { type: 'file', start: 0, end: bytes.length };
  const meta = child(bytes, file, 'meta');
  const iprp = meta && child(bytes, meta, 'iprp', true);
  const ipco = iprp && child(bytes, iprp, 'ipco');
  if (!ipco) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let largest: DeclaredSize | null = null;
  for (const box of boxes(bytes, ipco.start, ipco.end)) {
    if (box.type !== 'ispe' || box.start + 12 > box.end) continue;
    const width = view.getUint32(box.start + 4);
    const height = view.getUint32(box.start + 8);
    if (!largest || width * height > largest.width * largest.height) largest = { width, height };
  }
  return largest;
}
