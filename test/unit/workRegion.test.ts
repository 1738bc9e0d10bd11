// Finding where the student worked on an uploaded page (server/assets/ingest/workRegion.ts): the
// crop must hold all of the writing, and leave out the name band, the printed header, the margins
// and the scanner's edge; when it cannot tell, the whole page below the name.
import { describe, expect, it } from 'vitest';
import type { PageRect } from '#shared/pageGeometry.js';
import { DEFAULT_NAME_BAND } from '#shared/schema/batch.js';
import { findPageRegions } from '../../server/assets/ingest/pageRegions.js';
import { createIngestPool } from '../../server/assets/ingest/pool.js';
import { belowName, detectPageRegions, workRegionOfPixels } from '../../server/assets/ingest/workRegion.js';
import { loadConfig } from '../../server/config.js';
import { generateDemoClassSet } from '../../server/demo/classSet.js';
import { PAGE, WORK_AREA } from '../../server/demo/worksheet.js';
import { pencilPage } from '../bench/lib/pencilPage.js';
import { SVG_PAGE, scribble, svgPage } from '../fixtures/svgPages.js';

const { width: W, height: H } = SVG_PAGE;
const page = svgPage;

/** A worksheet's print: name and date lines side by side, the task, a work box from y 200 to 900 and an answer rule. */
const worksheet = (tilt = 0) => `<g transform="rotate(${tilt} ${W / 2} ${H / 2})">
  <rect x="120" y="90" width="300" height="3" fill="#111"/><rect x="480" y="90" width="300" height="3" fill="#111"/>
  ${scribble(60, 160, 14).replaceAll('#555', '#222')}
  <rect x="50" y="200" width="750" height="700" fill="none" stroke="#333" stroke-width="3"/>
  <rect x="150" y="1000" width="300" height="3" fill="#111"/></g>`;

/** Dark texture in dots, broken every few pixels, so no straight run is long enough to read as a rule. */
const mottled = `<defs><pattern id="mottle" width="16" height="16" patternUnits="userSpaceOnUse">
  <rect width="11" height="11" fill="#2a2a2a"/></pattern></defs>`;

/** Whether `outer` (0..1) holds the pixel box `inner` of an W × H page. */
function holds(outer: PageRect, inner: { left: number; top: number; right: number; bottom: number }, width = W, height = H) {
  return (
    outer.x * width <= inner.left &&
    outer.y * height <= inner.top &&
    (outer.x + outer.w) * width >= inner.right &&
    (outer.y + outer.h) * height >= inner.bottom
  );
}

