// A board deleted while a colleague has it open leaves the colleague's device too: the offline
// copy (IndexedDB) and what the device remembered of the board are dropped, and its page images
// were never kept in the browser's disk cache.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, type TestServer, waitFor } from '../fixtures/server.js';
import { gotoBoard, launchBrowser, openPage, startAppServer } from './browser.js';

describe('deleting a board on every device', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it('a colleague with the board open loses its offline copy when the owner deletes it', async () => {
    const board = await createBoard(server.url, { title: 'Fractions, period 2' });
    const { context, page } = await openPage(browser, { name: 'Mr. Okafor' });
    contexts.push(context);
    await gotoBoard(page, server, board, board.tokens.editor);
    const offlineCopies = () => page.evaluate(async () => (await indexedDB.databases()).map((database) => database.name ?? ''));
    const remembered = () => page.evaluate((key) => window.localStorage.getItem(key), `worksort:board:${board.id}`);
    await waitFor(
      async () => (await offlineCopies()).includes(`worksort:${board.id}`) && (await remembered()) !== null,
      'the device keeps a copy',
    );

    const deleted = await fetch(`${server.url}/api/boards/${board.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${board.tokens.owner}` },
    });
    expect(deleted.status).toBe(204);
    // Within moments, through the live connection the deletion closes (the app's periodic link
    // check, every 15 s, would find it later too).
    await waitFor(async () => !(await offlineCopies()).includes(`worksort:${board.id}`), 'the offline copy is dropped', 3000);
    expect(await remembered()).toBeNull();
  });
});
