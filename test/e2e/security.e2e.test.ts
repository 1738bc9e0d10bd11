// The app under the server's real security headers (no CSP violations, no console errors, no
// Referer), and revoking a share link (issue 7): the old link stops opening the board.
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedBoard, TestServer } from '../fixtures/server.js';
import { waitForCards } from './board.js';
import { boardLink, gotoBoard, launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

/** Everything that went wrong in a page: console errors, uncaught errors, CSP violations. */
async function watchForProblems(page: Page): Promise<() => Promise<string[]>> {
  const problems: string[] = [];
  page.on('console', (message) => message.type() === 'error' && problems.push(`console: ${message.text()}`));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations?.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  return async () => [
    ...problems,
    ...(await page.evaluate(() => window.__cspViolations ?? [])).map((violation) => `CSP violation: ${violation}`),
  ];
}

async function createDemoBoard(server: TestServer): Promise<CreatedBoard> {
  const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedBoard;
}

describe('security in the browser', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    // The demo class set is generated on first use (seconds); do it here, not in a test.
    await createDemoBoard(server);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function newPage(name = 'Ms. Rivera'): Promise<Page> {
    const opened = await openPage(browser, { name });
    contexts.push(opened.context);
    return opened.page;
  }

  it('the landing page and a demo board with its panels run under the real CSP with no errors and send no Referer', async () => {
    const page = await newPage();
    const problems = await watchForProblems(page);

    const landing = await page.goto(`${server.url}/`);
    const headers = landing?.headers() ?? {};
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('heading', { level: 1 }).waitFor();

    const board = await createDemoBoard(server);
    const boardPage = await page.goto(boardLink(server, board, board.tokens.owner));
    expect(boardPage?.headers()['referrer-policy']).toBe('no-referrer');
    await waitForCards(page, 20);
    await page.locator('[data-status="connected"]').waitFor();
    // Wait for the thumbnails themselves: image loads are where a CSP slip would show.
    await page.waitForLoadState('networkidle');

    // The panels of this work open under the same policy.
    await page.getByRole('banner').getByRole('button', { name: 'Upload work' }).click();
    await page.getByRole('dialog', { name: 'Upload student work' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('button', { name: 'Snapshots and comparing sorts…' }).click();
    await page.getByRole('dialog', { name: 'Snapshots' }).waitFor();
    await page.getByText('No snapshots yet.').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByTestId('share-editor').waitFor();
    await screenshot(page, 'panels-share');
    await page.keyboard.press('Escape');

    expect(await problems()).toEqual([]);
  });

  it('the owner revokes the edit link: the old link then shows the invalid-link message, and the new one opens the board', async () => {
    const board = await createDemoBoard(server);
    const owner = await newPage('Ms. Rivera');
    await gotoBoard(owner, server, board, board.tokens.owner, { cards: 1 });

    await owner.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = owner.getByRole('dialog', { name: 'Share this board' });
    const oldLink = await dialog.getByTestId('share-editor').inputValue();
    expect(oldLink).toContain(board.tokens.editor);
    const viewLink = await dialog.getByTestId('share-viewer').inputValue();

    const editorRow = dialog.locator('.rotate-link[data-link="editor"]');
    await editorRow.getByRole('button', { name: 'Revoke and make a new link' }).click();
    await editorRow.getByRole('alertdialog').waitFor();
    await screenshot(owner, 'panels-share-confirm');
    await editorRow.getByRole('button', { name: 'Revoke and make new' }).click();
    await editorRow.getByRole('status').waitFor();
    const newLink = await dialog.getByTestId('share-editor').inputValue();
    expect(newLink).not.toBe(oldLink);
    // Only the edit link changed.
    expect(await dialog.getByTestId('share-viewer').inputValue()).toBe(viewLink);
    await screenshot(owner, 'panels-share-rotated');

    const stranger = await newPage('Mr. Chen');
    await stranger.goto(oldLink);
    await stranger.getByRole('heading', { name: 'This link is not valid or has been revoked' }).waitFor();

    const colleague = await newPage('Mr. Chen');
    await colleague.goto(newLink);
    await waitForCards(colleague, 1);
  });

  it('the owner downloads everything, then deletes the board: it is gone for a colleague and from the disk', async () => {
    const board = await createDemoBoard(server);
    const owner = await newPage('Ms. Rivera');
    await gotoBoard(owner, server, board, board.tokens.owner, { cards: 1 });
    const colleague = await newPage('Mr. Chen');
    await gotoBoard(colleague, server, board, board.tokens.editor, { cards: 1 });
    const cards = (
      (await (
        await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })
      ).json()) as { cards: number }
    ).cards;

    await owner.getByRole('button', { name: 'Share', exact: true }).click();
    const dialog = owner.getByRole('dialog', { name: 'Share this board' });
    const [download] = await Promise.all([
      owner.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download everything (.zip)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/everything\.zip$/);
    const files = unzipSync(new Uint8Array(fs.readFileSync(await download.path())));
    const kept = JSON.parse(new TextDecoder().decode(files['board.json'])) as { unsorted: unknown[]; piles: { cards: unknown[] }[] };
    expect(kept.unsorted.length + kept.piles.reduce((sum, pile) => sum + pile.cards.length, 0)).toBe(cards);
    expect(Object.keys(files).filter((name) => name.startsWith('pages/')).length).toBeGreaterThanOrEqual(cards);

    await dialog.getByRole('button', { name: 'Delete this board…' }).click();
    await dialog.getByRole('alertdialog').waitFor();
    await screenshot(owner, 'panels-delete-confirm');
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await owner.waitForURL(`${server.url}/`);

    expect(
      (await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.owner}` } })).status,
    ).toBe(401);
    await colleague.getByRole('heading', { name: 'This link is not valid or has been revoked' }).waitFor({ timeout: 20_000 });
    expect(fs.existsSync(path.join(server.dataDir, 'assets', board.id))).toBe(false);
    // The owner's browser keeps no offline copy of the deleted board either.
    const offlineCopies = await owner.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? ''));
    expect(offlineCopies).not.toContain(`worksort:${board.id}`);
  });
});
