// A tablet at the table (issue 10): on a touch screen of 1024 × 768, two fingers pinch to zoom and
// pan the board, one finger drags a card into a pile, and a long press selects several cards that
// one drag then carries together. Touches are real touch events sent through Chromium's DevTools
// protocol, as an iPad's would arrive.
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { pileColorFor } from '#shared/colors.js';
import { getCard, listCards } from '#shared/schema/card.js';
import { listPiles } from '#shared/schema/pile.js';
import { createPileWithCards } from '#shared/sorting.js';
import { cardsIn, layoutSortBoard } from '#shared/sortLayout.js';
import { type CreatedBoard, connectClient, type TestServer, waitForSync } from '../fixtures/server.js';
import { center, eventually, nodeBox, type ScreenBox } from './board.js';
import { gotoBoard, launchBrowser, screenshot, startAppServer, watchPage } from './browser.js';

interface Touch {
  x: number;
  y: number;
  id: number;
}

async function touch(cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', touchPoints: Touch[]): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints });
}

/** Fingers moving together from `from` to `to` (one point per finger), in small steps as a hand does. */
async function gesture(cdp: CDPSession, from: Touch[], to: Touch[], steps = 12): Promise<void> {
  await touch(cdp, 'touchStart', from);
  for (let step = 1; step <= steps; step++) {
    const k = step / steps;
    await touch(
      cdp,
      'touchMove',
      from.map((finger, i) => {
        const end = to[i] ?? finger;
        return { id: finger.id, x: finger.x + (end.x - finger.x) * k, y: finger.y + (end.y - finger.y) * k };
      }),
    );
  }
  await touch(cdp, 'touchEnd', []);
}

async function drawn(page: Page, selector: string): Promise<ScreenBox> {
  return (await eventually(
    () => nodeBox(page, selector),
    (box) => box !== null,
    `${selector} is drawn`,
  )) as ScreenBox;
}

const zoomPercent = async (page: Page) => Number((await page.locator('.zoom-level').textContent())?.replace(/\D/g, ''));

describe('sorting on a tablet with fingers', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let board: CreatedBoard;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let observer: { doc: Y.Doc; provider: WebsocketProvider };
  let pileId = '';

  const layout = () => layoutSortBoard({ cards: listCards(observer.doc), piles: listPiles(observer.doc) });

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    board = (await response.json()) as CreatedBoard;
    observer = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await waitForSync(observer.provider);
    pileId = createPileWithCards(observer.doc, layout(), [], { title: 'Number line', color: pileColorFor(0) });
    context = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false });
    await context.addInitScript(() => window.localStorage.setItem('worksort:name', 'Ms. Tanaka'));
    page = await context.newPage();
    watchPage(page);
    cdp = await context.newCDPSession(page);
    await gotoBoard(page, server, board, board.tokens.editor, { cards: 20 });
    await drawn(page, `#pile-${pileId}`);
  });

  afterAll(async () => {
    observer?.provider.destroy();
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('two fingers pinch to zoom in and move together to pan', async () => {
    // A finger-first screen is told about fingers, not Shift-clicks.
    await page.getByText(/Press and hold to select several/).waitFor();
    const before = await zoomPercent(page);
    const canvas = (await page.getByTestId('board-canvas').boundingBox()) as ScreenBox;
    const middle = center(canvas);
    await gesture(
      cdp,
      [
        { id: 1, x: middle.x - 60, y: middle.y },
        { id: 2, x: middle.x + 60, y: middle.y },
      ],
      [
        { id: 1, x: middle.x - 150, y: middle.y },
        { id: 2, x: middle.x + 150, y: middle.y },
      ],
    );
    const after = await eventually(
      () => zoomPercent(page),
      (percent) => percent > before * 1.8,
      'the pinch zoomed in about 2.5 times',
    );
    expect(after).toBeLessThan(before * 3.2);

    // Back out, then two fingers slide right together: the board follows them.
    await gesture(
      cdp,
      [
        { id: 1, x: middle.x - 150, y: middle.y },
        { id: 2, x: middle.x + 150, y: middle.y },
      ],
      [
        { id: 1, x: middle.x - 60, y: middle.y },
        { id: 2, x: middle.x + 60, y: middle.y },
      ],
    );
    await eventually(
      () => zoomPercent(page),
      (percent) => Math.abs(percent - before) <= 2,
      'the pinch zoomed back out',
    );
    const pileBefore = await drawn(page, `#pile-${pileId}`);
    await gesture(
      cdp,
      [
        { id: 1, x: middle.x - 40, y: middle.y + 150 },
        { id: 2, x: middle.x + 40, y: middle.y + 150 },
      ],
      [
        { id: 1, x: middle.x - 140, y: middle.y + 150 },
        { id: 2, x: middle.x - 60, y: middle.y + 150 },
      ],
    );
    await eventually(
      () => drawn(page, `#pile-${pileId}`),
      (box) => Math.abs(box.x - (pileBefore.x - 100)) < 6 && Math.abs(box.y - pileBefore.y) < 6,
      'the board panned 100 px left under the fingers',
    );
  });

  it('one finger drags a card into the pile', async () => {
    // The board opens readable, larger than a tablet's screen: Fit shows all of it, pile and cards.
    const zoomBefore = await zoomPercent(page);
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    await eventually(
      () => zoomPercent(page),
      (percent) => percent < zoomBefore,
      'Fit shows the whole board',
    );
    const cardId = cardsIn(layout(), null)[0]?.id ?? '';
    const from = center(await drawn(page, `#card-${cardId}`));
    const to = center(await drawn(page, `#pile-${pileId}`));
    await gesture(cdp, [{ id: 1, ...from }], [{ id: 1, ...to }], 16);
    await eventually(
      async () => getCard(observer.doc, cardId)?.pileId,
      (pile) => pile === pileId,
      'the dragged card is in the pile for everyone',
    );
    await screenshot(page, 'touch-dragged');
  });

  it('a long press selects several cards, and one drag carries them all', async () => {
    const [first, second] = cardsIn(layout(), null);
    if (!first || !second) throw new Error('the demo board has unsorted cards');
    for (const [index, card] of [first, second].entries()) {
      const at = center(await drawn(page, `#card-${card.id}`));
      await touch(cdp, 'touchStart', [{ id: 1, ...at }]);
      // The press itself: a finger held still on the card until the long press selects it.
      await page
        .getByTestId('selection-bar')
        .getByText(index === 0 ? '1 card selected' : '2 cards selected')
        .waitFor();
      await touch(cdp, 'touchEnd', []);
    }
    expect(await page.getByRole('dialog').count()).toBe(0);

    const from = center(await drawn(page, `#card-${second.id}`));
    const to = center(await drawn(page, `#pile-${pileId}`));
    await gesture(cdp, [{ id: 1, ...from }], [{ id: 1, ...to }], 16);
    await eventually(
      async () => [getCard(observer.doc, first.id)?.pileId, getCard(observer.doc, second.id)?.pileId],
      (piles) => piles.every((pile) => pile === pileId),
      'both selected cards are in the pile',
    );
    await screenshot(page, 'touch-long-press');
  });
});
