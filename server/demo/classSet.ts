// The demo class set: one task answered by a class of invented students, each page a synthetic
// scan of their handwritten work, so a new board has something real-looking to sort.
// Deterministic from a seed; no fonts, files or network needed.

import { PDFDocument } from 'pdf-lib';
import { drawStudentPage } from './page.js';
import { createRandom, deriveSeed, shuffle } from './random.js';
import { chooseScanLook, rasteriseScan, scannedSvg } from './scan.js';
import { ADDENDS, type DemoStrategy, STRATEGIES, STRATEGY_LABELS } from './strategies/index.js';
import { chooseHand, chooseInk, rosterNames } from './students.js';
import { PAGE, printWorksheet } from './worksheet.js';

export type { DemoStrategy } from './strategies/index.js';
export { NAME_BAND as DEMO_NAME_BAND } from './worksheet.js';

export interface DemoStudentWork {
  student: string;
  strategy: DemoStrategy;
  /** Whether the final answer is right; sorting is about the thinking, so some are not. */
  correct: boolean;
  /** The scanned page as JPEG. */
  page: Buffer;
}

export interface DemoClassSetOptions {
  seed?: number;
  /** How many students (pages); 28 by default. */
  students?: number;
  /** Page width in pixels; height follows US Letter (1275 × 1650 is 150 dpi). */
  width?: number;
}

export const DEMO_TASK = 'Solve 48 + 27. Show your thinking.';

export const DEMO_STRATEGY_LABELS: Record<DemoStrategy, string> = STRATEGY_LABELS;

const DEFAULT_SEED = 2024;
const DEFAULT_STUDENTS = 28;
/** About one paper in four gets a wrong answer. */
const WRONG_SHARE = 0.25;
/** Pages rendered at once: enough to keep two cores busy without holding the whole set raw. */
const PAGES_AT_ONCE = 4;
const LETTER_POINTS = { width: 612, height: 792 } as const;

function checkedOptions(options: DemoClassSetOptions): Required<DemoClassSetOptions> {
  const { seed = DEFAULT_SEED, students = DEFAULT_STUDENTS, width = PAGE.width } = options;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(students) || students < 1 || students > 200) {
    throw new RangeError(`students must be a whole number from 1 to 200, got ${students}`);
  }
  if (!Number.isInteger(width) || width < 200 || width > 5100) {
    throw new RangeError(`width must be a whole number of pixels from 200 to 5100, got ${width}`);
  }
  return { seed, students, width };
}

interface Assignment {
  student: string;
  strategy: DemoStrategy;
  correct: boolean;
}

/** Strategies spread evenly over the class, and within each strategy about a quarter wrong. */
function assignWork(seed: number, count: number): Assignment[] {
  const random = createRandom(deriveSeed(seed, 0));
  const names = rosterNames(random, count);
  const strategies = shuffle(
    random,
    Array.from({ length: count }, (_, index) => STRATEGIES[index % STRATEGIES.length] as DemoStrategy),
  );
  const wrong = new Set<number>();
  for (const strategy of STRATEGIES) {
    const papers = strategies.flatMap((each, index) => (each === strategy ? [index] : []));
    const wrongCount = papers.length >= 3 ? Math.max(1, Math.round(papers.length * WRONG_SHARE)) : 0;
    for (const index of shuffle(random, papers).slice(0, wrongCount)) wrong.add(index);
  }
  return names.map((student, index) => ({
    student,
    strategy: strategies[index] as DemoStrategy,
    correct: !wrong.has(index),
  }));
}

/** Runs `work` over `items` with at most `limit` in flight, keeping results in input order. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function generateDemoClassSet(options: DemoClassSetOptions = {}): Promise<{ task: string; works: DemoStudentWork[] }> {
  const { seed, students, width } = checkedOptions(options);
  const height = Math.round((width * PAGE.height) / PAGE.width);
  const worksheet = printWorksheet(DEMO_TASK);
  const works = await mapWithLimit(assignWork(seed, students), PAGES_AT_ONCE, async (assignment, index) => {
    // Each page draws from its own seed so pages don't depend on one another.
    const random = createRandom(deriveSeed(seed, 1, index));
    const ink = chooseInk(random);
    const drawn = drawStudentPage(random, { ...assignment, hand: chooseHand(random), ink }, worksheet);
    // `correct` is promised to callers, so the page must agree with it.
    if ((drawn.answer === ADDENDS.first + ADDENDS.second) !== assignment.correct) {
      throw new Error(`demo page for ${assignment.strategy} wrote ${drawn.answer}, contradicting correct=${assignment.correct}`);
    }
    const look = chooseScanLook(random, ink.graphite);
    const page = await rasteriseScan(scannedSvg(random, drawn.content, look, width, height), look);
    return { ...assignment, page };
  });
  return { task: DEMO_TASK, works };
}

/** The class set as one scanned PDF, a US Letter page per student in the same order. */
export async function generateDemoClassSetPdf(options: DemoClassSetOptions = {}): Promise<Buffer> {
  const { works } = await generateDemoClassSet(options);
  return classSetPdf(works);
}

/** The pages of `works` as one PDF, as the school copier would scan them, one page each. */
export async function classSetPdf(works: DemoStudentWork[]): Promise<Buffer> {
  // Without updateMetadata:false pdf-lib stamps the current time, and the same seed would not
  // give the same bytes.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle('Worksort demo class set');
  pdf.setSubject(DEMO_TASK);
  for (const work of works) {
    const image = await pdf.embedJpg(work.page);
    const page = pdf.addPage([LETTER_POINTS.width, LETTER_POINTS.height]);
    page.drawImage(image, { x: 0, y: 0, width: LETTER_POINTS.width, height: LETTER_POINTS.height });
  }
  return Buffer.from(await pdf.save());
}

/**
 * A file name for a work as if a teacher had photographed it and named it after the student:
 * "Ana M." becomes "Ana M.jpg" (the initial's full stop doubles as the extension's).
 */
export function demoFileName(work: Pick<DemoStudentWork, 'student'>): string {
  return `${work.student.replace(/\.$/, '')}.jpg`;
}
