// Issue 19, in Chromium at a tablet's, a laptop's and a projector's width: the board opens where
// its words can be read and no control covers the work; every control says what it does; names
// are masked by the server wherever work is shown while they are hidden; a locked sort refuses
// the lift before anything moves, saying who locked it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAuthor } from '#shared/schema/authors.js';
import { boardBatches } from '#shared/schema/batch.js';
import { createPile } from '#shared/schema/pile.js';
import { writeProtocol } from '#shared/schema/protocol.js';
import { generateDemoClassSetPdf } from '../../server/demo/classSet.js';
import { NAME_LINE, PAGE } from '../../server/demo/worksheet.js';
import { type CreatedBoard, connectClient, createBoard, type TestServer, waitForSync } from '../fixtures/server.js';
import { eventually, nodeBox, waitForCards } from './board.js';
import { launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** The smallest label a person at the back of the room reads (issue 19). */
const MIN_LABEL_PX = 12;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlap = (a: Box, b: Box) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** Every control on the page that a person can see, with its box and its visible words. */
function visibleControls(page: Page): Promise<{ name: string; text: string; box: Box; over: boolean; picture: boolean }[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector('.board-canvas')?.getBoundingClientRect();
    // The logo (home) is the one picture without words, as on every site.
    const controls = [
      ...document.querySelectorAll<HTMLElement>('.board-page button, .board-page select, .board-page a[href]:not(.brand-mark)'),
    ];
    return controls.flatMap((element) => {
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      // The canvas's keyboard stand-ins lie transparent over the cards they stand for.
      if (element.closest('.canvas-focus')) return [];
      if (rect.width < 4 || rect.height < 4 || style.visibility === 'hidden' || element.closest('[hidden]')) return [];
      const box = { x: rect.x, y: rect.y, width: rect.width, height: rect.height };
      const over = canvas
        ? rect.right > canvas.left && rect.left < canvas.right && rect.bottom > canvas.top && rect.top < canvas.bottom
        : false;
      const name = element.getAttribute('aria-label') ?? element.textContent ?? '';
      // biome-ignore lint/performance/useDomNodeTextContent: the words a person sees, not those hidden for screen readers.
      const text = element.innerText.trim();
      // A colour swatch shows its colour as a picture does (its name is for screen readers); so does a
      // phase's padlock on a tablet, which has no room for its word.
      const picture = element.matches('.swatch') || (element.matches('.protocol-lock') && window.innerWidth < 1280);
      return [{ name, text, box, over, picture }];
    });
  });
}

/** Each card's box on screen, the part inside the canvas. */
const cardBoxes = (page: Page) => drawnBoxes(page, '.card');

/** The box on screen of each shape drawn with this name (`.card`, `.pile`), the part inside the canvas. */
function drawnBoxes(page: Page, shape: string): Promise<Box[]> {
  return page.evaluate((shape) => {
    const stage = window.Konva?.stages[0];
    if (!stage) return [];
    const area = stage.container().getBoundingClientRect();
    return stage.find(shape).flatMap((node) => {
      const rect = node.getClientRect();
      const left = Math.max(area.left, rect.x + area.left);
      const top = Math.max(area.top, rect.y + area.top);
      const right = Math.min(area.right, rect.x + area.left + rect.width);
      const bottom = Math.min(area.bottom, rect.y + area.top + rect.height);
      return right > left && bottom > top ? [{ x: left, y: top, width: right - left, height: bottom - top }] : [];
    });
  }, shape);
}

/**
 * Every control has words, none overlaps another, and none over the canvas covers a card or a pile
 * (at the view the board opened at: a pan can bring any work under the tool rail, `overWork` false).
 */
async function expectNothingCovered(page: Page, where: string, { overWork = true } = {}): Promise<void> {
  const controls = await visibleControls(page);
  expect(controls.length, `${where}: controls seen`).toBeGreaterThan(1);
  for (const control of controls.filter((each) => !each.picture)) {
    expect(control.text, `${where}: "${control.name}" has words`).not.toBe('');
  }
  for (let i = 0; i < controls.length; i++) {
    for (let j = i + 1; j < controls.length; j++) {
      const a = controls[i] as (typeof controls)[number];
      const b = controls[j] as (typeof controls)[number];
      expect(overlap(a.box, b.box), `${where}: "${a.name}" and "${b.name}" overlap`).toBeLessThan(2);
    }
  }
  if (!overWork) return;
  const work = [...(await cardBoxes(page)), ...(await drawnBoxes(page, '.pile'))];
  expect(work.length, `${where}: work on screen`).toBeGreaterThan(3);
  for (const control of controls.filter((each) => each.over)) {
    for (const box of work) expect(overlap(control.box, box), `${where}: "${control.name}" covers work`).toBeLessThan(2);
  }
}

