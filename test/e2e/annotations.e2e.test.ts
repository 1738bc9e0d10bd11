// Talking about the work, in two browsers that share nothing but the server: ink drawn on a card
// shows on the other screen and in the full-size view; a follower's view goes where the followed
// person looks until the follower moves; an evidence pin's thread goes back and forth and a pile's
// description cites it.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { listPins } from '#shared/schema/comments.js';
import { listStrokes } from '#shared/schema/ink.js';
import { listNotes } from '#shared/schema/notes.js';
import { type CreatedBoard, connectClient, type TestServer, waitForSync } from '../fixtures/server.js';
import { cursorNames, drawnIds, eventually, nodeBox } from './board.js';
import { launchBrowser, openBoard, screenshot, startAppServer } from './browser.js';

async function createDemoBoard(server: TestServer): Promise<CreatedBoard> {
  const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedBoard;
}

/** The Konva stage's view of the board: where board (0, 0) is on screen, and the zoom. */
function stageView(page: Page): Promise<{ x: number; y: number; scale: number }> {
  return page.evaluate(() => {
    const stage = window.Konva?.stages[0] as unknown as { x(): number; y(): number; scaleX(): number };
    return { x: stage.x(), y: stage.y(), scale: stage.scaleX() };
  });
}

/** How many ink strokes the card's shape draws on this screen. */
function cardStrokes(page: Page, cardId: string): Promise<number> {
  return page.evaluate((id) => {
    const card = window.Konva?.stages[0]?.findOne(`#card-${id}`) as unknown as
      | { find(s: string): { getAttr(n: string): unknown }[] }
      | undefined;
    return Number(card?.find('.card-ink')[0]?.getAttr('strokeCount') ?? 0);
  }, cardId);
}

function fail(message: string): never {
  throw new Error(message);
}

