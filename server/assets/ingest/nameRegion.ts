// Where a page's name is written, found when the page comes in (README, "Names private by
// default"): the band from the top of the page down through the name line, or through the first
// line of writing when the page has no printed rule. Masking a strip too many is a small loss; a
// child's name on a projector is not, so the band always covers at least the default top tenth
// and the whole width of the page.
import sharp from 'sharp';
import type { PageRect } from '#shared/pageGeometry.js';
import { DEFAULT_NAME_BAND } from '#shared/schema/batch.js';
import { MAX_INPUT_PIXELS } from '../pageImages.js';

/** Pages are read at this width: a printed rule is still a pixel or two thick. */
const READ_WIDTH = 600;
/** Names are looked for in the top of the page only; the work starts below. */
const SEARCH_DEPTH = 0.35;
/** A pixel this much darker than the paper is writing (pencil included)… */
const INK_CONTRAST = 40;
/** …and this much darker, part of a printed rule (thin grey rules lose contrast when read small). */
const RULE_CONTRAST = 18;
/** Gaps in a rule this wide (pixels) are bridged: a scanned line breaks up. */
const RULE_GAP = 3;
/** Rows looked at together for a rule: a tilted scan spreads one line over a few rows. */
const RULE_ROWS = 3;
/** A name line is a dark run at least this share of the page's width, and not the whole width (a box). */
const RULE_MIN = 0.15;
const RULE_MAX = 0.7;
/** A row this dark across is the scanner's edge or a shadow, not writing. */
const EDGE_SHARE = 0.5;
/** A row with this share of ink holds writing. */
const WRITING_SHARE = 0.004;
/** Space kept below the name's line, as a share of the page's height (descenders, a tilted scan). */
const BELOW_LINE = 0.02;

/** The band of an upright page image (any format sharp reads) that holds the student's name. */
export async function detectNameRegion(image: Buffer): Promise<PageRect> {
  const { data, info } = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS })
    .greyscale()
    .resize({ width: READ_WIDTH, withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return nameRegionOfPixels(data, info.width, info.height, info.channels);
}

/** The same, over raw grey pixels (first channel read). */
export function nameRegionOfPixels(pixels: Uint8Array, width: number, height: number, channels = 1): PageRect {
  const rows = Math.floor(height * SEARCH_DEPTH);
  const at = (x: number, y: number) => pixels[(y * width + x) * channels] ?? 255;
  const paper = paperLevel(pixels, width, rows, channels);
  const inkShare: number[] = [];
  for (let y = 0; y < rows; y++) {
    let ink = 0;
    for (let x = 0; x < width; x++) if (at(x, y) < paper - INK_CONTRAST) ink++;
    inkShare.push(ink / width);
  }
  const isEdge = (y: number) => (inkShare[y] ?? 0) >= EDGE_SHARE;
  const ruleShare = (y: number) => {
    let longest = 0;
    let run = 0;
    let gap = 0;
    for (let x = 0; x < width; x++) {
      let dark = false;
      for (let dy = 0; dy < RULE_ROWS && y + dy < rows && !dark; dy++) dark = at(x, y + dy) < paper - RULE_CONTRAST;
      if (dark) {
        run += gap + 1;
        gap = 0;
        longest = Math.max(longest, run);
      } else if (run > 0 && gap < RULE_GAP) gap++;
      else {
        run = 0;
        gap = 0;
      }
    }
    return longest / width;
  };
  // A printed name line: the topmost rule that is neither a box's side nor the scan's edge.
  let rule = -1;
  for (let y = 0; y < rows && rule < 0; y++) {
    const share = ruleShare(y);
    if (share >= RULE_MIN && share <= RULE_MAX && !isEdge(y)) rule = y + RULE_ROWS - 1;
  }
  let bottom: number;
  if (rule >= 0) bottom = rule;
  else {
    // No rule: the first line of writing, down to the first blank row after it.
    const start = inkShare.findIndex((share, y) => share >= WRITING_SHARE && !isEdge(y));
    if (start < 0) return { ...DEFAULT_NAME_BAND };
    let end = start;
    while (end + 1 < rows && (inkShare[end + 1] ?? 0) >= WRITING_SHARE) end++;
    // Writing that runs on through the whole top of the page is the work itself, not a name.
    if (end + 1 >= rows) return { ...DEFAULT_NAME_BAND };
    bottom = end;
  }
  const h = Math.min(SEARCH_DEPTH, Math.max(DEFAULT_NAME_BAND.h, (bottom + 1) / height + BELOW_LINE));
  return { x: 0, y: 0, w: 1, h: Math.round(h * 10_000) / 10_000 };
}

/** The paper's grey: the level most pixels of the top of the page are at or above (a scan is rarely white). */
function paperLevel(pixels: Uint8Array, width: number, rows: number, channels: number): number {
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < width * rows; i += 7) {
    const level = pixels[i * channels] ?? 255;
    counts[level] = (counts[level] ?? 0) + 1;
  }
  const total = counts.reduce((sum, count) => sum + count, 0);
  // The 40th percentile from the top: the paper, even when writing or an edge covers much of it.
  let seen = 0;
  for (let level = 255; level > 0; level--) {
    seen += counts[level] ?? 0;
    if (seen >= total * 0.4) return level;
  }
  return 255;
}
