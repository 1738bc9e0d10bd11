// A student's year and the class's movement in the browser: the student page lists their work on
// each board with its pile, pins and next steps, says where they have no work, draws the flow
// chart with their way marked and the same figures as a table, hides names on request, and shows
// nothing without the class's link.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { PILE_COLORS } from '#shared/colors.js';
import { listCards, placeCard, setStudentLabel } from '#shared/schema/card.js';
import { addPin } from '#shared/schema/comments.js';
import { createPile, pileText } from '#shared/schema/pile.js';
import { setTrajectory } from '#shared/trajectory.js';
import { addClassBoard, changeBoard, createClassWith, type SeededClass } from '../fixtures/classBoards.js';
import { uploadForm, uprightPage } from '../fixtures/scans.js';
import type { TestServer } from '../fixtures/server.js';
import { seriousViolations } from './axe.js';
import { launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

const NAMES = ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Katherine Johnson', 'Mary Jackson', 'Dorothy Vaughan'];

/** Per board: each student's pile by index into the board's piles (null: unsorted, undefined: absent). */
const BOARDS = [
  {
    title: 'September: 48 + 27',
    task: 'Solve 48 + 27 two ways.',
    piles: ['Counts all', 'Counts on', 'Decomposes'],
    sort: [0, 0, 1, 1, 2, 0],
  },
  {
    title: 'October: 63 + 29',
    task: 'Solve 63 + 29.',
    piles: ['Counts on', 'Decomposes', 'Compensates'],
    sort: [0, undefined, 1, 1, 2, 0],
  },
  {
    title: 'November: 56 + 38',
    task: 'Solve 56 + 38.',
    piles: ['Counting on', 'Decomposes by place value', 'Compensates'],
    sort: [1, 0, 2, 1, 2, null],
  },
] as const;

/** A strategy keeps its colour from board to board, as a team picking from the palette would. */
function colorOf(title: string): string {
  const strategies = ['Counts all', 'Count', 'Decomposes', 'Compensates'];
  const index = strategies.findIndex((start) => title.startsWith(start));
  return PILE_COLORS[[0, 1, 2, 4][index] ?? 6] as string;
}

describe('a student’s year', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let seeded: SeededClass;
  let ada: string;
  const boardIds: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    seeded = await createClassWith(server.url, 'Room 12 math', NAMES);
    ada = seeded.students[0]?.studentId as string;
    for (const spec of BOARDS) {
      const board = await addClassBoard(server.url, seeded, spec.title, spec.task);
      boardIds.push(board.id);
      const present = NAMES.filter((_, index) => spec.sort[index] !== undefined);
      const files = await Promise.all(
        present.map(async (name, index) => ({ name: `${name}.png`, bytes: await uprightPage({ pageNumber: index + 1 }) })),
      );
      const upload = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seeded.tokens.editor}` },
        body: uploadForm(files),
      });
      expect(upload.status).toBe(201);
      await changeBoard(server.app, board.id, (doc) => {
        const piles = spec.piles.map((title, index) =>
          createPile(doc, {
            title,
            color: colorOf(title),
            x: 0,
            y: 0,
            w: 300,
            h: 200,
            nextSteps: index === 0 ? 'Count on from the larger number\nTen frames' : '',
          }),
        );
        setTrajectory(doc, piles);
        pileText(doc, piles[0] as string, 'description')?.insert(0, 'Starts from one and counts every unit.');
        for (const card of listCards(doc)) {
          const index = NAMES.findIndex((name) => card.student.startsWith(name));
          const student = seeded.students[index];
          if (!student) continue;
          (doc.getMap('cards').get(card.id) as Y.Map<unknown>).set('studentId', student.studentId);
          setStudentLabel(doc, card.id, student.name);
          const pileIndex = spec.sort[index];
          placeCard(doc, card.id, {
            pileId: pileIndex === null || pileIndex === undefined ? null : (piles[pileIndex] ?? null),
            x: 0,
            y: 0,
          });
          if (index === 0) {
            addPin(doc, {
              cardId: card.id,
              page: card.pages[0] as string,
              region: { x: 0.15, y: 0.4, w: 0.7, h: 0.25 },
              text: `Evidence on ${spec.title.split(':')[0]}`,
              author: { name: 'Ms. Rivera', color: '#0072b2' },
            });
          }
        }
      });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path: string, width = 1280): Promise<Page> {
    const { page } = await openPage(browser, { width, height: 900 });
    await page.goto(`${server.url}${path}`);
    return page;
  }

  const studentPath = (token: string, extra = '') => `/class/${seeded.id}/student/${ada}#token=${encodeURIComponent(token)}${extra}`;

  it('shows the work on each board with its pile, pins and next steps, in order, and the chart with its table', async () => {
    const page = await open(studentPath(seeded.tokens.viewer));
    await page.getByTestId('history-heading').filter({ hasText: 'Ada Lovelace' }).waitFor();
    const boards = page.getByTestId('history-board');
    await expect.poll(() => boards.count()).toBe(3);
    expect(await page.getByTestId('history-pile-title').allTextContents()).toEqual([
      'Counts all',
      'Counts on',
      'Decomposes by place value',
    ]);
    const first = boards.nth(0);
    expect(await first.getByRole('heading', { level: 2 }).textContent()).toBe('September: 48 + 27');
    expect(await first.textContent()).toContain('Starts from one and counts every unit.');
    expect(await first.textContent()).toContain('Evidence on September');
    expect(await first.textContent()).toContain('Ten frames');
    // The work itself, loaded with the class's link.
    const image = first.getByRole('img', { name: /Page 1 of 1 of Ada Lovelace/ });
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

    // The chart: the latest pair by default, Ada's way marked, and the table says the same.
    const chart = page.getByTestId('movement-chart');
    await chart.waitFor();
    expect(await chart.getByText('October: 63 + 29').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('movement-band-mine').count()).toBe(1);
    const table = page.getByRole('table', { name: /October: 63 \+ 29 to November: 56 \+ 38/ });
    const mine = table.locator('tr.movement-row-mine');
    expect(await mine.locator('td').allTextContents()).toEqual(['Counts on', 'Decomposes by place value', '1', 'Ada Lovelace']);
    // Alan had no work in October: he arrives from "No work on this board".
    expect(await table.getByRole('row', { name: /No work on this board.*Counting on.*Alan Turing/ }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'student-page-1280');
    await page.getByTestId('movement-chart').scrollIntoViewIfNeeded();
    await screenshot(page, 'student-movement-1280');

    // Another pair of boards.
    await page.getByLabel('Boards', { exact: true }).selectOption({ label: 'September: 48 + 27 → October: 63 + 29' });
    await page.getByRole('table', { name: /September: 48 \+ 27 to October: 63 \+ 29/ }).waitFor();
    expect(await page.locator('tr.movement-row-mine td').allTextContents()).toEqual([
      'Counts all',
      'Counts on',
      '2',
      'Ada Lovelace, Dorothy Vaughan',
    ]);
    await page.close();
  });

  it('hides names everywhere on request: the heading, the table, the work’s alt text and the pictures', async () => {
    const page = await open(studentPath(seeded.tokens.viewer), 1920);
    await page.getByTestId('history-heading').filter({ hasText: 'Ada Lovelace' }).waitFor();
    await page.getByRole('button', { name: 'Hide names' }).click();
    await page
      .getByTestId('history-heading')
      .filter({ hasText: /^Student \d+$/ })
      .waitFor();
    await expect.poll(() => page.locator('body').textContent()).not.toMatch(/Ada|Alan|Grace|Katherine|Mary|Dorothy/);
    expect(page.url()).toContain('names=hidden');
    const sources = await page.locator('.history-work img').evaluateAll((images) => images.map((img) => (img as HTMLImageElement).src));
    expect(sources.length).toBe(3);
    for (const source of sources) expect(source).toContain('names=hidden');
    // The masked pictures have replaced the others before anyone looks.
    await expect
      .poll(() => page.locator('.history-work img').evaluateAll((images) => images.every((img) => (img as HTMLImageElement).complete)))
      .toBe(true);
    await screenshot(page, 'student-page-hidden-1920');

    // A copied link keeps them hidden.
    const again = await open(studentPath(seeded.tokens.viewer, '&names=hidden'), 1024);
    await again
      .getByTestId('history-heading')
      .filter({ hasText: /^Student \d+$/ })
      .waitFor();
    await screenshot(again, 'student-page-hidden-1024');
    await page.close();
    await again.close();
  });

  it('the class’s movement page links each student to their page', async () => {
    const projector = await open(`/class/${seeded.id}/movement#token=${encodeURIComponent(seeded.tokens.viewer)}&names=hidden`, 1920);
    await projector.getByTestId('movement-chart').waitFor();
    await screenshot(projector, 'movement-page-hidden-1920');
    await projector.getByTestId('language-switch').selectOption('es');
    await projector.getByRole('heading', { name: 'Cambios de estrategia' }).waitFor();
    await screenshot(projector, 'movement-page-es-1920');
    await projector.close();

    const page = await open(`/class/${seeded.id}/movement#token=${encodeURIComponent(seeded.tokens.viewer)}`, 1024);
    await page.getByTestId('movement-chart').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'movement-page-1024');
    await page.getByRole('link', { name: 'Grace Hopper' }).click();
    await page.getByTestId('history-heading').filter({ hasText: 'Grace Hopper' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/class/${seeded.id}/student/${seeded.students[2]?.studentId}`);
    await page.close();
  });

  it('a class’s next board lists the previous board’s next steps as a checklist the team ticks together', async () => {
    const boardPath = `/b/${boardIds[1]}#token=`;
    const editor = await open(`${boardPath}${encodeURIComponent(seeded.tokens.editor)}`);
    const viewer = await open(`${boardPath}${encodeURIComponent(seeded.tokens.viewer)}`, 1024);
    await editor.getByTestId('carried-steps-toggle').click();
    const panel = editor.getByTestId('carried-steps-panel');
    await panel.getByRole('heading', { name: 'Next steps from September: 48 + 27' }).waitFor();
    const boxes = panel.getByRole('checkbox');
    expect(await boxes.count()).toBe(2);
    expect(await panel.getByRole('region', { name: 'Counts all' }).textContent()).toContain('Ten frames');
    await panel.getByRole('checkbox', { name: 'Ten frames' }).check();
    await panel.getByText('1 of 2 done').waitFor();
    await screenshot(editor, 'carried-steps-1280');

    // The viewer sees the tick at once and cannot change it.
    await viewer.getByTestId('carried-steps-toggle').click();
    const seen = viewer.getByTestId('carried-steps-panel').getByRole('checkbox', { name: 'Ten frames' });
    await expect.poll(() => seen.isChecked()).toBe(true);
    expect(await seen.isDisabled()).toBe(true);
    expect(await seriousViolations(viewer, '[data-testid="carried-steps-panel"]')).toEqual([]);
    await screenshot(viewer, 'carried-steps-viewer-1024');
    await editor.close();
    await viewer.close();
  });

  it('a card of a class’s board links to the student’s year from the outline', async () => {
    const page = await open(`/b/${boardIds[2]}#token=${encodeURIComponent(seeded.tokens.viewer)}`);
    await page.getByTestId('outline-toggle').click();
    await page
      .getByTestId('outline')
      .getByRole('treeitem', { name: /Ada Lovelace/ })
      .click();
    const link = page.getByTestId('outline').getByRole('link', { name: 'This student’s year' });
    const href = (await link.getAttribute('href')) as string;
    expect(href).toBe(`/class/${seeded.id}/student/${ada}#token=${encodeURIComponent(seeded.tokens.viewer)}`);
    // The card's full-size view links there too.
    await page
      .getByTestId('outline')
      .getByRole('treeitem', { name: /Ada Lovelace/ })
      .press('Enter');
    const inspector = page.getByTestId('card-inspector');
    expect(await inspector.getByRole('link', { name: 'This student’s year' }).getAttribute('href')).toBe(href);
    await screenshot(page, 'card-inspector-student-year-1280');
    await inspector.press('Escape');
    await inspector.waitFor({ state: 'detached' });
    const [student] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await student.getByTestId('history-heading').filter({ hasText: 'Ada Lovelace' }).waitFor();
    await student.close();
    await page.close();
  });

  it('shows nothing of the class without one of its links', async () => {
    const board = await addClassBoard(server.url, seeded, 'December', '');
    for (const path of [`/class/${seeded.id}/student/${ada}`, studentPath(board.tokens.owner), studentPath('not-a-token')]) {
      const page = await open(path);
      await page.getByRole('heading', { name: 'This needs the class’s link' }).waitFor();
      expect(await page.locator('body').textContent()).not.toContain('Ada');
      await page.close();
    }
  });
});
