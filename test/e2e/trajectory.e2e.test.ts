// The team's trajectory and the share-out's finer choices, in two real browsers: strategies
// anticipated in protocol step 1 take their places, are dragged into order on the board and moved
// with Alt+arrows in the outline (everyone sees it), and after the sort the board tells which
// anticipated strategies nobody used and which nobody anticipated. A step is taken from a pin's box
// or a region drawn on the page; the outline lists the sequences; the panel downloads a step's PNG
// and takes its steps' order by drag.
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { listCards, placeCard } from '#shared/schema/card.js';
import { addPin } from '#shared/schema/comments.js';
import { createPile, listPiles } from '#shared/schema/pile.js';
import { getSequence, listSequences } from '#shared/schema/sequence.js';
import { trajectoryOrder } from '#shared/trajectory.js';
import { type CreatedBoard, connectClient, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { seriousViolations } from './axe.js';
import { center, nodeBox, waitForCards } from './board.js';
import { launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

describe('the trajectory and the share-out’s steps', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
    await browser?.close();
    await server?.close();
  });

  async function demoBoard(): Promise<{ board: CreatedBoard; doc: Y.Doc }> {
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    const board = (await response.json()) as CreatedBoard;
    const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
    cleanups.push(() => client.provider.destroy());
    await waitForSync(client.provider);
    return { board, doc: client.doc };
  }

  async function open(board: CreatedBoard, name: string, token: string, width = 1440): Promise<Page> {
    const { context, page } = await openPage(browser, { name, width, height: 900 });
    contexts.push(context);
    await page.goto(`${server.url}/b/${board.id}#token=${token}`);
    await waitForCards(page, 5);
    return page;
  }

  const order = (doc: Y.Doc) =>
    trajectoryOrder(listPiles(doc).filter((pile) => pile.order !== null))
      .map((pile) => pile.title)
      .join(' → ');
  const lanes = (page: Page) =>
    page
      .getByTestId('trajectory-lanes')
      .locator('.trajectory-title')
      .evaluateAll((spans) => spans.map((span) => span.textContent).join(' → '));

  it('strategies anticipated in step 1 are ordered by drag on the board and by keys in the outline, live for everyone', async () => {
    const { board, doc } = await demoBoard();
    const facilitator = await open(board, 'Ms. Rivera', board.tokens.owner);
    const teammate = await open(board, 'Mr. Chen', board.tokens.editor);

    // Protocol step 1: the facilitator names the strategies the team expects, in the order said.
    await facilitator.getByRole('button', { name: 'Start protocol' }).click();
    const strategy = facilitator.locator('#protocol-strategy');
    for (const title of ['Counts on', 'Counts all', 'Decomposes']) {
      await strategy.fill(title);
      await strategy.press('Enter');
    }
    await waitFor(() => order(doc) === 'Counts on → Counts all → Decomposes', 'the anticipated strategies take their places in turn');
    expect(listPiles(doc).every((pile) => pile.anticipated)).toBe(true);
    await expect.poll(() => lanes(teammate)).toBe('Counts on → Counts all → Decomposes');

    // Counting all comes before counting on: the facilitator drags it to the first lane.
    const strip = facilitator.getByTestId('trajectory-lanes');
    await strip.getByRole('button', { name: /Counts all/ }).dragTo(strip.getByRole('button', { name: /Counts on/ }), {
      targetPosition: { x: 4, y: 10 },
    });
    await waitFor(() => order(doc) === 'Counts all → Counts on → Decomposes', 'the drag reaches the server');
    await expect.poll(() => lanes(teammate)).toBe('Counts all → Counts on → Decomposes');
    await screenshot(teammate, 'trajectory-step1');

    // In the outline, Mr. Chen moves "Decomposes" one earlier with Alt+↑, then puts it back.
    await teammate.getByRole('button', { name: 'Outline', exact: true }).click();
    const outline = teammate.getByTestId('outline-trajectory');
    await outline.locator('summary').click();
    const decomposes = outline.getByRole('button', { name: /Decomposes/ });
    await decomposes.focus();
    await teammate.keyboard.press('Alt+ArrowUp');
    await waitFor(() => order(doc) === 'Counts all → Decomposes → Counts on', 'the key reaches the server');
    await expect.poll(() => lanes(facilitator)).toBe('Counts all → Decomposes → Counts on');
    // Focus stays on the moved strategy, so the keys can keep moving it.
    await expect.poll(() => teammate.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^2Decomposes0 cards$/);
    await teammate.keyboard.press('Alt+ArrowDown');
    await waitFor(() => order(doc) === 'Counts all → Counts on → Decomposes', 'moved back');
    expect(await seriousViolations(teammate, '[data-testid="outline"]')).toEqual([]);
    expect(await seriousViolations(teammate, '[data-testid="trajectory-strip"]')).toEqual([]);
    await screenshot(teammate, 'trajectory-outline');

    // The sort: two anticipated strategies get work, one nobody anticipated appears, one stays empty.
    const piles = new Map(listPiles(doc).map((pile) => [pile.title, pile.id]));
    const bar = createPile(doc, { title: 'Draws tens and ones', x: 3600, y: 0, w: 500, h: 400 });
    const cards = listCards(doc);
    cards.slice(0, 9).forEach((card, index) => {
      const pileId = [piles.get('Counts all'), piles.get('Counts on'), bar][index % 3] ?? null;
      placeCard(doc, card.id, { pileId, x: 0, y: 0 });
    });
    // While the sort goes on, an empty anticipated pile is only not sorted into yet.
    await expect.poll(() => lanes(teammate)).toBe('Counts all → Counts on → Decomposes → Draws tens and ones');
    expect(await teammate.locator('[data-flag="anticipatedEmpty"]').count()).toBe(0);

    // The facilitator moves on to the trends: the sort is over.
    await facilitator.getByRole('button', { name: 'Next phase' }).click();
    await facilitator.getByRole('button', { name: 'Next phase' }).click();
    const stripOnChen = teammate.getByTestId('trajectory-strip');
    await stripOnChen.locator('[data-flag="anticipatedEmpty"]').waitFor();
    // Each lane's name says it all: "3 Decomposes 0 cards ○ Anticipated, nobody used it".
    await stripOnChen.getByRole('button', { name: '3 Decomposes 0 cards Anticipated, nobody used it' }).waitFor();
    await stripOnChen.getByRole('button', { name: '4 Draws tens and ones 3 cards Not anticipated' }).waitFor();
    expect(await stripOnChen.locator('[data-flag="anticipatedEmpty"]').textContent()).toContain('Decomposes');
    await stripOnChen.getByText('1 anticipated, nobody used · 1 not anticipated').waitFor();
    await teammate.getByTestId('outline-trajectory').getByText('1 anticipated, nobody used · 1 not anticipated').waitFor();
    // "Line up" moves the piles into the trajectory's order on the board, left to right.
    await facilitator.getByTestId('trajectory-strip').getByRole('button', { name: 'Line up' }).click();
    const leftToRight = () =>
      listPiles(doc)
        .sort((a, b) => a.x - b.x)
        .map((pile) => pile.title)
        .join(' → ');
    await waitFor(
      () =>
        leftToRight() === 'Counts all → Counts on → Decomposes → Draws tens and ones' && new Set(listPiles(doc).map((p) => p.y)).size === 1,
      'the piles stand in one row, in trajectory order',
    );
    for (const width of [1024, 1280, 1920]) {
      await facilitator.setViewportSize({ width, height: 800 });
      await facilitator.keyboard.press('0');
      await facilitator.getByTestId('trajectory-strip').locator('[data-flag="unexpected"]').waitFor();
      // The strip stands below the board, never over its work, and within the screen.
      const box = await facilitator.getByTestId('trajectory-strip').boundingBox();
      const board = await facilitator.getByTestId('board-canvas').boundingBox();
      expect(box && board && box.y >= board.y + board.height - 1 && box.x >= 0 && box.x + box.width <= width).toBe(true);
      await screenshot(facilitator, `trajectory-after-sort-${width}`);
    }
    // Folded, the strip gives the board its room back, down to one button.
    const stripOnRivera = facilitator.getByTestId('trajectory-strip');
    await stripOnRivera.getByRole('button', { name: 'Fold' }).click();
    await stripOnRivera.getByTestId('trajectory-lanes').waitFor({ state: 'detached' });
    await stripOnRivera.getByRole('button', { name: 'Trajectory (4)' }).click();
    await stripOnRivera.getByTestId('trajectory-lanes').waitFor();
  });

  it('a step shows a pin’s box, a region drawn on the page or a pile’s chosen card; the outline lists it; the panel drags it and downloads its PNG', async () => {
    const { board, doc } = await demoBoard();
    const [first, second] = listCards(doc);
    if (!first?.pages[0] || !second) throw new Error('the demo board has no cards');
    const pinRegion = { x: 0.1, y: 0.3, w: 0.5, h: 0.25 };
    addPin(doc, {
      cardId: first.id,
      page: first.pages[0],
      region: pinRegion,
      text: 'Carries the ten here',
      author: { name: 'Ms. Rivera', color: '#2451b7' },
    });
    const page = await open(board, 'Ms. Rivera', board.tokens.editor, 1280);

    const openCard = async (cardId: string) => {
      const box = await nodeBox(page, `#card-${cardId}`);
      if (!box) throw new Error('the card is not drawn');
      await page.mouse.click(center(box).x, center(box).y);
      await page.getByTestId('card-inspector').waitFor();
    };
    const inspector = page.getByTestId('card-inspector');

    // The pin's box, chosen beside the page, is outlined on it and becomes the step's region.
    await openCard(first.id);
    await inspector.getByTestId('shareout-show').selectOption({ label: 'Pin: Carries the ten here' });
    await inspector.getByTestId('shareout-region').waitFor();
    await inspector.getByTestId('add-to-shareout').click();
    await waitFor(() => listSequences(doc)[0]?.steps.length === 1, 'the pin’s step reaches the server');
    expect(listSequences(doc)[0]?.steps[0]?.region).toEqual(pinRegion);
    await inspector.getByRole('button', { name: 'Close' }).click();
    await inspector.waitFor({ state: 'detached' });

    // A new region, dragged over the page.
    await openCard(second.id);
    await inspector.getByTestId('shareout-draw').click();
    const frame = inspector.getByTestId('page-frame');
    const frameBox = await frame.boundingBox();
    if (!frameBox) throw new Error('no page on screen');
    const at = (fx: number, fy: number) => ({ x: frameBox.x + fx * frameBox.width, y: frameBox.y + fy * frameBox.height });
    await page.mouse.move(at(0.2, 0.4).x, at(0.2, 0.4).y);
    await page.mouse.down();
    await page.mouse.move(at(0.5, 0.55).x, at(0.5, 0.55).y, { steps: 4 });
    await page.mouse.move(at(0.8, 0.7).x, at(0.8, 0.7).y, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => inspector.getByTestId('shareout-show').inputValue()).toBe('drawn');
    await screenshot(page, 'shareout-drawn-region');
    await inspector.getByTestId('add-to-shareout').click();
    await waitFor(() => listSequences(doc)[0]?.steps.length === 2, 'the drawn step reaches the server');
    const drawn = listSequences(doc)[0]?.steps[1]?.region;
    expect(drawn?.x).toBeCloseTo(0.2, 1);
    expect(drawn?.y).toBeCloseTo(0.4, 1);
    expect(drawn?.w).toBeCloseTo(0.6, 1);
    expect(drawn?.h).toBeCloseTo(0.3, 1);
    await inspector.getByRole('button', { name: 'Close' }).click();
    await inspector.waitFor({ state: 'detached' });
    const sequenceId = listSequences(doc)[0]?.id as string;

    // The outline lists the sequence and its steps; Alt+↓ moves the first one later.
    await page.keyboard.press('o');
    const sequences = page.getByTestId('outline-sequences');
    await sequences.locator('summary').click();
    const steps = sequences.locator('.outline-step');
    await expect.poll(() => steps.count()).toBe(2);
    expect(await steps.first().textContent()).toMatch(/^Step 1 of 2: .+ · part of the page$/);
    const firstStep = getSequence(doc, sequenceId)?.steps[0]?.id;
    await steps.first().focus();
    await page.keyboard.press('Alt+ArrowDown');
    await waitFor(() => getSequence(doc, sequenceId)?.steps[1]?.id === firstStep, 'the step moved later');
    expect(await seriousViolations(page, '[data-testid="outline-sequences"]')).toEqual([]);
    await screenshot(page, 'outline-sequences');

    // The panel (opened from the outline) downloads step 1, the drawn region, as a PNG.
    await sequences.getByRole('button', { name: 'Open in the share-out panel' }).click();
    const panel = page.getByTestId('shareout-panel');
    await panel.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Download PNG of step 1' }).click(),
    ]);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    const meta = await sharp(bytes).metadata();
    // The drawn region: 0.6 of the page wide, 0.3 of it high, on a portrait page.
    expect((meta.width ?? 0) / (meta.height ?? 1)).toBeGreaterThan(1.2);
    expect(download.suggestedFilename()).toMatch(/step 1\.png$/);
    await screenshot(page, 'shareout-panel-png');

    // In the panel, a step is dragged into place: the second, dropped on the top of the first.
    const order = () =>
      getSequence(doc, sequenceId)
        ?.steps.map((step) => step.id)
        .join() ?? '';
    const before = getSequence(doc, sequenceId)?.steps.map((step) => step.id) ?? [];
    const items = panel.locator('.shareout-step');
    await items
      .nth(1)
      .locator('.shareout-step-head')
      .dragTo(items.nth(0).locator('.shareout-step-head'), { targetPosition: { x: 20, y: 2 } });
    await waitFor(() => order() === [before[1], before[0]].join(), 'the dragged step comes first');

    // A pile's chosen card: the second card of "Counts on" becomes step 3.
    const countsOn = createPile(doc, { title: 'Counts on', x: 3000, y: 0, w: 500, h: 400 });
    const [, , third, fourth] = listCards(doc);
    if (!third || !fourth) throw new Error('the demo board has too few cards');
    placeCard(doc, third.id, { pileId: countsOn, x: 0, y: 0 });
    placeCard(doc, fourth.id, { pileId: countsOn, x: 0, y: 0 });
    const fromPile = panel.getByTestId('shareout-from-pile');
    await fromPile.getByLabel('Pile', { exact: true }).selectOption({ label: 'Counts on' });
    await fromPile.getByLabel('Card of that pile').selectOption({ label: fourth.student });
    await fromPile.getByRole('button', { name: 'Add' }).click();
    await waitFor(() => getSequence(doc, sequenceId)?.steps[2]?.cardId === fourth.id, 'the chosen card is step 3');
    await screenshot(page, 'shareout-from-pile');
  });
});
