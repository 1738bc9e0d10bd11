// The sort flow in the browser: piles made three ways, cards dragged one at a time and several
// together, moved by keyboard, undone and redone (only one's own), notes written together, names
// hidden for the projector (no real name anywhere in the page), and the export sees the result.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { ExportModel } from '../../shared/exportModel.js';
import { getCard, listCards } from '../../shared/schema/card.js';
import { listPiles } from '../../shared/schema/pile.js';
import { readBoardSettings } from '../../shared/schema/settings.js';
import { cardsIn, layoutSortBoard } from '../../shared/sortLayout.js';
import { type CreatedBoard, connectClient, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { center, contains, drawnIds, eventually, nodeBox, type ScreenBox, waitForCards } from './board.js';
import { launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

const link = (server: TestServer, board: CreatedBoard, token: string) => `${server.url}/b/${board.id}#token=${token}`;

/** Every text the canvas draws, and the label each drawn card shows. */
function canvasTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const stage = window.Konva?.stages[0] as unknown as { find(selector: string): { text(): string }[] } | undefined;
    return (stage?.find('Text') ?? []).map((node) => node.text());
  });
}

function cardLabels(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      (window.Konva?.stages[0]?.find('.card') ?? []).map((node) => [String(node.getAttr('cardId')), String(node.getAttr('studentLabel'))]),
    ),
  );
}

async function box(page: Page, selector: string): Promise<ScreenBox> {
  const found = await eventually(
    () => nodeBox(page, selector),
    (value) => value !== null,
    `${selector} is drawn`,
  );
  return found as ScreenBox;
}

async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

async function shiftClick(page: Page, point: { x: number; y: number }): Promise<void> {
  await page.keyboard.down('Shift');
  await page.mouse.click(point.x, point.y);
  await page.keyboard.up('Shift');
}