describe('the work region found on a page', () => {
  it('holds the writing and leaves out the name, the printed task and the margins', async () => {
    const work = scribble(200, 400, 8) + scribble(220, 470, 6);
    const { name, work: region } = await detectPageRegions(await page(worksheet() + work));
    expect(holds(region, { left: 200, top: 370, right: 200 + 8 * 22, bottom: 470 })).toBe(true);
    // Below the name band and below the printed task (the box's top edge at 200).
    expect(region.y).toBeGreaterThanOrEqual(name.y + name.h);
    expect(region.y * H).toBeGreaterThan(200);
    // Tight: nowhere near the page's sides or foot.
    expect(region.x * W).toBeGreaterThan(120);
    expect((region.x + region.w) * W).toBeLessThan(480);
    expect((region.y + region.h) * H).toBeLessThan(620);
  });

  it('trims the header of a scan turned a degree and a half', async () => {
    const work = `<g transform="rotate(1.5 ${W / 2} ${H / 2})">${scribble(300, 600, 10)}</g>`;
    const region = (await detectPageRegions(await page(worksheet(1.5) + work))).work;
    expect(region.y * H).toBeGreaterThan(190);
    expect(holds(region, { left: 300, top: 575, right: 300 + 10 * 22, bottom: 612 })).toBe(true);
  });

  it('reaches writing outside the box, such as an answer written on its line', async () => {
    const work = scribble(200, 400, 6) + scribble(170, 995, 3);
    const region = (await detectPageRegions(await page(worksheet() + work))).work;
    expect(holds(region, { left: 170, top: 370, right: 200 + 6 * 22, bottom: 995 })).toBe(true);
  });

  it('leaves out the scanner edge and its shadow', async () => {
    // The glass's edge, mottled (not one straight rule), and its shadow.
    const edge = `${mottled}<rect x="${W - 70}" y="0" width="70" height="${H}" fill="url(#mottle)"/>`;
    const region = (await detectPageRegions(await page(scribble(150, 500, 10) + edge))).work;
    expect(holds(region, { left: 150, top: 470, right: 150 + 10 * 22, bottom: 500 })).toBe(true);
    expect((region.x + region.w) * W).toBeLessThan(W - 200);
  });

  it('takes uneven copier light for paper, not writing', async () => {
    const light = `<defs><linearGradient id="dim" x2="0" y2="1"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#a8a8a8"/></linearGradient></defs>
      <rect width="100%" height="100%" fill="url(#dim)"/>`;
    const region = (await detectPageRegions(await page(light + scribble(150, 500, 8)))).work;
    expect(holds(region, { left: 150, top: 470, right: 150 + 8 * 22, bottom: 500 })).toBe(true);
    expect((region.y + region.h) * H).toBeLessThan(620);
  });

  it('ignores dust and shows a lone answer with its surroundings, not blown up', async () => {
    const dust = [100, 300, 700]
      .map(
        (x, i) =>
          `<circle cx="${x}" cy="${250 + i * 270}" r="1.5" fill="#333"/><circle cx="${x + 500 - i * 300}" cy="${H - 60}" r="2" fill="#444"/>`,
      )
      .join('');
    const region = (await detectPageRegions(await page(scribble(400, 600, 2) + dust))).work;
    expect(holds(region, { left: 400, top: 570, right: 444, bottom: 600 })).toBe(true);
    expect(region.w).toBeGreaterThanOrEqual(0.35);
    expect(region.h).toBeGreaterThanOrEqual(0.25);
    // The dust far from the answer is not what sized the crop.
    expect(region.w).toBeLessThan(0.5);
  });

  it('falls back to the whole page below the name on a blank page, and when the page is mostly dark', async () => {
    const blank = await detectPageRegions(await page(''));
    expect(blank.work).toEqual(belowName(blank.name));
    // A photo of the sheet on a dark, textured desk: ink all over, nothing straight.
    const photo = await detectPageRegions(
      await page(`${mottled}<rect x="0" y="250" width="${W}" height="${H - 250}" fill="url(#mottle)"/>`),
    );
    expect(photo.work).toEqual(belowName(photo.name));
  });

  it('holds the pencil work of generated scans', async () => {
    for (const seed of [1, 7]) {
      const region = (await detectPageRegions(await pencilPage(seed))).work;
      // The strokes of pencilPage: from x 150 + seed offset, 640 wide, eight rows 162 px apart;
      // the first, alone at the top, is read as the name, so the work starts with the second.
      const left = 150 + ((seed * 13) % 80);
      const second = 200 + 1300 / 8 + ((seed * 37) % 50);
      const last = 200 + (7 * 1300) / 8 + ((seed * 37) % 50);
      const strokes = { left, top: second - 30, right: left + 640, bottom: last + 30 };
      expect(holds(region, strokes, PAGE.width, PAGE.height)).toBe(true);
      expect(region.x).toBeGreaterThan(0.05);
    }
  });

  it('crops every page of the demo board inside the work box, below its printed task', async () => {
    // The class set a demo board shows (some of its scans turned enough to spread a rule over rows).
    const { works } = await generateDemoClassSet({});
    for (const work of works) {
      const region = (await detectPageRegions(work.page)).work;
      // The task is printed at 260 px; the work box starts at 290.
      expect(region.y * PAGE.height).toBeGreaterThan(265);
      // Every strategy starts writing in the top third of the box.
      expect(region.y * PAGE.height).toBeLessThan(WORK_AREA.top + (WORK_AREA.bottom - WORK_AREA.top) / 3);
      // Narrower than the page: the right margin, the scan's edge and the empty side of the box are trimmed.
      expect(region.w).toBeLessThan(0.9);
      expect(region.x + region.w).toBeLessThan(0.96);
    }
  });

  it('reads a page of any channel count without a decoder', () => {
    const width = 300;
    const height = 400;
    const pixels = new Uint8Array(width * height * 3).fill(240);
    for (let y = 200; y < 230; y++) for (let x = 100; x < 180; x += 4) pixels.fill(40, (y * width + x) * 3, (y * width + x + 2) * 3);
    const region = workRegionOfPixels(pixels, width, height, { x: 0, y: 0, w: 1, h: 0.1 }, 3);
    expect(holds(region, { left: 100, top: 200, right: 178, bottom: 230 }, width, height)).toBe(true);
  });

  it('is found on a worker thread at upload, as on the main thread; a page the worker cannot read gets the defaults', async () => {
    const pool = createIngestPool(1, loadConfig({}).ingestMemoryBytes);
    try {
      const image = await page(worksheet() + scribble(200, 400, 8));
      expect(await findPageRegions(pool, image)).toEqual(await detectPageRegions(image));
      const damaged = Buffer.from('not a picture at all');
      expect(await findPageRegions(pool, damaged)).toEqual({ name: DEFAULT_NAME_BAND, work: belowName(DEFAULT_NAME_BAND) });
    } finally {
      await pool.close();
    }
  });
});
