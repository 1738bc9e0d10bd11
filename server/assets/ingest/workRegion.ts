// Where the student worked on an uploaded page, found when the page comes in (README, "Card faces
// show the work"): the box around their writing below the name region and the worksheet's header,
// with a little room around it, so a card's face shows the work instead of margins and print.
// Printed rules (a work box, answer lines) and the scanner's edges are not writing; a page with
// nothing found, or so much ink that the reading is unsure, shows the whole page below the name.
import sharp from 'sharp';
import type { PageRect } from '#shared/pageGeometry.js';
import { MAX_INPUT_PIXELS } from '../pageImages.js';
import { nameRegionOfPixels } from './nameRegion.js';

/** Read at the width the name region is read at: one decode serves both… */
const READ_WIDTH = 600;
/** …and looked at half as wide: writing is still a few pixels thick there. */
const WORK_WIDTH = 300;
/** A pixel this much darker than the paper around it is ink (pencil included)… */
const INK_CONTRAST = 40;
/** …and this much, part of a printed rule if it runs on long enough (thin grey rules lose contrast when read small). */
const RULE_CONTRAST = 18;
/** The paper around a pixel: the lightest within this many pixels, so a shadow or uneven light is paper too. */
const PAPER_RADIUS = 4;
/** The page's outer margins, as a share of its width and height: hole punches, page numbers, the glass's edge. */
const MARGIN_X = 0.04;
const MARGIN_TOP = 0.02;
const MARGIN_BOTTOM = 0.06;
/** A straight dark run this share of the page's width (or height) is a printed rule, not writing. */
const RULE_SHARE = 0.15;
/** Pixels either side a rule may wander by: a scan turned a degree or two. */
const RULE_SLACK = 1;
/** A printed frame at least this share of the page wide, in the top of the page, ends the header. */
const FRAME_SHARE = 0.5;
const HEADER_DEPTH = 0.4;
/** Rows looked at together for a frame's line, in bands of pixels: a turned scan spreads it over a dozen rows. */
const FRAME_BAND = 4;
const FRAME_BANDS = 3;
/** A column or row this dark through the page is the scanner's edge or a shadow. */
const EDGE_SHARE = 0.5;
/** Ink is counted in cells this many pixels square; a cell needs a few ink pixels and an inked neighbour (dust is alone). */
const CELL = 3;
const CELL_INK = 2;
/** More of the page than this inked is a dark photo or a noisy scan: too unsure to crop. */
const UNSURE_SHARE = 0.45;
/** Room kept around the writing, as a share of the page's width. */
const ROOM = 0.04;
/** The smallest crop, as a share of the page: one number on a page is shown with its surroundings, not blown up. */
const MIN_W = 0.35;
const MIN_H = 0.25;

export interface PageRegions {
  name: PageRect;
  work: PageRect;
}

