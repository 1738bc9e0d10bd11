import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_NAME_BAND,
  DEMO_STRATEGY_LABELS,
  DEMO_TASK,
  type DemoStrategy,
  type DemoStudentWork,
  demoFileName,
  generateDemoClassSet,
  generateDemoClassSetPdf,
} from '../../server/demo/classSet.js';

// Rendering a whole class takes a few seconds on a small machine; allow for a slow CI runner.
const SLOW = 60_000;
const STRATEGIES: DemoStrategy[] = ['number-line', 'base-ten', 'standard-algorithm', 'compensation', 'counting-on'];

/** Inside the printed work box, clear of its border even when the scan is turned 1.5°. */
const INSIDE_WORK_BOX = { left: 150, top: 335, width: 950, height: 1010 };

/** How much ink a region shows: its darkest grey, its mean grey and the share of dark pixels. */
async function inkOn(page: Buffer, region?: typeof INSIDE_WORK_BOX): Promise<{ darkest: number; meanGrey: number; darkShare: number }> {
  const image = sharp(page).greyscale();
  const grey = await (region ? image.extract(region) : image).raw().toBuffer();
  let darkest = 255;
  let sum = 0;
  let dark = 0;
  for (let index = 0; index < grey.length; index++) {
    const value = grey[index] ?? 255;
    if (value < darkest) darkest = value;
    if (value < 160) dark++;
    sum += value;
  }
  return { darkest, meanGrey: sum / grey.length, darkShare: dark / grey.length };
}

describe('the demo class set', () => {
  let works: DemoStudentWork[] = [];
  let task = '';

  beforeAll(async () => {
    ({ task, works } = await generateDemoClassSet());
  }, SLOW);

  it('is one task answered by 28 differently named students', () => {
    expect(task).toBe(DEMO_TASK);
    expect(task).toContain('48 + 27');
    expect(works).toHaveLength(28);
    expect(new Set(works.map((work) => work.student)).size).toBe(28);
    for (const work of works) expect(work.student).toMatch(/^\p{L}+ \p{Lu}\.$/u);
    expect(works.some((work) => work.student !== work.student.normalize('NFD'))).toBe(true);
  });

  it('covers all five strategies about evenly, with a label for each', () => {
    const counts = new Map<DemoStrategy, number>();
    for (const work of works) counts.set(work.strategy, (counts.get(work.strategy) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...STRATEGIES].sort());
    for (const count of counts.values()) expect(count).toBeGreaterThanOrEqual(5);
    for (const strategy of STRATEGIES) expect(DEMO_STRATEGY_LABELS[strategy]).toMatch(/\w/);
  });

  it('has some wrong answers in every strategy, but mostly right ones', () => {
    for (const strategy of STRATEGIES) {
      const papers = works.filter((work) => work.strategy === strategy);
      expect(papers.some((work) => !work.correct)).toBe(true);
      expect(papers.some((work) => work.correct)).toBe(true);
    }
    const wrong = works.filter((work) => !work.correct).length;
    expect(wrong).toBeGreaterThanOrEqual(4);
    expect(wrong).toBeLessThan(works.length / 2);
  });

  it('gives every page as a portrait US Letter JPEG at 150 dpi', async () => {
    for (const work of works) {
      // metadata() reads the JPEG header; decoding happens in the ink test below.
      const metadata = await sharp(work.page).metadata();
      expect(metadata.format).toBe('jpeg');
      expect(metadata.width).toBe(1275);
      expect(metadata.height).toBe(1650);
    }
  });

  it(
    'looks like paper with writing on it, not a blank or dark sheet',
    async () => {
      const inks = await Promise.all(works.map((work) => inkOn(work.page)));
      for (const ink of inks) {
        // Paper is near 240; print and pencil go far darker but cover only a little of the sheet.
        expect(ink.darkest).toBeLessThan(110);
        expect(ink.meanGrey).toBeGreaterThan(215);
        expect(ink.darkShare).toBeGreaterThan(0.005);
        expect(ink.darkShare).toBeLessThan(0.15);
      }
    },
    SLOW,
  );

  it(
    "has the student's own work inside the box on every page",
    async () => {
      // Nothing is printed inside the box, so any ink there is the child's.
      const inks = await Promise.all(works.map((work) => inkOn(work.page, INSIDE_WORK_BOX)));
      for (const ink of inks) {
        expect(ink.darkest).toBeLessThan(150);
        expect(ink.darkShare).toBeGreaterThan(0.002);
      }
    },
    SLOW,
  );

  it('names uploaded files after the student', () => {
    expect(demoFileName({ student: 'José R.' })).toBe('José R.jpg');
    const names = works.map(demoFileName);
    expect(new Set(names).size).toBe(works.length);
    for (const name of names) expect(name).toMatch(/\.jpg$/);
  });

  it('keeps the name band at the top of the page, above the task', () => {
    expect(DEMO_NAME_BAND.top).toBe(0);
    expect(DEMO_NAME_BAND.bottom).toBeGreaterThan(0.05);
    expect(DEMO_NAME_BAND.bottom).toBeLessThan(0.2);
  });
});

describe('generating the demo class set', () => {
  it(
    'gives the same bytes for the same seed and different pages for another',
    async () => {
      const first = await generateDemoClassSet({ seed: 7, students: 3 });
      const again = await generateDemoClassSet({ seed: 7, students: 3 });
      const other = await generateDemoClassSet({ seed: 8, students: 3 });
      expect(again.works.map((work) => work.student)).toEqual(first.works.map((work) => work.student));
      first.works.forEach((work, index) => {
        expect(again.works[index]?.page.equals(work.page)).toBe(true);
        expect(other.works[index]?.page.equals(work.page)).toBe(false);
      });
    },
    SLOW,
  );

  it(
    'draws smaller pages on request, keeping the Letter proportion',
    async () => {
      const { works } = await generateDemoClassSet({ students: 2, width: 850 });
      expect(works).toHaveLength(2);
      const metadata = await sharp(works[0]?.page).metadata();
      expect(metadata.width).toBe(850);
      expect(metadata.height).toBe(1100);
    },
    SLOW,
  );

  it('refuses options that make no sense', async () => {
    await expect(generateDemoClassSet({ students: 0 })).rejects.toThrow(RangeError);
    await expect(generateDemoClassSet({ width: 10 })).rejects.toThrow(/width/);
    await expect(generateDemoClassSet({ seed: 1.5 })).rejects.toThrow(/seed/);
  });

  it(
    'makes one PDF with a Letter page per student, in the same order',
    async () => {
      const options = { seed: 3, students: 6 };
      const pdfBytes = await generateDemoClassSetPdf(options);
      const { works } = await generateDemoClassSet(options);
      expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pdf = await PDFDocument.load(pdfBytes);
      expect(pdf.getPageCount()).toBe(6);
      pdf.getPages().forEach((page, index) => {
        expect(page.getSize()).toEqual({ width: 612, height: 792 });
        // Each page shows exactly that student's JPEG, embedded as is.
        const images = page.node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
        const [imageName] = images?.keys() ?? [];
        const image = imageName ? pdf.context.lookup(images?.get(imageName)) : undefined;
        expect(image).toBeInstanceOf(PDFRawStream);
        const contents = image instanceof PDFRawStream ? image.contents : new Uint8Array();
        expect(Buffer.from(contents).equals(works[index]?.page ?? Buffer.alloc(0))).toBe(true);
      });
      // The same seed gives the same PDF, so a demo board can be rebuilt identically.
      expect((await generateDemoClassSetPdf(options)).equals(pdfBytes)).toBe(true);
    },
    SLOW,
  );
});
