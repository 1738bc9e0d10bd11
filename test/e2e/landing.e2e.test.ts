// The way in: creating a board from the landing page, and links that do not open a board.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, type TestServer } from '../fixtures/server.js';
import { gotoBoard, launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

describe('the way into a board', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the landing page creates a board and hands out its edit and view-only links', async () => {
    const { context, page } = await openPage(browser, { name: null });
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await screenshot(page, 'landing');

    await page.getByLabel('Board title').fill('Grade 2 · Two ways to add');
    await page.getByLabel(/Task the students were given/).fill('Solve 48 + 27 in two different ways.');
    await page.getByRole('button', { name: 'Create board' }).click();

    const editLink = await page.getByTestId('edit-link').inputValue();
    const viewLink = await page.getByTestId('view-link').inputValue();
    const linkShape = new RegExp(`^${server.url}/b/[0-9a-z]+#token=[\\w-]{20,}$`);
    expect(editLink).toMatch(linkShape);
    expect(viewLink).toMatch(linkShape);
    expect(viewLink).not.toBe(editLink);
    await screenshot(page, 'landing-created');

    // The owner opens it; a first visit asks for a name.
    await page.getByRole('link', { name: 'Open board' }).click();
    await page.getByLabel('Your name').fill('Ms. Rivera');
    await page.getByRole('button', { name: 'Join the board' }).click();
    await page.getByRole('heading', { name: 'Grade 2 · Two ways to add' }).waitFor();
    await page.getByTestId('task-text').getByText('Solve 48 + 27 in two different ways.').waitFor();
    await page.getByText('No student work on this board yet').waitFor();
    await page.locator('[data-status="connected"]').waitFor();
    await screenshot(page, 'board-empty');

    // The view-only link opens the same board, read-only.
    await page.goto(viewLink);
    await page.getByTestId('role-badge').getByText('View only').waitFor();
    expect(await page.getByRole('button', { name: 'Add pile' }).count()).toBe(0);
    await context.close();
  });

  it('a link with a wrong token shows a clear message and nothing of the board', async () => {
    const board = await createBoard(server.url, { title: 'Secret sort', task: 'Solve 48 + 27.' });
    const { context, page } = await openPage(browser);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));

    for (const link of [
      `${server.url}/b/${board.id}#token=not-a-real-token`,
      `${server.url}/b/${board.id}#token=${board.tokens.owner.slice(0, -2)}xx`,
      `${server.url}/b/${board.id}`,
      `${server.url}/b/nosuchboard000000#token=${board.tokens.owner}`,
    ]) {
      await page.goto(link);
      await page.getByRole('heading', { name: 'This link is not valid or has been revoked' }).waitFor();
      await page.getByText("Ask the board's owner for a new link.").waitFor();
      expect(await page.locator('canvas').count()).toBe(0);
      expect(await page.getByText('Secret sort').count()).toBe(0);
      expect(await page.getByText('Solve 48 + 27.').count()).toBe(0);
    }
    await screenshot(page, 'invalid-link');
    // Nothing but the check itself reached for the board: no sync socket, no images.
    expect(requests.filter((url) => url.includes('/sync/') || /\/api\/boards\/[^/]+\/assets\//.test(url))).toEqual([]);
    await context.close();
  });

  it('a board open on a revoked link is replaced by the message at once', async () => {
    const board = await createBoard(server.url, { title: 'Rotated board' });
    const { context, page } = await openPage(browser);
    await gotoBoard(page, server, board, board.tokens.viewer);
    await page.getByRole('heading', { name: 'Rotated board' }).waitFor();

    const rotated = await fetch(`${server.url}/api/boards/${board.id}/tokens/viewer/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.owner}` },
    });
    expect(rotated.status).toBe(200);
    await page.getByRole('heading', { name: 'This link is not valid or has been revoked' }).waitFor();
    expect(await page.locator('canvas').count()).toBe(0);
    await context.close();
  });
});