/** The name region and the work region of an upright page image (any format sharp reads), from one decode. */
export async function detectPageRegions(image: Buffer): Promise<PageRegions> {
  const { data, info } = await sharp(image, { limitInputPixels: MAX_INPUT_PIXELS })
    .greyscale()
    .resize({ width: READ_WIDTH, withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const name = nameRegionOfPixels(data, info.width, info.height, info.channels);
  return { name, work: workRegionOfPixels(data, info.width, info.height, name, info.channels) };
}

/** The whole page below the name band: what a card shows when the work cannot be told apart. */
export function belowName(name: PageRect): PageRect {
  const top = Math.min(0.9, name.y + name.h);
  return { x: 0, y: round(top), w: 1, h: round(1 - top) };
}

/** The work region over raw grey pixels (first channel read), below `name` (0..1 of the page). */
export function workRegionOfPixels(grey: Uint8Array, fullWidth: number, fullHeight: number, name: PageRect, channels = 1): PageRect {
  const fallback = belowName(name);
  const { pixels, width, height } = shrink(grey, fullWidth, fullHeight, channels);
  if (width < 4 * CELL || height < 4 * CELL) return fallback;
  const paper = paperAround(pixels, width, height);
  const ink = new Uint8Array(width * height);
  const faint = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const contrast = (paper[i] ?? 255) - (pixels[i] ?? 255);
    ink[i] = contrast > INK_CONTRAST ? 1 : 0;
    faint[i] = contrast > RULE_CONTRAST ? 1 : 0;
  }
  const top = Math.max(Math.ceil((name.y + name.h) * height), Math.round(MARGIN_TOP * height));
  const bottom = Math.round((1 - MARGIN_BOTTOM) * height);
  let left = Math.round(MARGIN_X * width);
  let right = Math.round((1 - MARGIN_X) * width);
  // The scanner's edge or a shadow: dark columns reaching in from either side.
  const columnShare = (x: number) => {
    let dark = 0;
    for (let y = top; y < bottom; y++) dark += ink[y * width + x] ?? 0;
    return dark / Math.max(1, bottom - top);
  };
  // A column or two of paper showing through a mottled edge does not end it.
  const edgeAt = (x: number, inward: 1 | -1) =>
    [0, 1, 2].some((step) => columnShare(Math.min(width - 1, Math.max(0, x + step * inward))) >= EDGE_SHARE);
  while (left < right && edgeAt(left, 1)) left++;
  while (right > left && edgeAt(right - 1, -1)) right--;
  const frameTop = eraseRules(ink, faint, width, height);
  // The header (the printed task) ends where a wide printed frame starts, if the page has one.
  const headerEnd = frameTop.find((y) => y > top && y < HEADER_DEPTH * height) ?? top;
  const start = Math.max(top, headerEnd);
  if (start >= bottom || left >= right) return fallback;

  const found = inkedBox(ink, width, { left, right, top: start, bottom });
  if (!found) return fallback;
  if (found.share > UNSURE_SHARE) return fallback;
  const roomX = ROOM;
  const roomY = (ROOM * width) / height;
  let box = {
    x0: Math.max(0, found.x0 / width - roomX),
    x1: Math.min(1, found.x1 / width + roomX),
    y0: Math.max(start / height, found.y0 / height - roomY),
    y1: Math.min(1, found.y1 / height + roomY),
  };
  box = atLeast(box, MIN_W, MIN_H, start / height);
  return { x: round(box.x0), y: round(box.y0), w: round(box.x1 - box.x0), h: round(box.y1 - box.y0) };
}

/**
 * Clears printed rules from `ink`: straight runs of `faint` ink longer than RULE_SHARE of the page,
 * allowing for a slightly turned scan. Returns the rows where a wide horizontal rule (a frame's
 * top) runs, top first.
 */
function eraseRules(ink: Uint8Array, faint: Uint8Array, width: number, height: number): number[] {
  const rule = new Uint8Array(width * height);
  // Ink spread by the slack across rows (for horizontal rules) and across columns (vertical ones),
  // read row by row: the page is walked in memory order only.
  const across = new Uint8Array(width * height);
  const down = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let d = -RULE_SLACK; d <= RULE_SLACK; d++) {
      const from = y + d;
      if (from < 0 || from >= height) continue;
      for (let x = 0; x < width; x++) if (faint[from * width + x]) across[y * width + x] = 1;
    }
    for (let x = 0; x < width; x++) {
      let dark = 0;
      for (let d = -RULE_SLACK; d <= RULE_SLACK && !dark; d++) dark = x + d >= 0 && x + d < width ? (faint[y * width + x + d] ?? 0) : 0;
      down[y * width + x] = dark;
    }
  }
  const minRow = Math.round(RULE_SHARE * width);
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && across[y * width + x]) run++;
      else {
        if (run >= minRow && thin(faint, width, height, y, x - run, x, 'row')) rule.fill(1, y * width + x - run, y * width + x);
        run = 0;
      }
    }
  }
  const minColumn = Math.round(RULE_SHARE * height);
  const runs = new Int32Array(width);
  for (let y = 0; y <= height; y++) {
    for (let x = 0; x < width; x++) {
      if (y < height && down[y * width + x]) runs[x] = (runs[x] ?? 0) + 1;
      else {
        const run = runs[x] ?? 0;
        if (run >= minColumn && thin(faint, width, height, x, y - run, y, 'column'))
          for (let ry = y - run; ry < y; ry++) rule[ry * width + x] = 2;
        runs[x] = 0;
      }
    }
  }
  const frames = frameRows(rule, width, height);
  // A rule takes the pixels a slack's width either side of its centre line with it.
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const kind = rule[y * width + x];
      if (!kind) continue;
      for (let d = -RULE_SLACK; d <= RULE_SLACK; d++) {
        const at = kind === 1 ? (y + d) * width + x : y * width + x + d;
        if (at >= 0 && at < ink.length) ink[at] = 0;
      }
    }
  }
  return frames;
}

