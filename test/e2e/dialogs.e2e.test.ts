// Dialogs over a live board: what lies under a dialog is tinted, never filtered, so that a busy
// board beneath it costs nothing more per frame (a blurred backdrop is redrawn with every frame of
// the canvas: 60 frames a second fell to about 10 with 500 cards and 20 moving pointers).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, type TestServer } from '../fixtures/server.js';
import { boardLink, launchBrowser, openPage, startAppServer } from './browser.js';

/** Every element on the page that filters what is drawn behind or inside it. */
function filteredElements(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('*')]
      .filter((element) => {
        const style = getComputedStyle(element);
        return (style.backdropFilter || 'none') !== 'none' || (style.filter || 'none') !== 'none';
      })
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
  );
}

describe('dialogs over the board', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the name prompt and the shortcuts dialog tint the board beneath without filtering it', async () => {
    const board = await createBoard(server.url, { title: 'Two ways to add', task: 'Solve 48 + 27.' });
    const { context, page } = await openPage(browser, { name: null });
    await page.goto(boardLink(server, board, board.tokens.owner));
    const prompt = page.getByRole('dialog');
    await prompt.waitFor();
    await page.getByTestId('board-canvas').waitFor();
    expect(await filteredElements(page)).toEqual([]);

    await page.getByLabel('Your name').fill('Ms. Rivera');
    await page.getByRole('button', { name: 'Join the board' }).click();
    await prompt.waitFor({ state: 'detached' });
    await page.keyboard.press('?');
    await page.getByRole('dialog').waitFor();
    expect(await filteredElements(page)).toEqual([]);
    await context.close();
  });
});
