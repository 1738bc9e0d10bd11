// Card faces show the work (README, "Card faces show the work"), in Chromium: an uploaded page's
// card draws only the region its student worked in; ink over a mark of the page stays over that
// mark after the crop, ink off the crop is not drawn, and a pen on the cropped face writes in the
// page's own coordinates; the whole page is one click away in the card view.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addStroke, listStrokes } from '#shared/schema/ink.js';
import { pageWorkRegion } from '#shared/schema/workRegions.js';
import { uploadForm } from '../fixtures/scans.js';
import { type CreatedBoard, connectClient, createBoard, type TestServer, waitForSync } from '../fixtures/server.js';
import { SHEET_MARK_CENTRE, worksheetPage } from '../fixtures/worksheetPage.js';
import { eventually, nodeBox, type ScreenBox } from './board.js';
import { launchBrowser, openBoard, screenshot, startAppServer } from './browser.js';

type Rgb = [number, number, number];

/** The centre (screen px) and count of the pixels in `box` of the page's screen that `match`. */
async function pixelsWhere(page: Page, box: ScreenBox, match: (rgb: Rgb) => boolean): Promise<{ x: number; y: number; count: number }> {
  const clip = { x: Math.max(0, box.x), y: Math.max(0, box.y), width: box.width, height: box.height };
  const png = await page.screenshot({ clip });
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const i = (y * info.width + x) * 3;
      if (!match([data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0])) continue;
      count++;
      sumX += x;
      sumY += y;
    }
  }
  // Screenshot pixels are CSS pixels here (device scale 1).
  return { x: clip.x + sumX / Math.max(1, count), y: clip.y + sumY / Math.max(1, count), count };
}

const isRed = ([r, g, b]: Rgb) => r > 170 && g < 90 && b < 90;
const isBlue = ([r, g, b]: Rgb) => b > 160 && r < 90 && g < 120;
const isGreen = ([r, g, b]: Rgb) => g > 140 && r < 90 && b < 90;

/** The crop of the card's picture node, as fractions of the image it draws from. */
function pictureCrop(page: Page, cardId: string) {
  return page.evaluate((id) => {
    type ImageNode = {
      cropX(): number;
      cropY(): number;
      cropWidth(): number;
      cropHeight(): number;
      image(): { width: number; height: number };
    };
    const card = window.Konva?.stages[0]?.findOne(`#card-${id}`) as unknown as
      | { findOne(selector: string): ImageNode | undefined }
      | undefined;
    const image = card?.findOne('Image');
    if (!image) return null;
    const { width, height } = image.image();
    return { x: image.cropX() / width, y: image.cropY() / height, w: image.cropWidth() / width, h: image.cropHeight() / height };
  }, cardId);
}

