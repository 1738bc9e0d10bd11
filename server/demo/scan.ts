// Makes a clean sheet look like it went through a school copier: slightly turned on the glass,
// a shadow along one edge, uneven light, dust, paper grain, graphite texture, then JPEG.

import sharp from 'sharp';
import { between, chance, pick, type Random, wobble } from './random.js';
import { PAGE } from './worksheet.js';

export interface ScanLook {
  /** Degrees the sheet sat turned on the glass. */
  tilt: number;
  shiftX: number;
  shiftY: number;
  shadowEdge: 'left' | 'right' | 'top';
  /** Uneven copier light: how many grey levels darker the dim side is, and which way it dims. */
  shading: { levels: number; angle: number };
  /** How much of the ink's texture is paper grain showing through (pencil high, pen low). */
  grain: number;
  /** Seeds the per-pixel noise, kept out of `Random` so pixels don't consume page randomness. */
  noiseSeed: number;
}

export function chooseScanLook(random: Random, graphite: boolean): ScanLook {
  return {
    tilt: wobble(random, 1.5),
    shiftX: wobble(random, 10),
    shiftY: wobble(random, 8),
    shadowEdge: pick(random, ['left', 'right', 'top'] as const),
    shading: { levels: between(random, 6, 18), angle: random() * Math.PI * 2 },
    grain: graphite ? between(random, 0.7, 1) : between(random, 0.1, 0.25),
    noiseSeed: Math.floor(random() * 0xffffffff) | 1,
  };
}

function specks(random: Random): string {
  const parts: string[] = [];
  const count = Math.round(between(random, 25, 110));
  for (let index = 0; index < count; index++) {
    const x = random() * PAGE.width;
    const y = random() * PAGE.height;
    const radius = between(random, 0.35, chance(random, 0.1) ? 2.2 : 1.1);
    parts.push(
      `M${(x - radius).toFixed(1)} ${y.toFixed(1)}a${radius.toFixed(2)} ${radius.toFixed(2)} 0 1 0 ${(radius * 2).toFixed(2)} 0a${radius.toFixed(2)} ${radius.toFixed(2)} 0 1 0 ${(-radius * 2).toFixed(2)} 0`,
    );
  }
  return `<path d="${parts.join('')}" fill="#3a3a3a" fill-opacity="${between(random, 0.35, 0.7).toFixed(2)}"/>`;
}

/** Wraps the sheet's SVG content in the copier's view of it, at `width` output pixels. */
export function scannedSvg(random: Random, sheet: string, look: ScanLook, width: number, height: number): string {
  const shadow = {
    left: { x: 0, y: 0, w: 28, h: PAGE.height, x2: 1, y2: 0 },
    right: { x: PAGE.width - 28, y: 0, w: 28, h: PAGE.height, x2: 0, y2: 0 },
    top: { x: 0, y: 0, w: PAGE.width, h: 28, x2: 0, y2: 1 },
  }[look.shadowEdge];
  const gradientStart = look.shadowEdge === 'right' ? { x1: 1, y1: 0 } : { x1: 0, y1: 0 };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${PAGE.width} ${PAGE.height}" preserveAspectRatio="none">`,
    '<defs>',
    `<linearGradient id="edge" x1="${gradientStart.x1}" y1="${gradientStart.y1}" x2="${shadow.x2}" y2="${shadow.y2}"><stop offset="0" stop-color="#000" stop-opacity="0.22"/><stop offset="1" stop-color="#000" stop-opacity="0"/></linearGradient>`,
    '</defs>',
    // The copier lid shows where the turned sheet leaves the glass uncovered.
    `<rect width="${PAGE.width}" height="${PAGE.height}" fill="#d6d5d0"/>`,
    `<g transform="translate(${look.shiftX.toFixed(2)} ${look.shiftY.toFixed(2)}) rotate(${look.tilt.toFixed(3)} ${PAGE.width / 2} ${PAGE.height / 2})">`,
    sheet,
    `<rect x="${shadow.x}" y="${shadow.y}" width="${shadow.w}" height="${shadow.h}" fill="url(#edge)"/>`,
    '</g>',
    specks(random),
    '</svg>',
  ].join('');
}

/**
 * Adds uneven light, paper noise everywhere and graphite texture in the strokes: pencil on paper
 * skips over the fibres, so dark pixels get lighter flecks in proportion to `grain`. Done here
 * rather than as an SVG gradient, which cost more than a third of the page's render time.
 */
function roughen(buffer: Buffer, width: number, look: ScanLook): void {
  // A clamped view so flecks saturate at white instead of wrapping round to black.
  const pixels = new Uint8ClampedArray(buffer.buffer, buffer.byteOffset, buffer.length);
  const height = Math.floor(pixels.length / 3 / width);
  const { levels, angle } = look.shading;
  // Shade runs linearly from 0 on the bright side to `levels` on the dim side.
  const alongX = Math.cos(angle) / width;
  const alongY = Math.sin(angle) / height;
  const reach = (Math.abs(Math.cos(angle)) + Math.abs(Math.sin(angle))) / 2;
  let state = look.noiseSeed >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const index = (y * width + x) * 3;
      // xorshift32 inline: two million pixels a page make a closure call per pixel noticeable.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const shade = levels * (0.5 + ((x - width / 2) * alongX + (y - height / 2) * alongY) / (2 * reach));
      const paper = ((state & 0xff) - 127.5) / 32; // about ±4 levels
      const fleck = ((state >>> 8) & 0xff) / 255;
      const red = pixels[index] ?? 0;
      const darkness = Math.max(0, 220 - red) / 220;
      const delta = paper + darkness * fleck * fleck * 110 * look.grain - shade;
      pixels[index] = red + delta;
      pixels[index + 1] = (pixels[index + 1] ?? 0) + delta;
      // Copier light is a little warm, so the blue fades most.
      pixels[index + 2] = (pixels[index + 2] ?? 0) + delta - shade * 0.3;
    }
  }
}

/** Renders the scanned SVG, roughens it and encodes it like a copier's JPEG. */
export async function rasteriseScan(svg: string, look: ScanLook): Promise<Buffer> {
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().blur(0.55).raw().toBuffer({ resolveWithObject: true });
  roughen(data, info.width, look);
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}