/** How many rows the toolbar's controls stand in. */
function toolbarRows(page: Page): Promise<number> {
  return page.evaluate(() => {
    const tops = [...document.querySelectorAll<HTMLElement>('.toolbar button, .toolbar select, .toolbar h1')]
      .map((element) => element.getBoundingClientRect())
      .filter((rect) => rect.width > 0 && rect.height > 0)
      .map((rect) => rect.top)
      .sort((a, b) => a - b);
    let rows = 0;
    let rowTop = Number.NEGATIVE_INFINITY;
    for (const top of tops) {
      if (top - rowTop <= 24) continue;
      rows++;
      rowTop = top;
    }
    return rows;
  });
}

/** The size on screen, in px, of each card's student label and each pile's title as drawn now. */
function labelSizes(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    type TextNode = { fontSize(): number; getAbsoluteScale(): { y: number }; isVisible(): boolean; text(): string };
    const stage = window.Konva?.stages[0] as unknown as { find(selector: string): { find(selector: string): TextNode[] }[] };
    const sizes: number[] = [];
    for (const group of [...stage.find('.card'), ...stage.find('.pile'), ...stage.find('.unsorted-area')]) {
      const texts = group.find('Text').filter((text) => text.isVisible() && text.text().trim() !== '');
      // The label is the largest words of a card; every word of a pile header counts.
      const shown = texts.map((text) => text.fontSize() * text.getAbsoluteScale().y);
      if (shown.length > 0) sizes.push(Math.max(...shown));
    }
    return sizes;
  });
}

/** Dark pixels (pencil) in rows [from, to) of an image shown in the page, as a share of them. */
function darkShareOfImage(page: Page, selector: string, from: number, to: number): Promise<number> {
  return page.evaluate(
    async ({ selector, from, to }) => {
      const image = document.querySelector<HTMLImageElement>(selector);
      if (!image) return -1;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.drawImage(image, 0, 0);
      const top = Math.floor(from * canvas.height);
      const rows = Math.max(1, Math.floor((to - from) * canvas.height));
      const { data } = context.getImageData(0, top, canvas.width, rows);
      let dark = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) + (data[i + 1] ?? 255) + (data[i + 2] ?? 255) < 3 * 150) dark++;
      return dark / (data.length / 4);
    },
    { selector, from, to },
  );
}

/** Dark pixels in rows [from, to) of a JPEG. */
async function darkShare(jpeg: Buffer, from: number, to: number): Promise<number> {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  const [first, last] = [Math.floor(from * info.height), Math.floor(to * info.height)];
  let dark = 0;
  for (let row = first; row < last; row++) for (let x = 0; x < info.width; x++) if ((data[row * info.width + x] ?? 255) < 150) dark++;
  return dark / ((last - first) * info.width);
}

async function firstCard(page: Page): Promise<Box> {
  const box = await nodeBox(page, '.card');
  if (!box) throw new Error('no card is drawn');
  return box;
}

/** Where the demo's children write their names: the rows just above the name line. */
const NAME_ROWS = { from: (NAME_LINE.baseline - 45) / PAGE.height, to: (NAME_LINE.baseline - 2) / PAGE.height };

/** The protocol strip's most height while sorting, as a share of the screen's: the board keeps the rest. */
const PROTOCOL_STRIP_MAX = 0.13;