describe('card faces show the work', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const clients: { provider: { destroy(): void } }[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const client of clients) client.provider.destroy();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** A board with one uploaded worksheet page; its card id and page id, and an editor's document. */
  async function uploadedBoard(): Promise<{ board: CreatedBoard; cardId: string; pageId: string; doc: Y.Doc }> {
    const board = await createBoard(server.url);
    const response = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.editor}` },
      body: uploadForm([{ name: 'page.jpg', bytes: await worksheetPage() }]),
    });
    expect(response.status).toBe(201);
    const { cards } = (await response.json()) as { cards: { id: string; pages: string[] }[] };
    const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
    clients.push(client);
    await waitForSync(client.provider);
    return { board, cardId: cards[0]?.id as string, pageId: cards[0]?.pages[0] as string, doc: client.doc };
  }

  async function open(board: CreatedBoard): Promise<Page> {
    const opened = await openBoard(browser, server, board, board.tokens.owner, { name: 'Ms. Rivera', width: 1280, height: 800, cards: 1 });
    contexts.push(opened.context);
    await opened.page.waitForFunction(() => (window.Konva?.stages[0]?.find('.card') ?? []).every((node) => node.getAttr('imageReady')));
    return opened.page;
  }

  it('draws the work region on the card, with ink over a mark staying on it and ink off the crop not drawn', async () => {
    const { board, cardId, pageId, doc } = await uploadedBoard();
    const work = pageWorkRegion(doc, pageId);
    if (!work) throw new Error('the page has no work region');
    const page = await open(board);

    // The picture node draws the work region of its image, grown to the card's shape but never
    // above the work's top (where the name and the header are).
    const found = await eventually(
      () => pictureCrop(page, cardId),
      (each) => each !== null && each.w > 0,
      'the card is drawn cropped',
    );
    const crop = found as NonNullable<typeof found>;
    expect(crop.y).toBeCloseTo(work.y, 2);
    expect(crop.x).toBeLessThanOrEqual(work.x + 0.005);
    expect(crop.x + crop.w).toBeGreaterThanOrEqual(work.x + work.w - 0.005);
    expect(crop.y + crop.h).toBeGreaterThanOrEqual(work.y + work.h - 0.005);
    expect(crop.w * crop.h).toBeLessThan(0.5);

    const card = (await nodeBox(page, `#card-${cardId}`)) as ScreenBox;
    const mark = await pixelsWhere(page, card, isRed);
    expect(mark.count, 'the red mark is on the card').toBeGreaterThan(20);
    await screenshot(page, 'card-face-cropped');

    // Ink on the mark, in page coordinates, and ink on the page off the crop.
    const across = (x: number, y: number) => [-0.01, 0, 0.01].map((dx) => ({ x: x + dx, y, pressure: 0.5 }));
    addStroke(doc, {
      cardId,
      page: pageId,
      tool: 'pen',
      color: '#0030ff',
      width: 10,
      points: across(SHEET_MARK_CENTRE.x, SHEET_MARK_CENTRE.y),
      author: 'T',
    });
    // Just above the work's top, which the crop never reaches (the header and the name are there).
    const above = work.y - 0.03;
    addStroke(doc, {
      cardId,
      page: pageId,
      tool: 'pen',
      color: '#00b000',
      width: 30,
      points: across(SHEET_MARK_CENTRE.x, above),
      author: 'T',
    });
    await page.waitForFunction((id) => {
      const ink = window.Konva?.stages[0]?.findOne(`#card-${id}`) as unknown as {
        findOne(s: string): { getAttr(n: string): unknown } | undefined;
      };
      return ink?.findOne('.card-ink')?.getAttr('strokeCount') === 2;
    }, cardId);
    const blue = await pixelsWhere(page, card, isBlue);
    expect(blue.count, 'the stroke on the mark is drawn').toBeGreaterThan(5);
    expect(Math.hypot(blue.x - mark.x, blue.y - mark.y), 'the stroke stays on the mark').toBeLessThan(3);
    // The stroke off the crop is clipped: not on the card nor on the board around it.
    const around = { x: card.x - 150, y: card.y - 150, width: card.width + 300, height: card.height + 300 };
    expect((await pixelsWhere(page, around, isGreen)).count, 'ink off the crop is not drawn').toBe(0);
    await screenshot(page, 'card-face-ink');
  });

  it('a pen stroke drawn on the cropped face is kept where it was drawn on the page', async () => {
    const { board, cardId, doc } = await uploadedBoard();
    const page = await open(board);
    const card = (await nodeBox(page, `#card-${cardId}`)) as ScreenBox;
    const mark = await pixelsWhere(page, card, isRed);
    expect(mark.count).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Pen', exact: true }).click();
    await page.mouse.move(mark.x - 6, mark.y);
    await page.mouse.down();
    for (let i = 1; i <= 6; i++) await page.mouse.move(mark.x - 6 + i * 2, mark.y);
    await page.mouse.up();
    const stroke = await eventually(
      async () => listStrokes(doc)[0] ?? null,
      (found) => found !== null,
      'the stroke reaches the document',
    );
    expect(stroke?.cardId).toBe(cardId);
    const points = stroke?.points ?? [];
    const mean = {
      x: points.reduce((sum, point) => sum + point.x, 0) / points.length,
      y: points.reduce((sum, point) => sum + point.y, 0) / points.length,
    };
    // Within a hundredth of the page of the mark's centre (the mark is 4 % of the page wide).
    expect(Math.abs(mean.x - SHEET_MARK_CENTRE.x)).toBeLessThan(0.01);
    expect(Math.abs(mean.y - SHEET_MARK_CENTRE.y)).toBeLessThan(0.01);
  });

  it('the card view shows the whole page, and the student’s work alone one click away', async () => {
    const { board, cardId } = await uploadedBoard();
    const page = await open(board);
    const card = (await nodeBox(page, `#card-${cardId}`)) as ScreenBox;
    await page.mouse.click(card.x + card.width / 2, card.y + card.height / 2);
    const frame = page.getByTestId('page-frame');
    await frame.waitFor();
    await page.locator('.viewer-image:not(.viewer-image-loading)').waitFor();
    expect(await frame.getAttribute('data-view')).toBe('page');
    await screenshot(page, 'card-view-whole-page');

    await page.getByRole('button', { name: 'Student’s work' }).click();
    expect(await frame.getAttribute('data-view')).toBe('work');
    // The frame is scaled up around the work (it eases there): the page is larger than the view now.
    const view = await page.locator('.viewer-page').evaluate((element) => element.getBoundingClientRect().height);
    await eventually(
      () => frame.evaluate((element) => element.getBoundingClientRect().height),
      (height) => height > view * 1.5,
      'the work fills the view',
    );
    await screenshot(page, 'card-view-student-work');

    await page.getByRole('button', { name: 'Whole page' }).click();
    expect(await frame.getAttribute('data-view')).toBe('page');
  });

  it('a spotlight shows everyone the student’s work or the whole page, as the one spotlighting shows it', async () => {
    const { board, cardId } = await uploadedBoard();
    const rivera = await open(board);
    const viewer = await openBoard(browser, server, board, board.tokens.viewer, { name: 'Projector', cards: 1 });
    contexts.push(viewer.context);
    const projector = viewer.page;
    const card = (await nodeBox(rivera, `#card-${cardId}`)) as ScreenBox;
    await rivera.mouse.click(card.x + card.width / 2, card.y + card.height / 2);
    await rivera.getByRole('button', { name: 'Student’s work' }).click();
    await rivera.getByRole('button', { name: 'Spotlight for everyone' }).click();
    const frame = projector.getByTestId('page-frame');
    await frame.waitFor();
    await eventually(
      () => frame.getAttribute('data-view'),
      (view) => view === 'work',
      'the projector shows the student’s work',
    );
    await projector.locator('.viewer-image:not(.viewer-image-loading)').waitFor();
    await screenshot(projector, 'spotlight-student-work');
    // The whole page on the teacher's screen: the same on the projector.
    await rivera.getByRole('button', { name: 'Whole page' }).click();
    await eventually(
      () => frame.getAttribute('data-view'),
      (view) => view === 'page',
      'the projector shows the whole page',
    );
  });
});
