// Finding where the name is written on an uploaded page (server/assets/ingest/nameRegion.ts):
// the band must cover the name line and the name on it, whatever the page, and leave the work.
import { describe, expect, it } from 'vitest';
import { DEFAULT_NAME_BAND } from '#shared/schema/batch.js';
import { detectNameRegion } from '../../server/assets/ingest/nameRegion.js';
import { generateDemoClassSet } from '../../server/demo/classSet.js';
import { NAME_LINE, PAGE } from '../../server/demo/worksheet.js';
import { scribble, svgPage } from '../fixtures/svgPages.js';

const page = svgPage;

describe('the name region found on a page', () => {
  it('covers the name line of every demo page and stops above the printed task', async () => {
    const { works } = await generateDemoClassSet({ seed: 3, students: 6 });
    for (const work of works) {
      const region = await detectNameRegion(work.page);
      expect(region.x).toBe(0);
      expect(region.w).toBe(1);
      // The name sits on the line; the band runs below it (descenders, a tilted scan).
      expect(region.y + region.h).toBeGreaterThan((NAME_LINE.baseline + 10) / PAGE.height);
      // The task is printed at 260 px: the band leaves it readable.
      expect(region.y + region.h).toBeLessThan(230 / PAGE.height);
    }
  });

  it('reaches a name line printed lower than the top tenth', async () => {
    // A worksheet with a header block: the name line at a fifth of the page.
    const header = '<rect x="60" y="40" width="730" height="70" fill="#222"/>';
    const nameLine = `<rect x="120" y="222" width="300" height="3" fill="#111"/>${scribble(130, 218, 6)}`;
    const work = `<rect x="200" y="600" width="300" height="200" fill="#333"/>`;
    const region = await detectNameRegion(await page(header + nameLine + work));
    expect(region.h).toBeGreaterThan(226 / 1100);
    expect(region.h).toBeLessThan(0.3);
  });

  it('takes the first handwritten line when the page has no printed rule', async () => {
    const name = scribble(80, 170, 7);
    const work = scribble(80, 500, 20) + scribble(80, 560, 20);
    const region = await detectNameRegion(await page(name + work));
    expect(region.h).toBeGreaterThan(172 / 1100);
    expect(region.h).toBeLessThan(400 / 1100);
  });

  it('keeps at least the top tenth, and falls back to it on a blank page or when work fills the top', async () => {
    expect(await detectNameRegion(await page(''))).toEqual(DEFAULT_NAME_BAND);
    const early = await detectNameRegion(await page(scribble(80, 40, 5)));
    expect(early.h).toBeGreaterThanOrEqual(DEFAULT_NAME_BAND.h);
    const full = await page('<rect x="50" y="20" width="10" height="1000" fill="#000"/>');
    expect(await detectNameRegion(full)).toEqual(DEFAULT_NAME_BAND);
  });
});