/**
 * Whether a dark run (along row or column `line`, from `from` to `to`) is a thin line: beside it,
 * a few pixels off, there is mostly paper. Rows of writing stacked close together are not a rule.
 */
function thin(faint: Uint8Array, width: number, height: number, line: number, from: number, to: number, along: 'row' | 'column'): boolean {
  const off = 2 * RULE_SLACK + 2;
  let beside = 0;
  for (let at = from; at < to; at++) {
    const [before, after] =
      along === 'row'
        ? [line - off >= 0 ? faint[(line - off) * width + at] : 0, line + off < height ? faint[(line + off) * width + at] : 0]
        : [line - off >= 0 ? faint[at * width + line - off] : 0, line + off < width ? faint[at * width + line + off] : 0];
    if (before || after) beside++;
  }
  return beside < (to - from) / 2;
}

/**
 * Rows where a wide horizontal rule runs (a frame's top), top first: rule pixels in a band of rows
 * spanning FRAME_SHARE of the width, so a frame's line still counts on a scan turned a degree or two.
 */
function frameRows(rule: Uint8Array, width: number, height: number): number[] {
  const bands = Math.ceil(height / FRAME_BAND);
  const covered = new Uint8Array(bands * width);
  for (let y = 0; y < height; y++) {
    const band = Math.floor(y / FRAME_BAND);
    for (let x = 0; x < width; x++) if (rule[y * width + x] === 1) covered[band * width + x] = 1;
  }
  const frames: number[] = [];
  let last = -2;
  for (let band = 0; band + FRAME_BANDS <= bands; band++) {
    // One line across (a name line and a date line side by side are not a frame).
    let run = 0;
    let gap = 0;
    let longest = 0;
    for (let x = 0; x < width; x++) {
      let hit = 0;
      for (let b = band; b < band + FRAME_BANDS && !hit; b++) hit = covered[b * width + x] ?? 0;
      if (hit) {
        run += gap + 1;
        gap = 0;
        longest = Math.max(longest, run);
      } else if (run > 0 && gap < RULE_SLACK + 1) gap++;
      else run = gap = 0;
    }
    if (longest < FRAME_SHARE * width) continue;
    // A few bands at a time; the frame's top is the bottom of the first window holding it, below its whole line.
    if (band !== last + 1) frames.push(Math.min(height - 1, (band + FRAME_BANDS) * FRAME_BAND));
    last = band;
  }
  return frames;
}

