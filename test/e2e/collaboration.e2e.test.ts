// Sorting together: two people on one demo board in two browsers that share nothing but the
// server. What one does, the other sees, while it happens and after.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { getCard } from '#shared/schema/card.js';
import { listPiles } from '#shared/schema/pile.js';
import { type CreatedBoard, connectClient, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { center, contains, cursorNames, drawnIds, eventually, layerOf, nodeBox } from './board.js';
import { gotoBoard, launchBrowser, openBoard, screenshot, startAppServer } from './browser.js';

async function createDemoBoard(server: TestServer): Promise<CreatedBoard> {
  const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedBoard;
}

async function addPile(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'Add pile' }).click();
  const field = page.getByLabel('Pile name');
  await field.fill(title);
  await field.press('Enter');
  await field.waitFor({ state: 'detached' });
}

describe('sorting together', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const observers: { doc: Y.Doc; provider: WebsocketProvider }[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    // The server generates the demo class set on first use (seconds); do it here, not in a test.
    await createDemoBoard(server);
  });

  afterAll(async () => {
    for (const observer of observers) {
      observer.provider.destroy();
      observer.doc.destroy();
    }
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function open(board: CreatedBoard, token: string, name: string): Promise<{ context: BrowserContext; page: Page }> {
    const opened = await openBoard(browser, server, board, token, { name, cards: 1 });
    contexts.push(opened.context);
    return opened;
  }

  /** A stock y-websocket client on the board: reads the document as any other program would. */
  async function observe(board: CreatedBoard): Promise<Y.Doc> {
    const observer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    observers.push(observer);
    await waitForSync(observer.provider);
    return observer.doc;
  }

  it('a card dragged on one screen moves on the other while it is dragged, and lands in the pile for everyone', async () => {
    const board = await createDemoBoard(server);
    const { page: rivera } = await open(board, board.tokens.owner, 'Ms. Rivera');
    const { page: chen } = await open(board, board.tokens.editor, 'Mr. Chen');
    const cards = await drawnIds(rivera, 'card');
    expect(cards.length).toBeGreaterThanOrEqual(20);

    await addPile(rivera, 'Counts on by ones');
    const [pileId] = await eventually(
      () => drawnIds(chen, 'pile'),
      (ids) => ids.length === 1,
      'the new pile reaches the other screen',
    );
    await chen.getByRole('button', { name: 'Fit' }).click();

    const cardId = cards[3] as string;
    const cardOnChen = await nodeBox(chen, `#card-${cardId}`);
    const from = center((await nodeBox(rivera, `#card-${cardId}`)) ?? fail('card not drawn'));
    const pile = (await nodeBox(rivera, `#pile-${pileId}`)) ?? fail('pile not drawn');
    const to = { x: pile.x + 40, y: pile.y + pile.height / 2 };

    // Pick the card up and carry it halfway: Mr. Chen sees it lifted and moving, in Ms. Rivera's hand.
    await rivera.mouse.move(from.x, from.y);
    await rivera.mouse.down();
    await rivera.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 10 });
    await eventually(
      () => layerOf(chen, `#card-${cardId}`),
      (layer) => layer === 2,
      'the card is drawn as moving on the other screen',
    );
    const moving = await eventually(
      () => nodeBox(chen, `#card-${cardId}`),
      (box) => box !== null && cardOnChen !== null && Math.abs(box.x - cardOnChen.x) > 20,
      'the card moves on the other screen during the drag',
    );
    expect(moving).not.toBeNull();
    await screenshot(chen, 'remote-drag');

    await rivera.mouse.move(to.x, to.y, { steps: 10 });
    await rivera.mouse.up();

    // On Mr. Chen's screen the card now sits inside the pile, at rest.
    const pileOnChen = (await nodeBox(chen, `#pile-${pileId}`)) ?? fail('pile not drawn on the other screen');
    await eventually(
      async () => {
        const box = await nodeBox(chen, `#card-${cardId}`);
        return box !== null && contains(pileOnChen, center(box)) && (await layerOf(chen, `#card-${cardId}`)) === 1;
      },
      (inside) => inside,
      'the card rests in the pile on the other screen',
    );
    await chen.getByText('1 card', { exact: false }).count();

    await screenshot(rivera, 'board');

    // And the document says so, for any client.
    const doc = await observe(board);
    expect(getCard(doc, cardId)?.pileId).toBe(pileId);
    expect(listPiles(doc).map((p) => p.title)).toEqual(['Counts on by ones']);
  });

  it("everyone sees the others' pointers with their names, and not their own", async () => {
    const board = await createDemoBoard(server);
    const { page: rivera } = await open(board, board.tokens.owner, 'Ms. Rivera');
    const { page: chen } = await open(board, board.tokens.viewer, 'Mr. Chen');

    const canvas = (await rivera.getByTestId('board-canvas').boundingBox()) ?? fail('no canvas');
    await rivera.mouse.move(canvas.x + 300, canvas.y + 200);
    await rivera.mouse.move(canvas.x + 420, canvas.y + 260, { steps: 6 });
    await eventually(
      () => cursorNames(chen),
      (names) => names.includes('Ms. Rivera'),
      "Ms. Rivera's pointer on Mr. Chen's screen",
    );
    await chen.getByTestId('participants').getByText('Ms. Rivera').waitFor({ state: 'attached' });
    await rivera.getByTestId('participants').getByText('Mr. Chen').waitFor({ state: 'attached' });
    expect(await cursorNames(rivera)).not.toContain('Ms. Rivera');
    await screenshot(chen, 'remote-cursor');

    // A viewer's pointer is shown too: the projector can point at things.
    const viewerCanvas = (await chen.getByTestId('board-canvas').boundingBox()) ?? fail('no canvas');
    await chen.mouse.move(viewerCanvas.x + 500, viewerCanvas.y + 300, { steps: 4 });
    await eventually(
      () => cursorNames(rivera),
      (names) => names.includes('Mr. Chen'),
      "the viewer's pointer on the editor's screen",
    );
  });

  it('a viewer sees the board live but cannot move cards or add piles', async () => {
    const board = await createDemoBoard(server);
    const { page: viewer } = await open(board, board.tokens.viewer, 'Projector');
    await viewer.getByTestId('role-badge').getByText('View only').waitFor();
    expect(await viewer.getByRole('button', { name: 'Add pile' }).count()).toBe(0);

    const doc = await observe(board);
    const cardId = (await drawnIds(viewer, 'card'))[0] as string;
    const before = getCard(doc, cardId);
    const otherId = (await drawnIds(viewer, 'card'))[1] as string;
    const from = center((await nodeBox(viewer, `#card-${cardId}`)) ?? fail('card not drawn'));
    const otherFrom = center((await nodeBox(viewer, `#card-${otherId}`)) ?? fail('card not drawn'));
    const viewFrom = await stageView(viewer);
    await viewer.mouse.move(from.x, from.y);
    await viewer.mouse.down();
    await viewer.mouse.move(from.x + 300, from.y + 40, { steps: 8 });
    await viewer.mouse.up();
    // Dragging pans the view instead: the card moves on screen with everything else, not on the board.
    const viewTo = await eventually(
      () => stageView(viewer),
      (view) => Math.abs(view.x - viewFrom.x - 300) < 2 && Math.abs(view.y - viewFrom.y - 40) < 2,
      "the drag pans the viewer's view by the pointer's travel",
    );
    expect(viewTo.scale).toBe(viewFrom.scale);
    const to = center((await nodeBox(viewer, `#card-${cardId}`)) ?? fail('card not drawn'));
    const otherTo = center((await nodeBox(viewer, `#card-${otherId}`)) ?? fail('card not drawn'));
    expect(to.x - otherTo.x).toBeCloseTo(from.x - otherFrom.x, 0);
    expect(to.y - otherTo.y).toBeCloseTo(from.y - otherFrom.y, 0);
    expect(getCard(doc, cardId)).toEqual(before);

    // Looking closer is for everyone: a click opens the student's work large.
    const card = center((await nodeBox(viewer, `#card-${cardId}`)) ?? fail('card not drawn'));
    await viewer.mouse.click(card.x, card.y);
    const dialog = viewer.getByRole('dialog');
    await dialog.getByRole('heading', { name: before?.student || 'Unnamed student' }).waitFor();
    await dialog.getByRole('img').waitFor();
    await viewer.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('.viewer-image');
      return image?.complete && image.naturalWidth > 400;
    });
    await screenshot(viewer, 'card-viewer');
    await viewer.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('edits made while the connection is down survive a reload and reach the others', async () => {
    const board = await createDemoBoard(server);
    const { context, page } = await open(board, board.tokens.owner, 'Ms. Rivera');
    await addPile(page, 'Decomposes by place value');
    const doc = await observe(board);
    await waitFor(() => listPiles(doc).length === 1, 'the pile reaches the server');
    const pileId = listPiles(doc)[0]?.id as string;

    await context.setOffline(true);
    await page.locator('[data-status="reconnecting"], [data-status="offline"]').waitFor({ timeout: 15_000 });
    const cardId = (await drawnIds(page, 'card'))[5] as string;
    const from = center((await nodeBox(page, `#card-${cardId}`)) ?? fail('card not drawn'));
    const pile = (await nodeBox(page, `#pile-${pileId}`)) ?? fail('pile not drawn');
    const stored = await storedUpdates(page, board.id);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(pile.x + 40, pile.y + pile.height / 2, { steps: 12 });
    await page.mouse.up();
    // Close the laptop only once the offline copy holds the drop (y-indexeddb stores each update).
    await eventually(
      () => storedUpdates(page, board.id),
      (count) => count > stored,
      'the drop is written to the offline copy',
    );
    expect(getCard(doc, cardId)?.pileId).toBeNull();

    // Close the laptop, come back online later, open the board again.
    await page.close();
    await context.setOffline(false);
    const again = await context.newPage();
    await gotoBoard(again, server, board, board.tokens.owner, { timeout: 20_000 });
    await waitFor(() => getCard(doc, cardId)?.pileId === pileId, 'the offline edit reaches the server after the reload', 15_000);
  });
});

/** The Konva stage's view of the board: where board (0, 0) is on screen, and the zoom. */
function stageView(page: Page): Promise<{ x: number; y: number; scale: number }> {
  return page.evaluate(() => {
    const stage = window.Konva?.stages[0] as unknown as { x(): number; y(): number; scaleX(): number };
    return { x: stage.x(), y: stage.y(), scale: stage.scaleX() };
  });
}

/** How many updates the page's offline copy of the board (y-indexeddb) holds. */
function storedUpdates(page: Page, boardId: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const opening = indexedDB.open(name);
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const counting = db.transaction('updates', 'readonly').objectStore('updates').count();
          counting.onerror = () => reject(counting.error);
          counting.onsuccess = () => {
            resolve(counting.result);
            db.close();
          };
        };
      }),
    `worksort:${boardId}`,
  );
}

function fail(message: string): never {
  throw new Error(message);
}
