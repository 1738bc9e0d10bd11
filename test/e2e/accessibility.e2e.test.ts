// Everyone at the table (issue 10): axe-core finds no serious or critical accessibility problem on
// the landing page, the board, the outline view (its piles, cards and sticky notes), the display
// menu, the shortcuts overlay and each dialog and panel (share, upload, export, snapshots, the
// card's full-size view, the pile panel).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { pileColorFor } from '#shared/colors.js';
import { listCards } from '#shared/schema/card.js';
import { addNote } from '#shared/schema/notes.js';
import { listPiles } from '#shared/schema/pile.js';
import { createPileWithCards } from '#shared/sorting.js';
import { layoutSortBoard } from '#shared/sortLayout.js';
import { type CreatedBoard, connectClient, type TestServer, waitForSync } from '../fixtures/server.js';
import { seriousViolations } from './axe.js';
import { gotoBoard, launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

describe('accessibility of every screen', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let board: CreatedBoard;
  let context: BrowserContext;
  let page: Page;
  let observer: { doc: Y.Doc; provider: WebsocketProvider };

  const expectClean = async (what: string, selector?: string) => {
    const found = await seriousViolations(page, selector);
    expect(found, `${what}: ${JSON.stringify(found, null, 1)}`).toEqual([]);
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    board = (await response.json()) as CreatedBoard;
    observer = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await waitForSync(observer.provider);
    // Two piles with a card each, so piles, cards and the pile panel all have something to show.
    const ids = listCards(observer.doc).map((card) => card.id);
    const layout = () => layoutSortBoard({ cards: listCards(observer.doc), piles: listPiles(observer.doc) });
    createPileWithCards(observer.doc, layout(), ids.slice(0, 1), { title: 'Counts on', color: pileColorFor(0) });
    const placeValue = createPileWithCards(observer.doc, layout(), ids.slice(1, 2), { title: 'Place value', color: pileColorFor(1) });
    addNote(observer.doc, { pileId: placeValue, x: 20, y: 60, text: 'Ask about the tens' });
    addNote(observer.doc, { x: -400, y: 0, text: 'Reteach on Thursday' });
    ({ context, page } = await openPage(browser, { name: 'Mr. Idowu', width: 1280, height: 800 }));
  });

  /** Each test opens the board itself: none relies on where an earlier one left the page. */
  async function openBoard(): Promise<void> {
    await gotoBoard(page, server, board, board.tokens.owner, { cards: 20 });
  }

  afterAll(async () => {
    observer?.provider.destroy();
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('the landing page', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectClean('landing page');
    // The probe finds a violation when there is one: a button with no name, added for a moment.
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'nameless-probe';
      document.body.append(button);
    });
    expect((await seriousViolations(page)).map((violation) => violation.id)).toContain('button-name');
    await page.evaluate(() => document.getElementById('nameless-probe')?.remove());
  });

  it('the board, its outline, the display menu and the shortcuts overlay', async () => {
    await openBoard();
    await expectClean('board');

    await page.getByTestId('outline-toggle').click();
    const tree = page.getByRole('tree');
    await tree.waitFor();
    // Sticky notes are in the outline too: on their pile, and the board's own under their heading.
    await tree.getByRole('treeitem', { name: 'Note: Ask about the tens' }).waitFor();
    await tree.getByRole('treeitem', { name: 'Note: Reteach on Thursday' }).waitFor();
    await expectClean('outline view');
    await screenshot(page, 'a11y-outline');
    await page.getByTestId('outline-toggle').click();

    await page.getByTestId('display-menu').click();
    await page.getByTestId('language-switch').waitFor();
    await expectClean('display menu');
    await page.keyboard.press('Escape');

    await page.keyboard.press('?');
    await page.getByTestId('shortcuts').waitFor();
    await expectClean('shortcuts overlay');
    await page.keyboard.press('Escape');
    await page.getByTestId('shortcuts').waitFor({ state: 'detached' });
  });

  it('the share, upload, export and snapshots dialogs', async () => {
    await openBoard();
    await page.getByRole('button', { name: 'Share', exact: true }).click();
    await page.getByRole('dialog').getByTestId('share-editor').waitFor();
    await expectClean('share dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Upload work' }).first().click();
    await page.getByRole('dialog').waitFor();
    await expectClean('upload dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Export' }).click();
    await page.locator('[data-export="csv"]').waitFor();
    await expectClean('export menu');
    await page.getByRole('button', { name: /Snapshots/ }).click();
    await page.getByRole('dialog').waitFor();
    await page.getByLabel('Snapshot name').waitFor();
    await expectClean('snapshots dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('the card’s full-size view and the pile panel, reached from the keyboard', async () => {
    await openBoard();
    const firstCard = page.locator('[data-testid="canvas-focus"] [data-card-id]').first();
    await firstCard.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('card-inspector').waitFor();
    await page.getByTestId('page-frame').first().waitFor();
    await expectClean('card inspector');
    await page.keyboard.press('Escape');
    await page.getByTestId('card-inspector').waitFor({ state: 'detached' });

    const pile = page.locator('[data-testid="canvas-focus"] [data-pile-id]').first();
    await pile.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('pile-panel').waitFor();
    await expectClean('pile panel');
    await screenshot(page, 'a11y-pile-panel');
  });
});