describe('annotations and presence', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const observers: { doc: Y.Doc; provider: WebsocketProvider }[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
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

  async function open(board: CreatedBoard, token: string, name: string): Promise<Page> {
    const opened = await openBoard(browser, server, board, token, { name, cards: 1 });
    contexts.push(opened.context);
    return opened.page;
  }

  async function observe(board: CreatedBoard): Promise<Y.Doc> {
    const observer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    observers.push(observer);
    await waitForSync(observer.provider);
    return observer.doc;
  }

  /** A card whose picture is drawn, and its box on screen. */
  async function readyCard(page: Page): Promise<{ id: string; box: { x: number; y: number; width: number; height: number } }> {
    await page.waitForFunction(() => (window.Konva?.stages[0]?.find('.card') ?? []).some((node) => node.getAttr('imageReady')), undefined, {
      timeout: 20_000,
    });
    const id = await page.evaluate(() => {
      const node = (window.Konva?.stages[0]?.find('.card') ?? []).find((each) => each.getAttr('imageReady'));
      return String(node?.getAttr('cardId'));
    });
    return { id, box: (await nodeBox(page, `#card-${id}`)) ?? fail('card not drawn') };
  }

  it('ink drawn on a card in one browser appears on that card in the other, and in its full-size view', async () => {
    const board = await createDemoBoard(server);
    const rivera = await open(board, board.tokens.owner, 'Ms. Rivera');
    const chen = await open(board, board.tokens.editor, 'Mr. Chen');
    const { id: cardId, box } = await readyCard(rivera);

    await rivera.getByRole('button', { name: 'Pen', exact: true }).click();
    const from = { x: box.x + box.width * 0.25, y: box.y + box.height * 0.3 };
    await rivera.mouse.move(from.x, from.y);
    await rivera.mouse.down();
    for (let i = 1; i <= 12; i++) await rivera.mouse.move(from.x + i * box.width * 0.04, from.y + Math.sin(i / 2) * 12);
    await rivera.mouse.up();

    // The stroke is the card's, in its page's coordinates, for any client.
    const doc = await observe(board);
    const stroke = await eventually(
      async () => listStrokes(doc)[0] ?? null,
      (found) => found !== null,
      'the stroke reaches the document',
    );
    expect(stroke?.cardId).toBe(cardId);
    expect(stroke?.points.every((point) => point.x >= 0 && point.x <= 1 && point.y >= 0 && point.y <= 1)).toBe(true);

    await eventually(
      () => cardStrokes(chen, cardId),
      (count) => count === 1,
      'the ink is drawn on the card on the other screen',
    );
    await screenshot(chen, 'ink-on-card');

    // The full-size view shows it too.
    const onChen = (await nodeBox(chen, `#card-${cardId}`)) ?? fail('card not drawn on the other screen');
    await chen.mouse.click(onChen.x + onChen.width / 2, onChen.y + onChen.height * 0.9);
    await chen.getByTestId('card-inspector').waitFor();
    await chen.locator(`.page-ink path[data-stroke="${stroke?.id}"]`).waitFor();
    await screenshot(chen, 'ink-in-full-size-view');
  });

  it('a stylus draws on the board while a resting palm does nothing; the eraser rubs the stroke out', async () => {
    const board = await createDemoBoard(server);
    const rivera = await open(board, board.tokens.owner, 'Ms. Rivera');
    const doc = await observe(board);
    const canvas = (await rivera.getByTestId('board-canvas').boundingBox()) ?? fail('no canvas');
    // Bare board, between the tool rail and the unsorted area: nothing under the pen but the board.
    const rail = (await rivera.locator('.annotation-tools').boundingBox()) ?? fail('no tool rail');
    const at = { x: rail.x + rail.width + 30, y: canvas.y + canvas.height - 120 };
    await rivera.getByRole('button', { name: 'Pen', exact: true }).click();
    const cdp = await rivera.context().newCDPSession(rivera);
    const pen = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', x: number, y: number) =>
      cdp.send('Input.dispatchMouseEvent', {
        type,
        x,
        y,
        button: 'left',
        buttons: type === 'mouseReleased' ? 0 : 1,
        clickCount: 1,
        pointerType: 'pen',
        force: 0.7,
      });
    const finger = async (from: { x: number; y: number }) => {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
      for (let i = 1; i <= 8; i++)
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: from.x + i * 10, y: from.y - i * 6 }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };

    // Before any stylus, a finger with the pen draws: the touch below would leave ink if it were not
    // taken for a palm.
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true });
    await finger({ x: at.x + 100, y: at.y });
    await eventually(
      async () => listStrokes(doc).length,
      (count) => count === 1,
      'a finger stroke reaches the document while no stylus has been used',
    );
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
    await rivera.keyboard.press('Control+z');
    await eventually(
      async () => listStrokes(doc).length,
      (count) => count === 0,
      'the finger stroke is undone',
    );

    await pen('mousePressed', at.x, at.y);
    for (let i = 1; i <= 10; i++) await pen('mouseMoved', at.x + i * 4, at.y - i * 3);
    await pen('mouseReleased', at.x + 40, at.y - 30);
    const [stroke] = await eventually(
      async () => listStrokes(doc),
      (strokes) => strokes.length === 1,
      'the pen stroke reaches the document',
    );
    expect(stroke?.cardId).toBeNull();
    expect(stroke?.points.some((point) => point.pressure > 0.6)).toBe(true);

    // A palm resting and sliding on the screen after the pen: no ink, no pan.
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true });
    const before = await stageView(rivera);
    await finger({ x: at.x + 100, y: at.y });
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
    // A second pen stroke after the palm: once it is in the document, so would a palm stroke be.
    await pen('mousePressed', at.x, at.y + 40);
    for (let i = 1; i <= 10; i++) await pen('mouseMoved', at.x + i * 4, at.y + 40 - i * 3);
    await pen('mouseReleased', at.x + 40, at.y + 10);
    const strokes = await eventually(
      async () => listStrokes(doc),
      (all) => all.length >= 2,
      'the second pen stroke reaches the document',
    );
    expect(strokes).toHaveLength(2);
    expect(await stageView(rivera)).toEqual(before);

    await rivera.getByRole('button', { name: 'Eraser' }).click();
    await rivera.mouse.move(at.x - 10, at.y - 15);
    await rivera.mouse.down();
    await rivera.mouse.move(at.x + 50, at.y - 15, { steps: 10 });
    await rivera.mouse.up();
    const left = await eventually(
      async () => listStrokes(doc),
      (all) => all.length === 1,
      'the eraser removes the stroke it rubbed',
    );
    expect(left[0]?.id).not.toBe(stroke?.id);
  });

  it('a sticky note is written together: each sees the other type', async () => {
    const board = await createDemoBoard(server);
    const rivera = await open(board, board.tokens.owner, 'Ms. Rivera');
    const chen = await open(board, board.tokens.editor, 'Mr. Chen');
    const canvas = (await rivera.getByTestId('board-canvas').boundingBox()) ?? fail('no canvas');
    const rail = (await rivera.locator('.annotation-tools').boundingBox()) ?? fail('no tool rail');
    await rivera.getByRole('button', { name: 'Sticky note' }).click();
    await rivera.mouse.click(rail.x + rail.width + 30, canvas.y + canvas.height - 260);
    await rivera.keyboard.type('Ask Ana');
    const onChen = chen.getByRole('textbox', { name: 'Sticky note' });
    await eventually(
      () => onChen.inputValue(),
      (value) => value === 'Ask Ana',
      'the note reaches the other screen',
    );
    await onChen.click();
    await onChen.press('End');
    await onChen.pressSequentially(' about her jumps');
    const onRivera = rivera.getByRole('textbox', { name: 'Sticky note' });
    await eventually(
      () => onRivera.inputValue(),
      (value) => value === 'Ask Ana about her jumps',
      'the reply typed on the other screen',
    );
    const doc = await observe(board);
    await eventually(
      async () => listNotes(doc)[0]?.text ?? '',
      (text) => text === 'Ask Ana about her jumps',
      'the note is in the document',
    );
    await screenshot(chen, 'sticky-note-together');
  });

  it("follow mode moves the follower's view with the followed person's, until the follower moves", async () => {
    const board = await createDemoBoard(server);
    const rivera = await open(board, board.tokens.owner, 'Ms. Rivera');
    const projector = await open(board, board.tokens.viewer, 'Projector');

    await projector.getByTestId('people-button').click();
    // Each person says their part in the team; everyone sees it in the list.
    await projector.getByLabel('Your role on the team').selectOption('coach');
    await rivera.getByTestId('people-button').click();
    await rivera.getByTestId('people-panel').locator('[data-person="Projector"]').getByText('Coach').waitFor();
    await rivera.getByTestId('people-panel').getByRole('button', { name: 'Close' }).click();
    await projector.getByTestId('people-panel').locator('[data-person="Ms. Rivera"]').getByRole('button', { name: 'Follow' }).click();
    await projector.getByTestId('follow-banner').waitFor();

    // Ms. Rivera zooms in on one corner of the board.
    for (let i = 0; i < 4; i++) await rivera.keyboard.press('+');
    const riveraView = await stageView(rivera);
    const riveraCanvas = (await rivera.getByTestId('board-canvas').boundingBox()) ?? fail('no canvas');
    const riveraCenter = {
      x: (riveraCanvas.width / 2 - riveraView.x) / riveraView.scale,
      y: (riveraCanvas.height / 2 - riveraView.y) / riveraView.scale,
    };
    await eventually(
      async () => {
        const view = await stageView(projector);
        const size = await projector.getByTestId('board-canvas').boundingBox();
        if (!size) return Number.POSITIVE_INFINITY;
        const center = { x: (size.width / 2 - view.x) / view.scale, y: (size.height / 2 - view.y) / view.scale };
        return Math.hypot(center.x - riveraCenter.x, center.y - riveraCenter.y) + Math.abs(view.scale - riveraView.scale) * 1000;
      },
      (distance) => distance < 40,
      "the projector shows the middle of Ms. Rivera's view at her zoom",
    );
    await screenshot(projector, 'following');

    // A second follower who keeps following: when Ms. Rivera's next view reaches it, it has reached
    // the projector too, so the projector's staying put below is not a message still on its way.
    const chen = await open(board, board.tokens.viewer, 'Mr. Chen');
    await chen.getByTestId('people-button').click();
    await chen.getByTestId('people-panel').locator('[data-person="Ms. Rivera"]').getByRole('button', { name: 'Follow' }).click();
    await chen.getByTestId('follow-banner').waitFor();
    await eventually(
      () => stageView(chen),
      (view) => Math.abs(view.scale - riveraView.scale) < 0.01,
      'the second follower takes her zoom',
    );

    // Any input on the follower's board breaks out: then it stays put when she moves on.
    const canvas = (await projector.getByTestId('board-canvas').boundingBox()) ?? fail('no canvas');
    await projector.mouse.click(canvas.x + 200, canvas.y + 200);
    await projector.getByTestId('follow-banner').waitFor({ state: 'detached' });
    const stayed = await stageView(projector);
    await rivera.keyboard.press('0');
    const fitted = await eventually(
      () => stageView(rivera),
      (view) => view.scale < riveraView.scale,
      'Ms. Rivera fits the board',
    );
    await eventually(
      () => stageView(chen),
      (view) => Math.abs(view.scale - fitted.scale) < 0.01,
      'the follower who did not break out follows her out',
    );
    expect(await stageView(projector)).toEqual(stayed);
  });

  it('presentation mode hides the toolbars and the names on this screen only, enlarges the type, and ends as it began', async () => {
    const board = await createDemoBoard(server);
    const rivera = await open(board, board.tokens.owner, 'Ms. Rivera');
    const projector = await open(board, board.tokens.owner, 'Projector');
    const labels = (page: Page) =>
      page.evaluate(() => (window.Konva?.stages[0]?.find('.card') ?? []).map((node) => String(node.getAttr('studentLabel'))));
    const named = (all: string[]) => all.filter((label) => label && !/^Student \d+$/.test(label)).length;
    const toolbar = projector.locator('.board-page > .toolbar');
    const bannerSize = () => projector.locator('.task-banner').evaluate((node) => Number.parseFloat(getComputedStyle(node).fontSize));

    // Before: the toolbars, the pen and the students' names are on the projector's screen.
    await toolbar.waitFor();
    await projector.getByRole('button', { name: 'Pen', exact: true }).waitFor();
    expect(named(await labels(projector))).toBeGreaterThan(10);
    const normalSize = await bannerSize();

    await projector.getByTestId('people-button').click();
    await projector.getByRole('button', { name: 'Presentation mode' }).click();
    await toolbar.waitFor({ state: 'hidden' });
    expect(await projector.getByRole('button', { name: 'Pen', exact: true }).count()).toBe(0);
    await eventually(
      () => labels(projector),
      (all) => all.length > 10 && named(all) === 0,
      'every card on the projector reads Student n',
    );
    expect(await bannerSize()).toBeGreaterThan(normalSize);
    await screenshot(projector, 'presentation-mode');
    // Only this screen: the others still see names, and nobody's document setting changed.
    expect(named(await labels(rivera))).toBeGreaterThan(10);

    await projector.getByRole('button', { name: 'Exit presentation' }).click();
    await toolbar.waitFor();
    await eventually(
      () => labels(projector),
      (all) => named(all) > 10,
      'the names are back on the projector',
    );
    expect(await bannerSize()).toBe(normalSize);
  });

  it('a spotlit card opens on every screen and closes when the spotlight ends; "bring everyone" moves the others to my view', async () => {
    const board = await createDemoBoard(server);
    const rivera = await open(board, board.tokens.owner, 'Ms. Rivera');
    const chen = await open(board, board.tokens.viewer, 'Mr. Chen');
    const { id: cardId, box } = await readyCard(rivera);
    await rivera.mouse.click(box.x + box.width / 2, box.y + box.height * 0.9);
    await rivera.getByRole('button', { name: 'Spotlight for everyone' }).click();
    await chen.getByTestId('spotlight-banner').getByText('Ms. Rivera is showing everyone this card').waitFor();
    const label = await rivera.locator('#viewer-title').textContent();
    expect(await chen.getByTestId('card-inspector').locator('#viewer-title').textContent()).toBe(label);
    await rivera.getByRole('button', { name: 'End spotlight' }).click();
    await chen.getByTestId('card-inspector').waitFor({ state: 'detached' });
    await rivera.getByRole('button', { name: 'Close', exact: true }).click();
    expect(cardId).toBeTruthy();

    // Ms. Rivera zooms in and calls everyone over: Mr. Chen's view jumps to hers.
    for (let i = 0; i < 3; i++) await rivera.keyboard.press('+');
    const view = await stageView(rivera);
    await rivera.getByTestId('people-button').click();
    await rivera.getByRole('button', { name: 'Bring everyone to me' }).click();
    await chen.getByText('Ms. Rivera brought everyone to their view').waitFor();
    await eventually(
      () => stageView(chen),
      (seen) => Math.abs(seen.scale - view.scale) < 0.01,
      "Mr. Chen's zoom matches hers",
    );
  });

  it('an evidence pin thread goes back and forth, and a pile cites it', async () => {
    const board = await createDemoBoard(server);
    const rivera = await open(board, board.tokens.owner, 'Ms. Rivera');
    const chen = await open(board, board.tokens.editor, 'Mr. Chen');
    const { id: cardId, box } = await readyCard(rivera);

    await rivera.mouse.click(box.x + box.width / 2, box.y + box.height * 0.9);
    await rivera.getByTestId('card-inspector').waitFor();
    await rivera.getByRole('button', { name: /Pin evidence/ }).click();
    const page = (await rivera.getByTestId('page-frame').boundingBox()) ?? fail('no page');
    await rivera.mouse.move(page.x + page.width * 0.3, page.y + page.height * 0.4);
    await rivera.mouse.down();
    await rivera.mouse.move(page.x + page.width * 0.7, page.y + page.height * 0.55, { steps: 8 });
    await rivera.mouse.up();
    await rivera.getByPlaceholder('e.g. Carries the ten here').fill('Carries the ten here');
    await rivera.getByRole('button', { name: 'Pin it' }).click();
    await rivera.locator('.pin-region').first().waitFor();
    await screenshot(rivera, 'pin-thread');

    // Mr. Chen opens the same card: the pin is there, with its author; he replies.
    const onChen = (await nodeBox(chen, `#card-${cardId}`)) ?? fail('card not drawn');
    await chen.mouse.click(onChen.x + onChen.width / 2, onChen.y + onChen.height * 0.9);
    const thread = chen.getByTestId('pin-thread');
    await thread.getByText('Carries the ten here').waitFor();
    await thread.getByText('Ms. Rivera').waitFor();
    await thread.getByLabel('Reply to this pin').fill('and writes 15 as 1 ten 5 ones');
    await thread.getByRole('button', { name: 'Reply', exact: true }).click();

    // Ms. Rivera sees the reply and resolves the pin; Mr. Chen sees who resolved it.
    await rivera.getByTestId('pin-thread').getByText('and writes 15 as 1 ten 5 ones').waitFor();
    await rivera.getByTestId('pin-thread').getByRole('button', { name: 'Resolve' }).click();
    await thread.getByRole('button', { name: 'Show resolved (1)' }).click();
    await thread.getByText('Resolved by Ms. Rivera').waitFor();

    const doc = await observe(board);
    const [pin] = listPins(doc);
    expect(pin?.replies.map((reply) => reply.author.name)).toEqual(['Mr. Chen']);
    expect(pin?.resolved).toBe(true);

    // The card goes into a pile whose description cites the pin; the citation opens the scan at it.
    await rivera.getByRole('button', { name: 'Close', exact: true }).click();
    await chen.getByRole('button', { name: 'Close', exact: true }).click();
    await rivera.getByRole('button', { name: 'Add pile' }).click();
    const title = rivera.getByLabel('Pile name');
    await title.fill('Regroups tens');
    await title.press('Enter');
    await title.waitFor({ state: 'detached' });
    const [pileId] = await eventually(
      () => drawnIds(rivera, 'pile'),
      (ids) => ids.length === 1,
      'the pile is drawn',
    );
    const from = (await nodeBox(rivera, `#card-${cardId}`)) ?? fail('card not drawn');
    const pile = (await nodeBox(rivera, `#pile-${pileId}`)) ?? fail('pile not drawn');
    await rivera.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await rivera.mouse.down();
    await rivera.mouse.move(pile.x + 60, pile.y + pile.height / 2, { steps: 10 });
    await rivera.mouse.up();
    await rivera.mouse.click(pile.x + 40, pile.y + 20);
    await rivera.getByRole('button', { name: /Cite a pin/ }).click();
    await rivera.locator(`[data-cite="${pin?.id}"]`).click();
    await rivera.locator(`[data-citation="${pin?.id}"]`).click();
    await rivera.getByTestId('card-inspector').waitFor();
    await rivera.locator(`.pin-region-selected[data-pin="${pin?.id}"]`).waitFor();
    await rivera.getByRole('button', { name: 'Show the whole page' }).waitFor();
    await screenshot(rivera, 'citation-opens-pin');
    expect(await cursorNames(rivera)).not.toContain('Ms. Rivera');
  });
});