describe('sorting a class set', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let board: CreatedBoard;
  const contexts: BrowserContext[] = [];
  let observer: { doc: Y.Doc; provider: WebsocketProvider };
  let rivera: Page;
  let chen: Page;

  const layoutOf = () => layoutSortBoard({ cards: listCards(observer.doc), piles: listPiles(observer.doc) });
  const pileIdByTitle = (title: string) => listPiles(observer.doc).find((pile) => pile.title === title)?.id as string;
  const membersOf = (title: string) => cardsIn(layoutOf(), pileIdByTitle(title)).map((card) => card.id);

  async function open(token: string, name: string): Promise<Page> {
    const opened = await openPage(browser, { name });
    contexts.push(opened.context);
    await opened.page.goto(link(server, board, token));
    await waitForCards(opened.page, 20);
    await opened.page.locator('[data-status="connected"]').waitFor();
    return opened.page;
  }

  async function addPile(page: Page, title: string, how: 'button' | 'key' = 'button'): Promise<void> {
    if (how === 'button') await page.getByRole('button', { name: 'Add pile' }).click();
    else {
      await page.getByTestId('board-canvas').hover();
      await page.keyboard.press('n');
    }
    const field = page.getByLabel('Pile name');
    await field.fill(title);
    await field.press('Enter');
    await field.waitFor({ state: 'detached' });
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    board = (await response.json()) as CreatedBoard;
    observer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    await waitForSync(observer.provider);
    rivera = await open(board.tokens.owner, 'Ms. Rivera');
    chen = await open(board.tokens.editor, 'Mr. Chen');
  });

  afterAll(async () => {
    observer?.provider.destroy();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it('piles are made with the button, the N key, and from a selection of cards', async () => {
    await addPile(rivera, 'Counts on by ones');
    await addPile(rivera, 'Decomposes by place value', 'key');
    await waitFor(() => listPiles(observer.doc).length === 2, 'two piles reach the server');
    await rivera.getByRole('button', { name: 'Fit' }).click();

    // Two unsorted cards, shift-clicked, become a new pile.
    const [first, second] = layoutOf()
      .unsortedCards.slice(-2)
      .map((card) => card.id) as [string, string];
    await shiftClick(rivera, center(await box(rivera, `#card-${first}`)));
    await shiftClick(rivera, center(await box(rivera, `#card-${second}`)));
    await rivera.getByTestId('selection-bar').getByText('2 cards selected').waitFor();
    await screenshot(rivera, 'sorting-selection');
    await rivera.getByRole('button', { name: 'New pile from these' }).click();
    const field = rivera.getByLabel('Pile name');
    await field.fill('Compensation');
    await field.press('Enter');
    await waitFor(() => listPiles(observer.doc).length === 3 && pileIdByTitle('Compensation') !== undefined, 'the third pile');
    await waitFor(() => membersOf('Compensation').length === 2, 'the selected cards are in the new pile');
    expect(membersOf('Compensation').sort()).toEqual([first, second].sort());
    // The other screen numbers the piles the same way.
    await eventually(
      () => drawnIds(chen, 'pile'),
      (ids) => ids.length === 3,
      'three piles on the other screen',
    );
  });

  it('one card is dragged into a pile, then two selected cards together, then one by its number key', async () => {
    await rivera.getByRole('button', { name: 'Fit' }).click();
    const countsOn = pileIdByTitle('Counts on by ones');
    const placeValue = pileIdByTitle('Decomposes by place value');
    const [single, a, b, keyed] = layoutOf().unsortedCards.map((card) => card.id) as [string, string, string, string];

    const pile = await box(rivera, `#pile-${countsOn}`);
    await drag(rivera, center(await box(rivera, `#card-${single}`)), { x: pile.x + 40, y: pile.y + pile.height - 20 });
    await waitFor(() => getCard(observer.doc, single)?.pileId === countsOn, 'the dragged card is in the pile');

    await shiftClick(rivera, center(await box(rivera, `#card-${a}`)));
    await shiftClick(rivera, center(await box(rivera, `#card-${b}`)));
    const target = await box(rivera, `#pile-${placeValue}`);
    const from = center(await box(rivera, `#card-${a}`));
    await rivera.mouse.move(from.x, from.y);
    await rivera.mouse.down();
    await rivera.mouse.move(target.x + 50, target.y + target.height - 20, { steps: 12 });
    // While it moves, Mr. Chen sees both cards in Ms. Rivera's hand.
    await eventually(
      () =>
        chen.evaluate(() => {
          const dragLayer = window.Konva?.stages[0]?.getLayers()[2] as unknown as { find(s: string): unknown[] } | undefined;
          return dragLayer?.find('.card').length ?? 0;
        }),
      (count) => count >= 2,
      'both cards are drawn moving on the other screen',
    );
    await screenshot(chen, 'sorting-remote-multi-drag');
    await rivera.mouse.up();
    await waitFor(() => membersOf('Decomposes by place value').length === 2, 'both cards are in the pile');
    expect(membersOf('Decomposes by place value')).toEqual([a, b]);

    await shiftClick(rivera, center(await box(rivera, `#card-${keyed}`)));
    const number = layoutOf().pileNumbers.get(countsOn);
    await rivera.keyboard.press(String(number));
    await waitFor(() => getCard(observer.doc, keyed)?.pileId === countsOn, 'the number key sends the card to its pile');
    expect(membersOf('Counts on by ones')).toEqual([single, keyed]);

    // On screen, the cards rest inside their piles.
    const drawnPile = await box(rivera, `#pile-${countsOn}`);
    await eventually(
      async () => contains(drawnPile, center(await box(rivera, `#card-${keyed}`))),
      (inside) => inside,
      'the card rests in the pile',
    );
    await screenshot(rivera, 'sorting-sorted');
  });

  it('a card dropped on the first slot of its pile moves to the front', async () => {
    const countsOn = pileIdByTitle('Counts on by ones');
    const [front, last] = membersOf('Counts on by ones') as [string, string];
    const slot = await box(rivera, `#card-${front}`);
    await drag(rivera, center(await box(rivera, `#card-${last}`)), { x: slot.x + 8, y: slot.y + slot.height / 2 });
    await waitFor(() => membersOf('Counts on by ones')[0] === last, 'reordered');
    expect(getCard(observer.doc, last)?.pileId).toBe(countsOn);
  });

  it('undo takes back my own last move only; redo puts it back', async () => {
    const placeValue = pileIdByTitle('Decomposes by place value');
    const [mine, theirs] = layoutOf().unsortedCards.map((card) => card.id) as [string, string];
    await shiftClick(rivera, center(await box(rivera, `#card-${mine}`)));
    await rivera.keyboard.press(String(layoutOf().pileNumbers.get(placeValue)));
    await waitFor(() => getCard(observer.doc, mine)?.pileId === placeValue, 'my move');
    // Mr. Chen moves another card after that.
    await chen.getByRole('button', { name: 'Fit' }).click();
    const target = await box(chen, `#pile-${placeValue}`);
    await drag(chen, center(await box(chen, `#card-${theirs}`)), { x: target.x + 40, y: target.y + target.height - 20 });
    await waitFor(() => getCard(observer.doc, theirs)?.pileId === placeValue, 'his move');

    await rivera.getByTestId('board-canvas').hover();
    await rivera.keyboard.press('Control+z');
    await waitFor(() => getCard(observer.doc, mine)?.pileId === null, 'my move is undone');
    expect(getCard(observer.doc, theirs)?.pileId).toBe(placeValue);
    await rivera.keyboard.press('Control+Shift+z');
    await waitFor(() => getCard(observer.doc, mine)?.pileId === placeValue, 'and redone');
    // The toolbar's buttons do the same.
    await rivera.getByRole('button', { name: 'Undo', exact: true }).click();
    await waitFor(() => getCard(observer.doc, mine)?.pileId === null, 'undone with the button');
    expect(getCard(observer.doc, theirs)?.pileId).toBe(placeValue);
  });

  it('what a pile shows and its next steps are written together, live', async () => {
    const countsOn = pileIdByTitle('Counts on by ones');
    const header = await box(rivera, `#pile-${countsOn}`);
    await rivera.mouse.click(header.x + 80, header.y + 10);
    await rivera.getByTestId('pile-panel').waitFor();
    await rivera.getByLabel('What are these students showing us?').fill('They count on by ones from 48 on an open number line.');
    const headerOnChen = await box(chen, `#pile-${countsOn}`);
    await chen.mouse.click(headerOnChen.x + 80, headerOnChen.y + 10);
    const description = chen.getByLabel('What are these students showing us?');
    await eventually(
      () => description.inputValue(),
      (value) => value.includes('open number line'),
      'the description appears on the other screen as it is typed',
    );
    await chen.getByLabel('Next steps').click();
    await chen.keyboard.type('Small group: jumps of ten.');
    await eventually(
      () => rivera.getByLabel('Next steps').inputValue(),
      (value) => value === 'Small group: jumps of ten.',
      'the next steps appear on the first screen',
    );
    await screenshot(chen, 'sorting-pile-panel');
    await chen.getByTestId('pile-panel').getByRole('button', { name: 'Close' }).click();
    await rivera.getByTestId('pile-panel').getByRole('button', { name: 'Close' }).click();
  });

  it('a card is tagged from the board’s tag list in the card inspector', async () => {
    const [id] = membersOf('Counts on by ones') as [string];
    await rivera.mouse.click(...(Object.values(center(await box(rivera, `#card-${id}`))) as [number, number]));
    const inspector = rivera.getByTestId('card-inspector');
    await inspector.waitFor();
    await inspector.getByLabel('Add a tag').fill('number line');
    await inspector.getByLabel('Add a tag').press('Enter');
    await waitFor(() => getCard(observer.doc, id)?.tags.includes('number line') === true, 'the tag is on the card');
    await rivera.keyboard.press('Escape');
    await inspector.waitFor({ state: 'detached' });
  });

  it('names hidden for the projector: labels read Student n as the export numbers them, and no real name is anywhere in the page', async () => {
    const names = listCards(observer.doc)
      .map((card) => card.student)
      .filter(Boolean);
    expect(names.length).toBeGreaterThan(20);

    // Mark where the names are written, once for the upload.
    const [id] = layoutOf().unsortedCards.map((card) => card.id) as [string];
    const cardCenter = center(await box(rivera, `#card-${id}`));
    await rivera.mouse.click(cardCenter.x, cardCenter.y);
    const inspector = rivera.getByTestId('card-inspector');
    await inspector.getByRole('button', { name: 'Mark the name band' }).click();
    const frame = (await inspector.getByTestId('page-frame').boundingBox()) as ScreenBox;
    await rivera.mouse.move(frame.x + 2, frame.y + 2);
    await rivera.mouse.down();
    await rivera.mouse.move(frame.x + frame.width - 2, frame.y + frame.height * 0.12, { steps: 6 });
    await rivera.mouse.up();
    await rivera.keyboard.press('Escape');

    await rivera.getByTestId('names-button').click();
    await rivera.getByLabel(/Hide names for everyone/).check();
    await waitFor(() => readBoardSettings(observer.doc).hideNames, 'the switch reaches everyone');
    await rivera.keyboard.press('Escape');

    for (const page of [rivera, chen]) {
      await page.getByTestId('names-button').getByText('Names hidden').waitFor();
      const labels = await eventually(
        () => cardLabels(page),
        (all) => Object.values(all).length > 20 && Object.values(all).every((label) => /^Student \d+$/.test(label)),
        'every card is labelled Student n',
      );
      // The same numbers as the export with names hidden.
      const response = await fetch(`${server.url}/api/boards/${board.id}/export.json?names=hidden`, {
        headers: { authorization: `Bearer ${board.tokens.viewer}` },
      });
      const hidden = (await response.json()) as ExportModel;
      for (const exported of [...hidden.piles.flatMap((pile) => pile.cards), ...hidden.unsorted]) {
        if (labels[exported.id]) expect(labels[exported.id]).toBe(exported.student);
      }
      // The name band is covered on the pages drawn.
      const masks = await page.evaluate(() => window.Konva?.stages[0]?.find('.name-mask').length ?? 0);
      expect(masks).toBeGreaterThan(10);
      // Not in the DOM, not on the canvas.
      const html = await page.content();
      const texts = (await canvasTexts(page)).join('\n');
      for (const name of names) {
        expect(html, name).not.toContain(name);
        expect(texts, name).not.toContain(name);
      }
    }
    await screenshot(chen, 'sorting-names-hidden');

    // The inspector says "Student n" too, and keeps the label out of reach.
    const shown = await cardLabels(rivera);
    await rivera.mouse.click(cardCenter.x, cardCenter.y);
    await rivera.getByRole('dialog').getByRole('heading', { name: shown[id] }).waitFor();
    await rivera.getByTestId('name-band').waitFor();
    await screenshot(rivera, 'sorting-inspector-names-hidden');
    for (const name of names) expect(await rivera.content()).not.toContain(name);
    await rivera.keyboard.press('Escape');

    await rivera.getByTestId('names-button').click();
    await rivera.getByLabel(/Hide names for everyone/).uncheck();
    await rivera.keyboard.press('Escape');
    await chen.getByTestId('names-button').getByText('Names shown').waitFor();
  });

  it('a folded pile is a stack with its count; a deleted pile sends its cards back to unsorted', async () => {
    const compensation = pileIdByTitle('Compensation');
    const members = membersOf('Compensation');
    const pile = await box(rivera, `#pile-${compensation}`);
    // The fold button is the right end of the header.
    await rivera.mouse.click(pile.x + pile.width - 6, pile.y + 8);
    await waitFor(() => listPiles(observer.doc).find((p) => p.id === compensation)?.collapsed === true, 'folded');
    await eventually(
      () => drawnIds(rivera, 'card'),
      (ids) => ids.includes(members[0] as string) && !ids.includes(members[1] as string),
      'only the top card of the stack is drawn',
    );
    await screenshot(rivera, 'sorting-folded');

    const header = await box(rivera, `#pile-${compensation}`);
    await rivera.mouse.click(header.x + 60, header.y + 10);
    const panel = rivera.getByTestId('pile-panel');
    await panel.getByRole('button', { name: 'Delete pile…' }).click();
    await panel.getByRole('button', { name: 'Delete pile', exact: true }).click();
    await waitFor(() => listPiles(observer.doc).length === 2, 'the pile is gone');
    for (const id of members) expect(getCard(observer.doc, id)?.pileId).toBeNull();
    expect(listCards(observer.doc)).toHaveLength(28);
  });

  it('the export sees the sort', async () => {
    const response = await fetch(`${server.url}/api/boards/${board.id}/export.json`, {
      headers: { authorization: `Bearer ${board.tokens.viewer}` },
    });
    expect(response.status).toBe(200);
    const model = (await response.json()) as ExportModel;
    const byTitle = new Map(model.piles.map((pile) => [pile.title, pile]));
    expect([...byTitle.keys()].sort()).toEqual(['Counts on by ones', 'Decomposes by place value']);
    expect(byTitle.get('Counts on by ones')?.cards.map((card) => card.id)).toEqual(membersOf('Counts on by ones'));
    expect(byTitle.get('Decomposes by place value')?.cards.map((card) => card.id)).toEqual(membersOf('Decomposes by place value'));
    expect(byTitle.get('Counts on by ones')?.description).toContain('open number line');
    expect(byTitle.get('Counts on by ones')?.nextSteps).toBe('Small group: jumps of ten.');
    expect(byTitle.get('Counts on by ones')?.cards.some((card) => card.tags.includes('number line'))).toBe(true);
    const total = model.piles.reduce((sum, pile) => sum + pile.cards.length, 0) + model.unsorted.length;
    expect(total).toBe(28);
  });
});
