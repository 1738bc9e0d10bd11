// The same task across classrooms in the browser: a coach pastes a link of each class and sees
// each class's board of the shared task as its strategies side by side, names hidden until asked.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PILE_COLORS } from '#shared/colors.js';
import { createCard } from '#shared/schema/card.js';
import { createPile } from '#shared/schema/pile.js';
import { setTrajectory } from '#shared/trajectory.js';
import { addClassBoard, changeBoard, createClassWith, type SeededClass } from '../fixtures/classBoards.js';
import type { TestServer } from '../fixtures/server.js';
import { seriousViolations } from './axe.js';
import { launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

const STRATEGIES = ['Counts all', 'Counts on', 'Decomposes', 'Compensates'];

describe('the same task across classrooms', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const classes: SeededClass[] = [];

  /** A class of 12 whose board of the task puts `counts[i]` students in strategy i (the rest unsorted). */
  async function classWith(title: string, task: string, counts: number[]): Promise<SeededClass> {
    const seeded = await createClassWith(
      server.url,
      title,
      Array.from({ length: 12 }, (_, index) => `${title} pupil ${index + 1}`),
    );
    const board = await addClassBoard(server.url, seeded, `${title}: addition`, task);
    await changeBoard(server.app, board.id, (doc) => {
      const piles = STRATEGIES.map((strategy, index) =>
        createPile(doc, { title: strategy, color: PILE_COLORS[[0, 1, 2, 4][index] ?? 0], x: 0, y: 0, w: 300, h: 200 }),
      );
      setTrajectory(doc, piles);
      let next = 0;
      seeded.students.forEach((student, index) => {
        while (next < counts.length && counts.slice(0, next + 1).reduce((sum, n) => sum + n, 0) <= index) next++;
        createCard(doc, { student: student.name, pages: [], studentId: student.studentId, pileId: piles[next] ?? null });
      });
    });
    return seeded;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    classes.push(await classWith('Room 101', 'Solve 48 + 27 two ways.', [6, 3, 2, 1]));
    classes.push(await classWith('Room 102', 'solve 48 + 27 two ways.', [1, 3, 4, 3]));
    classes.push(await classWith('Room 103', 'Measure the classroom.', [4, 4, 4, 0]));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lines up the classes that gave the task, with counts per strategy, names hidden until asked', async () => {
    const { page } = await openPage(browser, { width: 1280, height: 900 });
    await page.goto(`${server.url}/classes/compare`);
    const links = classes.map((one) => `${server.url}/class/${one.id}#token=${encodeURIComponent(one.tokens.viewer)}`).join('\n');
    await page.getByLabel('Class links, one per line').fill(links);
    await page.getByRole('button', { name: 'Compare' }).click();
    const task = page.getByTestId('compare-task');
    await task.first().waitFor();
    expect(await task.count()).toBe(1);
    expect(await task.getByRole('heading').textContent()).toContain('Solve 48 + 27 two ways.');
    const table = task.getByRole('table');
    expect(await table.getByRole('columnheader').allTextContents()).toEqual([
      'Strategy',
      'Room 101: Room 101: addition',
      'Room 102: Room 102: addition',
    ]);
    expect(
      await table
        .getByRole('row', { name: /Decomposes/ })
        .getByRole('cell')
        .allTextContents(),
    ).toEqual(['2 of 12', '4 of 12']);
    expect(await page.locator('body').textContent()).not.toContain('pupil');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'class-comparison-1280');

    await page.getByRole('button', { name: 'Show names' }).click();
    await table.getByText('Room 102 pupil 5').waitFor();
    expect(page.url()).toContain('names=shown');
    expect(new URL(page.url()).search).toBe('');

    // A reload keeps the comparison (the links ride in the fragment).
    await page.setViewportSize({ width: 1920, height: 1000 });
    await page.reload();
    await page.getByTestId('compare-task').getByText('Room 102 pupil 5').waitFor();
    await screenshot(page, 'class-comparison-names-1920');

    // A link that is not a class link is named; a revoked or wrong token is refused by the server.
    await page.getByLabel('Class links, one per line').fill(`${links}\nhttps://example.org/nothing`);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('alert').filter({ hasText: 'Line 4 is not a class link.' }).waitFor();
    await page.getByLabel('Class links, one per line').fill(`${server.url}/class/${classes[0]?.id}#token=wrong`);
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();
    await page.context().close();
  });
});
