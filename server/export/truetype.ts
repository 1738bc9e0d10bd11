// Writes one small TrueType font from glyphs of several others that share a design: the slices
// of a sliced web font (each a complete font of a few hundred characters). The report then embeds
// one face per script instead of one per slice, so a name reads as one run of text in the PDF.
// Only what a PDF needs is written (outlines, metrics, a Unicode cmap); hinting is dropped.
import type fontkit from '@pdf-lib/fontkit';

type FontkitFont = ReturnType<typeof fontkit.create>;

/** The parts of a fontkit font this module reads, which fontkit's types leave out. */
interface FontInternals {
  directory: { tables: Record<string, { length: number } | undefined> };
  _getTableStream(tag: string): { buffer: Uint8Array; pos: number } | null;
  loca: { offsets: number[] };
  glyphForCodePoint(code: number): { id: number };
}

/** A character to include: its code point and the source font that draws it. */
export interface SourceGlyph {
  code: number;
  font: FontkitFont;
}

function table(font: FontkitFont, tag: string): Uint8Array {
  const internals = font as unknown as FontInternals;
  const length = internals.directory.tables[tag]?.length;
  const stream = internals._getTableStream(tag);
  if (length === undefined || !stream) throw new Error(`the font has no ${tag} table`);
  return stream.buffer.subarray(stream.pos, stream.pos + length);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Glyph outlines and metrics of one source font, read once per merge. */
class Source {
  readonly glyf: Uint8Array;
  readonly loca: number[];
  readonly hmtx: DataView;
  readonly metrics: number;
  constructor(readonly font: FontkitFont) {
    this.glyf = table(font, 'glyf');
    this.loca = (font as unknown as FontInternals).loca.offsets;
    this.hmtx = view(table(font, 'hmtx'));
    this.metrics = view(table(font, 'hhea')).getUint16(34);
  }
  outline(id: number): Uint8Array {
    return this.glyf.subarray(this.loca[id] ?? 0, this.loca[id + 1] ?? 0);
  }
  /** Advance width and left side bearing. */
  metric(id: number): [number, number] {
    const last = this.metrics - 1;
    const advance = this.hmtx.getUint16(Math.min(id, last) * 4);
    const bearing = id <= last ? this.hmtx.getInt16(id * 4 + 2) : this.hmtx.getInt16(this.metrics * 4 + (id - this.metrics) * 2);
    return [advance, bearing];
  }
}

/**
 * A TrueType font drawing each of `glyphs` as its source draws it. Head, OS/2, name and the rest
 * of the global tables come from the first source; the sources must share units per em.
 */
export function mergeGlyphs(glyphs: SourceGlyph[]): Uint8Array {
  const first = glyphs[0]?.font;
  if (!first) throw new Error('no glyphs to merge');
  const sources = new Map<FontkitFont, Source>();
  const sourceOf = (font: FontkitFont) => {
    let source = sources.get(font);
    if (!source) {
      if (font.unitsPerEm !== first.unitsPerEm) throw new Error('the fonts do not share units per em');
      source = new Source(font);
      sources.set(font, source);
    }
    return source;
  };
  const outlines: Uint8Array[] = [];
  const metrics: [number, number][] = [];
  const added = new Map<Source, Map<number, number>>();
  // Copies a glyph (and, for a composite, its components) and returns its new id.
  const add = (source: Source, id: number): number => {
    let ids = added.get(source);
    if (!ids) {
      ids = new Map();
      added.set(source, ids);
    }
    const known = ids.get(id);
    if (known !== undefined) return known;
    const outline = new Uint8Array(source.outline(id));
    const newId = outlines.length;
    ids.set(id, newId);
    outlines.push(outline);
    metrics.push(source.metric(id));
    if (outline.length >= 10 && view(outline).getInt16(0) < 0) remapComponents(outline, (component) => add(source, component));
    return newId;
  };
  add(sourceOf(first), 0); // .notdef
  const cmap = new Map<number, number>();
  for (const { code, font } of glyphs) {
    if (cmap.has(code)) continue;
    const id = (font as unknown as FontInternals).glyphForCodePoint(code).id;
    if (id !== 0) cmap.set(code, add(sourceOf(font), id));
  }

  const glyf: Uint8Array[] = [];
  const loca = new DataView(new ArrayBuffer((outlines.length + 1) * 4));
  let offset = 0;
  outlines.forEach((outline, id) => {
    loca.setUint32(id * 4, offset);
    const padded = new Uint8Array((outline.length + 3) & ~3);
    padded.set(outline);
    glyf.push(padded);
    offset += padded.length;
  });
  loca.setUint32(outlines.length * 4, offset);

  const hmtx = new DataView(new ArrayBuffer(metrics.length * 4));
  metrics.forEach(([advance, bearing], id) => {
    hmtx.setUint16(id * 4, advance);
    hmtx.setInt16(id * 4 + 2, bearing);
  });

  const head = new Uint8Array(table(first, 'head'));
  view(head).setUint32(8, 0); // checkSumAdjustment, set below
  view(head).setInt16(50, 1); // indexToLocFormat: long offsets
  const hhea = new Uint8Array(table(first, 'hhea'));
  view(hhea).setUint16(34, metrics.length);
  view(hhea).setUint16(10, Math.max(...metrics.map(([advance]) => advance)));
  const maxp = new Uint8Array(table(first, 'maxp'));
  view(maxp).setUint16(4, outlines.length);
  // Version 1.0 limits (points, contours, …): the largest of any source.
  for (const source of sources.values()) {
    const other = view(table(source.font, 'maxp'));
    for (let at = 6; at + 2 <= Math.min(maxp.length, other.byteLength); at += 2) {
      view(maxp).setUint16(at, Math.max(view(maxp).getUint16(at), other.getUint16(at)));
    }
  }
  // post version 3: no glyph names.
  const post = new Uint8Array(32);
  post.set(table(first, 'post').subarray(0, 32));
  view(post).setUint32(0, 0x00030000);

  const tables: [string, Uint8Array][] = [
    ['OS/2', table(first, 'OS/2')],
    ['cmap', unicodeCmap(cmap)],
    ['glyf', concat(glyf)],
    ['head', head],
    ['hhea', hhea],
    ['hmtx', new Uint8Array(hmtx.buffer)],
    ['loca', new Uint8Array(loca.buffer)],
    ['maxp', maxp],
    ['name', table(first, 'name')],
    ['post', post],
  ];
  const font = sfnt(tables);
  // The whole font's checksum makes head.checkSumAdjustment.
  const headAt = view(font).getUint32(12 + tables.findIndex(([tag]) => tag === 'head') * 16 + 8);
  view(font).setUint32(headAt + 8, (0xb1b0afba - checksum(font)) >>> 0);
  return font;
}

/** Rewrites the component glyph ids of a composite outline in place. */
function remapComponents(outline: Uint8Array, remap: (id: number) => number): void {
  const data = view(outline);
  let at = 10;
  for (;;) {
    const flags = data.getUint16(at);
    data.setUint16(at + 2, remap(data.getUint16(at + 2)));
    at += 4 + (flags & 0x0001 ? 4 : 2); // arguments are words or bytes
    if (flags & 0x0008)
      at += 2; // one scale
    else if (flags & 0x0040)
      at += 4; // x and y scales
    else if (flags & 0x0080) at += 8; // a 2×2 matrix
    if (!(flags & 0x0020)) return; // no more components
  }
}

/** A cmap with one format 12 subtable (Windows, full Unicode). */
function unicodeCmap(cmap: Map<number, number>): Uint8Array {
  const groups: [number, number, number][] = [];
  for (const [code, id] of [...cmap].sort((a, b) => a[0] - b[0])) {
    const last = groups.at(-1);
    if (last && code === last[1] + 1 && id === last[2] + (code - last[0])) last[1] = code;
    else groups.push([code, code, id]);
  }
  const length = 16 + groups.length * 12;
  const data = new DataView(new ArrayBuffer(12 + length));
  data.setUint16(2, 1); // one subtable
  data.setUint16(4, 3); // Windows
  data.setUint16(6, 10); // Unicode, full repertoire
  data.setUint32(8, 12);
  data.setUint16(12, 12); // format 12
  data.setUint32(16, length);
  data.setUint32(24, groups.length);
  groups.forEach(([start, end, id], i) => {
    data.setUint32(28 + i * 12, start);
    data.setUint32(32 + i * 12, end);
    data.setUint32(36 + i * 12, id);
  });
  return new Uint8Array(data.buffer);
}

/** An sfnt file of `tables` (sorted by tag), each 4-byte aligned, with their checksums. */
function sfnt(tables: [string, Uint8Array][]): Uint8Array {
  const header = 12 + tables.length * 16;
  const size = tables.reduce((total, [, bytes]) => total + ((bytes.length + 3) & ~3), header);
  const font = new Uint8Array(size);
  const data = view(font);
  const entrySelector = Math.floor(Math.log2(tables.length));
  data.setUint32(0, 0x00010000);
  data.setUint16(4, tables.length);
  data.setUint16(6, 2 ** entrySelector * 16);
  data.setUint16(8, entrySelector);
  data.setUint16(10, tables.length * 16 - 2 ** entrySelector * 16);
  let offset = header;
  tables.forEach(([tag, bytes], i) => {
    const record = 12 + i * 16;
    for (let c = 0; c < 4; c++) data.setUint8(record + c, tag.charCodeAt(c));
    font.set(bytes, offset);
    data.setUint32(record + 4, checksum(font.subarray(offset, offset + ((bytes.length + 3) & ~3))));
    data.setUint32(record + 8, offset);
    data.setUint32(record + 12, bytes.length);
    offset += (bytes.length + 3) & ~3;
  });
  return font;
}

function checksum(bytes: Uint8Array): number {
  const data = view(bytes);
  let sum = 0;
  for (let at = 0; at + 4 <= bytes.length; at += 4) sum = (sum + data.getUint32(at)) >>> 0;
  return sum;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}