/** The box of inked cells in `area` (pixels), leaving out lone specks; null when none. */
function inkedBox(
  ink: Uint8Array,
  width: number,
  area: { left: number; right: number; top: number; bottom: number },
): { x0: number; x1: number; y0: number; y1: number; share: number } | null {
  const columns = Math.floor((area.right - area.left) / CELL);
  const rows = Math.floor((area.bottom - area.top) / CELL);
  if (columns < 1 || rows < 1) return null;
  const cells = new Uint8Array(columns * rows);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      let count = 0;
      for (let y = 0; y < CELL; y++) {
        const offset = (area.top + row * CELL + y) * width + area.left + column * CELL;
        for (let x = 0; x < CELL; x++) count += ink[offset + x] ?? 0;
      }
      if (count >= CELL_INK) cells[row * columns + column] = 1;
    }
  }
  let found = 0;
  let x0 = columns;
  let x1 = -1;
  let y0 = rows;
  let y1 = -1;
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      if (!cells[row * columns + column]) continue;
      let neighbour = false;
      for (let dy = -1; dy <= 1 && !neighbour; dy++) {
        for (let dx = -1; dx <= 1 && !neighbour; dx++) {
          const r = row + dy;
          const c = column + dx;
          if ((dx || dy) && r >= 0 && r < rows && c >= 0 && c < columns) neighbour = cells[r * columns + c] === 1;
        }
      }
      if (!neighbour) continue;
      found++;
      x0 = Math.min(x0, column);
      x1 = Math.max(x1, column);
      y0 = Math.min(y0, row);
      y1 = Math.max(y1, row);
    }
  }
  if (found === 0) return null;
  return {
    x0: area.left + x0 * CELL,
    x1: area.left + (x1 + 1) * CELL,
    y0: area.top + y0 * CELL,
    y1: area.top + (y1 + 1) * CELL,
    share: found / (columns * rows),
  };
}

/** Grows a box about its centre to at least `w` × `h`, kept on the page and below `top`. */
function atLeast(box: { x0: number; x1: number; y0: number; y1: number }, w: number, h: number, top: number) {
  const grow = (from: number, to: number, size: number, min: number, max: number) => {
    if (to - from >= size) return [from, to] as const;
    const centre = (from + to) / 2;
    const start = Math.min(Math.max(min, centre - size / 2), Math.max(min, max - size));
    return [start, Math.min(max, start + size)] as const;
  };
  const [x0, x1] = grow(box.x0, box.x1, w, 0, 1);
  const [y0, y1] = grow(box.y0, box.y1, h, top, 1);
  return { x0, x1, y0, y1 };
}

/**
 * The page at about WORK_WIDTH pixels across, each pixel the darkest of the block it stands for:
 * a rule or a pencil line stays whole, and the work is read four times faster than at full size.
 */
function shrink(grey: Uint8Array, width: number, height: number, channels: number) {
  const step = Math.max(1, Math.floor(width / WORK_WIDTH));
  const w = Math.floor(width / step);
  const h = Math.floor(height / step);
  const pixels = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < h * step; y++) {
    const row = Math.floor(y / step) * w;
    for (let x = 0; x < w * step; x++) {
      const level = grey[(y * width + x) * channels] ?? 255;
      const at = row + Math.floor(x / step);
      if (level < (pixels[at] ?? 255)) pixels[at] = level;
    }
  }
  return { pixels, width: w, height: h };
}

/**
 * The paper's grey around each pixel: the lightest pixel within PAPER_RADIUS (a separable maximum).
 * Writing and rules are thinner than that and read as darker than their paper; a shadow, uneven
 * copier light or a tinted sheet are as light as their paper and read as none.
 */
function paperAround(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const across = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let light = 0;
      for (let d = Math.max(0, x - PAPER_RADIUS); d <= Math.min(width - 1, x + PAPER_RADIUS); d++)
        light = Math.max(light, pixels[y * width + d] ?? 0);
      across[y * width + x] = light;
    }
  }
  const paper = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let light = 0;
      for (let d = Math.max(0, y - PAPER_RADIUS); d <= Math.min(height - 1, y + PAPER_RADIUS); d++)
        light = Math.max(light, across[d * width + x] ?? 0);
      paper[y * width + x] = light;
    }
  }
  return paper;
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;
