// A page as a 150-dpi scan of pencil work (strokes, no text, so no fonts needed), different for
// each seed: what the share-out and history benchmarks store as student work.
import sharp from 'sharp';

export async function pencilPage(seed: number, lines = 8): Promise<Buffer> {
  const strokes = Array.from({ length: lines }, (_, i) => {
    const y = 200 + i * (1300 / lines) + ((seed * 37) % 50);
    return `<path d="M ${150 + ((seed * 13) % 80)} ${y} q 160 ${-50 - (seed % 30)} 320 0 t 320 0" stroke="#3a3a3a" stroke-width="6" fill="none"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1275" height="1650"><rect width="100%" height="100%" fill="#f7f5ec"/>${strokes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