describe('readable from the back of the room, and private by default', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const cleanup of cleanups) cleanup();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function demoBoard(): Promise<CreatedBoard> {
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    expect(response.status).toBe(201);
    return (await response.json()) as CreatedBoard;
  }

  async function open(
    board: CreatedBoard,
    token: string,
    name: string,
    size: { width: number; height: number } = SIZES[1],
    { empty = false, locale = 'en-US' } = {},
  ) {
    const opened = await openPage(browser, { name, ...size, locale });
    contexts.push(opened.context);
    await opened.page.goto(`${server.url}/b/${board.id}#token=${token}`);
    if (!empty) await waitForCards(opened.page, 1);
    await opened.page.locator('[data-status="connected"]').waitFor();
    return opened.page;
  }

  it('opens readable, with every control labelled and none over another or over a card, at 1024, 1280 and 1920 px', async () => {
    const board = await demoBoard();
    for (const size of SIZES) {
      const page = await open(board, board.tokens.owner, 'Ms. Rivera', size);
      await waitForCards(page, 28);
      const sizes = await labelSizes(page);
      expect(sizes.length, `${size.width}: labels drawn`).toBeGreaterThan(20);
      expect(Math.min(...sizes), `${size.width}: smallest label in px`).toBeGreaterThanOrEqual(MIN_LABEL_PX);

      const controls = await visibleControls(page);
      expect(controls.length).toBeGreaterThan(15);
      for (const control of controls) expect(control.text, `${size.width}: "${control.name}" has words`).not.toBe('');
      for (let i = 0; i < controls.length; i++) {
        for (let j = i + 1; j < controls.length; j++) {
          const a = controls[i] as (typeof controls)[number];
          const b = controls[j] as (typeof controls)[number];
          expect(overlap(a.box, b.box), `${size.width}: "${a.name}" and "${b.name}" overlap`).toBeLessThan(2);
        }
      }
      const cards = await cardBoxes(page);
      expect(cards.length).toBeGreaterThan(10);
      for (const control of controls.filter((each) => each.over)) {
        for (const card of cards) expect(overlap(control.box, card), `${size.width}: "${control.name}" covers a card`).toBeLessThan(2);
      }
      await screenshot(page, `readable-${size.width}`);
      await page.context().close();
    }
  });

  it('with piles, a pile’s panel and the protocol strip, in English and Spanish: two toolbar rows, the panel beside the board, nothing over the work', async () => {
    for (const locale of ['en-US', 'es-ES']) {
      const board = await demoBoard();
      // Three piles, added as a teacher adds them.
      const setup = await open(board, board.tokens.owner, 'Ms. Rivera', SIZES[2], { locale });
      for (let i = 0; i < 3; i++) {
        await setup.getByRole('banner').locator('.button-primary').click();
        await setup.locator('.pile-title-editor').waitFor();
        await setup.keyboard.press('ControlOrMeta+a');
        await setup.keyboard.type(`Strategy ${i + 1}`);
        await setup.keyboard.press('Enter');
        await setup.locator('.pile-title-editor').waitFor({ state: 'detached' });
      }
      await setup.context().close();
      const facilitator = connectClient(server.wsUrl, board.id, board.tokens.owner);
      cleanups.push(() => facilitator.provider.destroy());
      await waitForSync(facilitator.provider);

      for (const size of SIZES) {
        const where = `${locale} ${size.width}`;
        const page = await open(board, board.tokens.owner, 'Ms. Rivera', size, { locale });
        await waitForCards(page, 28);
        expect(await toolbarRows(page), `${where}: toolbar rows`).toBeLessThanOrEqual(2);
        expect(Math.min(...(await labelSizes(page))), `${where}: smallest label in px`).toBeGreaterThanOrEqual(MIN_LABEL_PX);
        await expectNothingCovered(page, where);
        if (size.width < 1280) {
          // A tablet's occasional actions wait under More, each with its words.
          await page.getByTestId('toolbar-more').click();
          const items = page.locator('.toolbar-more-items > *:visible');
          expect(await items.count(), `${where}: actions under More`).toBeGreaterThanOrEqual(3);
          for (const words of await items.allInnerTexts()) expect(words.trim(), `${where}: an action under More`).not.toBe('');
          await screenshot(page, `readable-more-${locale}-${size.width}`);
          await page.keyboard.press('Escape');
        }

        // The protocol strip: compact, and the board below it.
        writeProtocol(facilitator.doc, { active: true, phase: 'sort' });
        await page.locator('.protocol-bar').waitFor();
        const strip = (await page.locator('.protocol-dock').boundingBox()) as Box;
        expect(strip.height, `${where}: the protocol strip's height`).toBeLessThanOrEqual(PROTOCOL_STRIP_MAX * size.height);
        expect(await toolbarRows(page), `${where}: toolbar rows in protocol mode`).toBeLessThanOrEqual(2);
        await expectNothingCovered(page, `${where}, protocol`);
        await screenshot(page, `readable-protocol-${locale}-${size.width}`);
        writeProtocol(facilitator.doc, { active: false });
        await page.locator('.protocol-bar').waitFor({ state: 'detached' });

        // Presenting: no toolbar, and one large, labelled way out that covers no work.
        await page.getByTestId('people-button').click();
        await page.getByRole('button', { name: locale === 'es-ES' ? 'Modo presentación' : 'Presentation mode' }).click();
        const exit = page.locator('.presenting-exit');
        await exit.waitFor();
        await page.locator('.toolbar').waitFor({ state: 'hidden' });
        const exitBox = (await exit.boundingBox()) as Box;
        expect(exitBox.height, `${where}: the way out of presenting`).toBeGreaterThanOrEqual(40);
        await expectNothingCovered(page, `${where}, presenting`);
        await screenshot(page, `readable-presenting-${locale}-${size.width}`);
        await exit.click();
        await page.locator('.toolbar').waitFor();

        // A pile's panel, opened from the keyboard, stands beside the board, which narrows for it.
        const pile = page.locator('[data-testid="canvas-focus"] [data-pile-id]').last();
        const pileId = await pile.getAttribute('data-pile-id');
        await pile.focus();
        await page.keyboard.press('Enter');
        const panel = page.getByTestId('pile-panel');
        await panel.waitFor();
        await eventually(
          async () => {
            const panelBox = (await panel.boundingBox()) as Box;
            const canvas = (await page.getByTestId('board-canvas').boundingBox()) as Box;
            const opened = await nodeBox(page, `#pile-${pileId}`);
            const work = [...(await cardBoxes(page)), ...(await drawnBoxes(page, '.pile'))];
            return {
              canvasEndsBeforePanel: canvas.x + canvas.width <= panelBox.x + 1,
              workUnderPanel: work.filter((box) => overlap(box, panelBox) >= 2).length,
              openedPileInView: opened !== null && opened.x >= canvas.x && opened.x + opened.width <= canvas.x + canvas.width,
            };
          },
          (seen) => seen.canvasEndsBeforePanel && seen.workUnderPanel === 0 && seen.openedPileInView,
          `${where}: the panel beside the board, over none of its work, and its pile in view`,
        );
        // Focus brought the pile to the middle of the board: what is beside the rail now is not the opening view.
        await expectNothingCovered(page, `${where}, pile panel`, { overWork: false });
        await screenshot(page, `readable-panel-${locale}-${size.width}`);
        await panel.locator('.side-panel-close').click();
        await panel.waitFor({ state: 'detached' });
        await page.context().close();
      }
    }
  });

  it('masks every name on the projector: full view, spotlight, presentation and the pictures the server sends', async () => {
    const board = await demoBoard();
    const rivera = await open(board, board.tokens.owner, 'Ms. Rivera');
    const projector = await open(board, board.tokens.viewer, 'Projector', SIZES[2]);
    // Everything the projector asks for from here on.
    const images: string[] = [];
    projector.on('request', (request) => {
      if (/\/api\/boards\/[^/]+\/(assets|sheets)/.test(request.url())) images.push(request.url());
    });
    await projector.getByTestId('people-button').click();
    await projector.getByRole('button', { name: 'Presentation mode' }).click();
    await projector.locator('.toolbar').waitFor({ state: 'hidden' });

    // Spotlit from the laptop, the card opens full size on the projector with its name masked.
    const cardBox = await firstCard(rivera);
    await rivera.mouse.click(cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height * 0.9);
    await rivera.getByTestId('card-inspector').waitFor();
    const pageImage = '[data-testid="card-inspector"] img.viewer-image';
    // Names shown on the laptop: the name is there to be read.
    expect(await darkShareOfImage(rivera, pageImage, NAME_ROWS.from, NAME_ROWS.to)).toBeGreaterThan(0.005);
    await rivera.getByRole('button', { name: 'Spotlight for everyone' }).click();
    await projector.getByTestId('card-inspector').waitFor();
    await projector.locator(`${pageImage}:not(.viewer-image-loading)`).waitFor();
    expect(await projector.locator(pageImage).getAttribute('src')).toContain('names=hidden');
    expect(await darkShareOfImage(projector, pageImage, NAME_ROWS.from, NAME_ROWS.to)).toBe(0);
    await screenshot(projector, 'readable-spotlight-masked');

    // Every picture the projector loaded since it hid names came masked from the server.
    await eventually(
      async () => images.length,
      (count) => count > 0,
      'the projector loads the board’s pictures',
    );
    for (const url of images) expect(url, 'a picture asked for with names shown').toContain('names=hidden');
    const first = new URL(images.find((url) => url.includes('/assets/')) ?? images[0] ?? '');
    const masked = Buffer.from(await (await fetch(first)).arrayBuffer());
    first.searchParams.delete('names');
    const plain = Buffer.from(await (await fetch(first)).arrayBuffer());
    if (first.pathname.includes('/assets/')) {
      expect(await darkShare(plain, NAME_ROWS.from, NAME_ROWS.to)).toBeGreaterThan(0.005);
      expect(await darkShare(masked, NAME_ROWS.from, NAME_ROWS.to)).toBe(0);
    }

    // On the laptop too, once its own names switch is on: the full view reloads the page masked.
    await rivera.getByRole('button', { name: 'End spotlight' }).click();
    await rivera.keyboard.press('Escape');
    await rivera.getByTestId('card-inspector').waitFor({ state: 'detached' });
    await rivera.getByTestId('names-button').click();
    await rivera.getByRole('checkbox', { name: /on my screen/i }).check();
    await rivera.keyboard.press('Escape');
    const again = await firstCard(rivera);
    await rivera.mouse.click(again.x + again.width / 2, again.y + again.height * 0.9);
    await rivera.locator(`${pageImage}:not(.viewer-image-loading)`).waitFor();
    expect(await rivera.locator(pageImage).getAttribute('src')).toContain('names=hidden');
    expect(await darkShareOfImage(rivera, pageImage, NAME_ROWS.from, NAME_ROWS.to)).toBe(0);
  });

  it('in a locked sort a card does not lift: the pointer and a message say who locked it, and the full view’s keys too', async () => {
    const board = await demoBoard();
    const page = await open(board, board.tokens.editor, 'Mr. Chen');
    const facilitator = connectClient(server.wsUrl, board.id, board.tokens.owner);
    cleanups.push(() => facilitator.provider.destroy());
    await waitForSync(facilitator.provider);
    registerAuthor(facilitator.doc, { name: 'Ms. Rivera', color: '#0072b2' });
    // A pile for the board's number keys; where it stands does not matter to a key.
    createPile(facilitator.doc, { title: 'Counts on', x: 4000, y: 0, w: 300, h: 300 });
    writeProtocol(facilitator.doc, { active: true, phase: 'sort', locks: { task: false, sort: true, trends: false, nextSteps: false } });

    // The protocol bar appears over the board: the board moves down by as much, so no card is under it.
    await page.locator('.protocol-bar').waitFor();
    await eventually(
      async () => {
        const cards = await cardBoxes(page);
        const over = (await visibleControls(page)).filter((control) => control.over);
        return over.flatMap((control) => cards.filter((card) => overlap(control.box, card) >= 2).map(() => control.name));
      },
      (covering) => covering.length === 0,
      'no control over the board covers a card once the protocol bar is shown',
    );
    const before = await firstCard(page);
    const grab = { x: before.x + before.width / 2, y: before.y + before.height / 2 };
    await page.mouse.move(grab.x, grab.y);
    await eventually(
      () => page.getByTestId('board-canvas').evaluate((node) => (node as HTMLElement).style.cursor),
      (cursor) => cursor === 'not-allowed',
      'the pointer over a card says it will not move',
    );
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(grab.x + i * 30, grab.y + i * 20);
    const notice = page.getByTestId('lock-notice');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('Ms. Rivera locked sorting');
    expect(await page.getByTestId('board-canvas').getAttribute('data-dragging')).toBeNull();
    await screenshot(page, 'readable-lock-refused');
    await page.mouse.up();
    expect(await nodeBox(page, '.card')).toEqual(before);
    expect(await page.getByTestId('card-inspector').count()).toBe(0);

    // In the full view, a pile key says the same and the view stays on this student.
    await page.mouse.click(grab.x, before.y + before.height * 0.9);
    await page.getByTestId('card-inspector').waitFor();
    const title = await page.locator('#viewer-title').textContent();
    // Its actions come first: spotlight, pen, pile, pins, before the label, tags and the rest.
    const order = await page
      .getByTestId('card-inspector')
      .locator('.inspector-side .field')
      .evaluateAll((fields) =>
        fields
          .filter((field) => (field as HTMLElement).offsetParent !== null)
          .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
          .map((field) => field.className),
      );
    expect(order.slice(0, 4)).toEqual([
      'field pin-thread-spotlight',
      'field pin-thread-ink',
      'field inspector-pile-field',
      'field pin-thread-pins',
    ]);
    await page.keyboard.press('u');
    expect(await page.getByTestId('viewer-lock-notice').textContent()).toContain('Ms. Rivera locked sorting');
    await screenshot(page, 'readable-card-view-locked');
    expect(await page.locator('#viewer-title').textContent()).toBe(title);

    // On the board, a card chosen from the keyboard and sent to pile 1 by its key: the same words.
    await page.keyboard.press('Escape');
    await page.getByTestId('card-inspector').waitFor({ state: 'detached' });
    const canvasBefore = (await page.getByTestId('board-canvas').boundingBox()) as Box;
    const cardOnCanvas = { x: before.x - canvasBefore.x, y: before.y - canvasBefore.y };
    await page.locator('[data-testid="canvas-focus"] [data-card-id]').first().focus();
    await page.keyboard.press(' ');
    await page.getByTestId('selection-bar').waitFor();
    await page.keyboard.press('1');
    const refusal = page.locator('.protocol-notice');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Ms. Rivera locked sorting');
    // The notice joins the protocol strip, which moves the canvas down: the card stays where it was on it.
    const onCanvas = async () => {
      const card = (await nodeBox(page, '.card')) as Box;
      const canvas = (await page.getByTestId('board-canvas').boundingBox()) as Box;
      return { x: card.x - canvas.x, y: card.y - canvas.y };
    };
    expect(await onCanvas()).toEqual(cardOnCanvas);
  });

  it('an upload shows its pages being read, then asks once whether the names found are covered', async () => {
    const board = await createBoard(server.url, { title: 'Names found at upload' });
    const page = await open(board, board.tokens.owner, 'Ms. Rivera', SIZES[0], { empty: true });
    const pdf = await generateDemoClassSetPdf({ seed: 5, students: 12 });
    // On a tablet, Upload waits under More.
    await page.getByTestId('toolbar-more').click();
    await page.getByRole('banner').getByRole('button', { name: 'Upload work' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upload student work' });
    await page.getByTestId('upload-input').setInputFiles([{ name: 'class-set.pdf', mimeType: 'application/pdf', buffer: pdf }]);
    const row = dialog.locator('li[data-file="class-set.pdf"]');
    await dialog.getByRole('button', { name: 'Upload 1 file' }).click();
    // What the row says while the server works, sampled until it is done.
    const said = new Set<string>();
    await expect
      .poll(
        async () => {
          said.add((await row.locator('.upload-status').textContent()) ?? '');
          return row.getAttribute('data-step');
        },
        { timeout: 60_000, interval: 100 },
      )
      .toBe('done');
    expect(
      [...said].some((text) => /Reading page \d+ of 12|Finding names, page \d+ of 12/.test(text)),
      [...said].join(' | '),
    ).toBe(true);

    const check = dialog.getByTestId('name-check');
    await check.waitFor();
    const pictures = check.locator('img');
    expect(await pictures.count()).toBe(3);
    for (const src of await pictures.evaluateAll((images) => images.map((image) => (image as HTMLImageElement).src))) {
      expect(src).toContain('names=hidden');
    }
    await expect
      .poll(() => pictures.evaluateAll((images) => images.every((image) => (image as HTMLImageElement).naturalWidth > 0)))
      .toBe(true);
    expect(await darkShareOfImage(page, '[data-testid="name-check"] img', NAME_ROWS.from, NAME_ROWS.to)).toBe(0);
    await screenshot(page, 'readable-upload-name-check');
    await check.getByRole('button', { name: 'Yes, names are covered' }).click();
    await dialog.getByTestId('names-confirmed').waitFor();

    // The confirmation is the board's: the upload's batch records it.
    const observer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => observer.provider.destroy());
    await waitForSync(observer.provider);
    await eventually(
      async () =>
        [...boardBatches(observer.doc).values()].some((batch) => (batch as { get(key: string): unknown }).get('nameConfirmed') === true),
      (confirmed) => confirmed,
      'the batch is confirmed on the server',
    );
  });
});
