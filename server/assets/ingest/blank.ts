// Whether a page has nothing on it: the backs of a duplex scan, or the white page pdf.js makes of a
// broken page tree (README, "Measured facts"). Counts marks clearly darker than the paper.
import sharp from 'sharp';

/** Darker than the paper by this much (of 255) is a mark: pencil, ink, print; not scanner haze. */
const MARK_CONTRAST = 64;
/** A page with marks on fewer than this share of its pixels is blank (0.01%: specks of dust). */
const BLANK_MARK_SHARE = 0.0001;

/** `image` is a stored page size (the medium one is plenty: about 1000 pixels long). */
export async function isBlankPage(image: Buffer): Promise<boolean> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  // An indexed loop: iterating a Buffer with for…of is ten times slower, on the main thread.
  const histogram = new Uint32Array(256);
  for (let i = 0; i < data.length; i++) histogram[data[i] as number] = (histogram[data[i] as number] as number) + 1;
  // The paper is the level that the brightest 10% of pixels reach.
  const total = info.width * info.height;
  let paper = 255;
  for (let seen = 0; paper > 0; paper--) {
    seen += histogram[paper] as number;
    if (seen >= total * 0.1) break;
  }
  let marks = 0;
  for (let level = 0; level < paper - MARK_CONTRAST; level++) marks += histogram[level] as number;
  return marks < total * BLANK_MARK_SHARE;
}
