// Taking results away in the browser (issue 6): snapshots saved around a move, the comparison of
// two sorts with its CSV, exports of the live board, and bringing a snapshot back for everyone.
import fs from 'node:fs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { createCard, getCard, placeCard } from '#shared/schema/card.js';
import { createPile } from '#shared/schema/pile.js';
import { connectClient, createBoard, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { gotoBoard, launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

async function readDownload(download: Download): Promise<string> {
  const file = await download.path();
  return fs.readFileSync(file, 'utf8');
}

describe('snapshots, exports and comparing sorts', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const clients: { doc: Y.Doc; provider: WebsocketProvider }[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const client of clients) {
      client.provider.destroy();
      client.doc.destroy();
    }
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** The pile a student is in, as the server exports the live board. */
  async function pileOnServer(boardId: string, token: string, student = 'Ana Ruiz'): Promise<string | null> {
    const response = await fetch(`${server.url}/api/boards/${boardId}/export.json`, { headers: { authorization: `Bearer ${token}` } });
    const model = (await response.json()) as { piles: { title: string; cards: { student: string }[] }[] };
    return model.piles.find((pile) => pile.cards.some((card) => card.student === student))?.title ?? null;
  }

  it('a student moved between two snapshots shows as "pile A → pile B", and the comparison downloads as CSV', async () => {
    const board = await createBoard(server.url, { title: 'Grade 4 · Area models' });
    // Another program sorts on the board: a stock y-websocket client.
    const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
    clients.push(client);
    await waitForSync(client.provider);
    const { doc } = client;
    const pileA = createPile(doc, { title: 'pile A', x: 0, y: 600, w: 400, h: 300 });
    const pileB = createPile(doc, { title: 'pile B', x: 500, y: 600, w: 400, h: 300 });
    const ana = createCard(doc, { student: 'Ana Ruiz', pages: [], x: 20, y: 20 });
    createCard(doc, { student: 'Ben Okafor', pages: [], x: 200, y: 20, pileId: pileB });
    createCard(doc, { student: 'Cara Lindqvist', pages: [], x: 380, y: 20 });
    placeCard(doc, ana, { pileId: pileA, x: 20, y: 660 });
    await waitFor(async () => (await pileOnServer(board.id, board.tokens.owner)) === 'pile A', 'Ana is in pile A on the server');

    const { context, page } = await openPage(browser, { name: 'Ms. Rivera' });
    contexts.push(context);
    await gotoBoard(page, server, board, board.tokens.owner, { cards: 3 });

    const saveSnapshot = async (name: string) => {
      await page.getByLabel('Snapshot name').fill(name);
      await page.getByRole('button', { name: 'Save snapshot' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `Saved “${name}”.` })
        .waitFor();
    };

    await openSnapshots(page);
    await saveSnapshot('Before the reteach');
    placeCard(doc, ana, { pileId: pileB, x: 520, y: 660 });
    await waitFor(async () => (await pileOnServer(board.id, board.tokens.owner)) === 'pile B', 'Ana is in pile B on the server');
    await saveSnapshot('After the reteach');

    // Newest first.
    const names = await page.locator('.snapshot-name').allTextContents();
    expect(names).toEqual(['After the reteach', 'Before the reteach']);
    await screenshot(page, 'panels-snapshots');

    await page.getByRole('button', { name: 'Compare sorts…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare two sorts' });
    await dialog.getByLabel('Before', { exact: true }).selectOption({ label: 'Before the reteach' });
    await dialog.getByLabel('After', { exact: true }).selectOption({ label: 'After the reteach' });
    const anaRow = dialog.locator('.compare-movements tr', { hasText: 'Ana Ruiz' });
    await expect.poll(() => anaRow.locator('td').first().textContent()).toBe('pile A → pile B');
    // Ben stayed in pile B, so he is not listed as moving.
    expect(await dialog.locator('.compare-movements tr', { hasText: 'Ben Okafor' }).count()).toBe(0);
    // The matrix counts one student from pile A to pile B.
    const rowA = dialog.locator('.compare-matrix tbody tr', { hasText: 'pile A' });
    expect(await rowA.locator('td.cell-moved').allTextContents()).toEqual(['1']);
    await screenshot(page, 'panels-compare');

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readDownload(download);
    const anaLine = csv.split(/\r?\n/).find((line) => line.includes('Ana Ruiz')) ?? '';
    expect(anaLine).toContain('pile A');
    expect(anaLine).toContain('pile B');
  });

  it('the export menu downloads the live board as CSV, with names hidden on request', async () => {
    const board = await createBoard(server.url, { title: 'Exports' });
    const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
    clients.push(client);
    await waitForSync(client.provider);
    const pile = createPile(client.doc, { title: 'Splits tens and ones', x: 0, y: 600, w: 400, h: 300 });
    createCard(client.doc, { student: 'Dana Moss', pages: [], x: 20, y: 20, pileId: pile });
    await waitFor(async () => (await pileOnServer(board.id, board.tokens.owner, 'Dana Moss')) !== null, 'Dana is sorted on the server');

    const { context, page } = await openPage(browser, { name: 'Mr. Chen' });
    contexts.push(context);
    await gotoBoard(page, server, board, board.tokens.viewer, { cards: 1 });

    await page.getByRole('button', { name: 'Export' }).click();
    await screenshot(page, 'panels-export-menu');
    const [plain] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Spreadsheet (CSV)' }).click()]);
    const csv = await readDownload(plain);
    expect(csv.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toMatch(/^student,pile,tags,card_id,pile_id/);
    expect(csv).toContain('Dana Moss');

    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByLabel('Hide student names').check();
    const [hidden] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Spreadsheet (CSV)' }).click()]);
    const hiddenCsv = await readDownload(hidden);
    expect(hiddenCsv).not.toContain('Dana Moss');
    expect(hiddenCsv).toContain('Splits tens and ones');

    // A picture of the board, made in the page from the canvas.
    await page.getByRole('button', { name: 'Export' }).click();
    const [picture] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Picture of the board (PNG)' }).click(),
    ]);
    const png = fs.readFileSync(await picture.path());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('the owner restores a snapshot for everyone, after confirming', async () => {
    const board = await createBoard(server.url, { title: 'Restoring' });
    const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
    clients.push(client);
    await waitForSync(client.provider);
    const { doc } = client;
    const pileA = createPile(doc, { title: 'pile A', x: 0, y: 600, w: 400, h: 300 });
    const ana = createCard(doc, { student: 'Ana Ruiz', pages: [], x: 20, y: 20, pileId: pileA });
    await waitFor(async () => (await pileOnServer(board.id, board.tokens.owner)) === 'pile A', 'Ana is in pile A on the server');

    const { context, page } = await openPage(browser, { name: 'Ms. Rivera' });
    contexts.push(context);
    await gotoBoard(page, server, board, board.tokens.owner, { cards: 1 });
    await openSnapshots(page);
    await page.getByLabel('Snapshot name').fill('Sorted');
    await page.getByRole('button', { name: 'Save snapshot' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved “Sorted”.' }).waitFor();

    placeCard(doc, ana, { pileId: null, x: 20, y: 20 });
    await waitFor(async () => (await pileOnServer(board.id, board.tokens.owner)) === null, 'Ana is unsorted on the server');

    const item = page.locator('.snapshot-item[data-snapshot="Sorted"]');
    await item.getByRole('button', { name: 'Restore' }).click();
    await item.getByRole('alertdialog').waitFor();
    await screenshot(page, 'panels-restore-confirm');
    await item.getByRole('button', { name: 'Restore for everyone' }).click();
    await page.getByRole('status').filter({ hasText: 'Restored “Sorted”.' }).waitFor();
    await waitFor(() => getCard(doc, ana)?.pileId === pileA, 'the other client sees Ana back in pile A');
  });
});

async function openSnapshots(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Export' }).click();
  await page.getByRole('button', { name: 'Snapshots and comparing sorts…' }).click();
  await page.getByRole('dialog', { name: 'Snapshots' }).waitFor();
}
