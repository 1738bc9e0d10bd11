// The sort flow in the browser: piles made three ways, cards dragged one at a time and several
// together, moved by keyboard, undone and redone (only one's own), notes written together, names
// hidden for the projector (no real name anywhere in the page), and the export sees the result.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PILE_COLORS } from '#shared/colors.js';
import type { ExportModel } from '#shared/exportModel.js';
import { CARD_WIDTH, pileColumns } from '#shared/layout.js';
import { boardAnnotations } from '#shared/schema/annotations.js';
import { readNameBands } from '#shared/schema/batch.js';
import { boardCards } from '#shared/schema/board.js';
import { getCard, listCards } from '#shared/schema/card.js';
import { listPiles } from '#shared/schema/pile.js';
import { readBoardSettings } from '#shared/schema/settings.js';
import { cardsIn, layoutSortBoard, widthForColumns } from '#shared/sortLayout.js';
import { type CreatedBoard, connectClient, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { center, contains, drawnIds, eventually, nodeBox, type ScreenBox, waitForCards } from './board.js';
import { launchBrowser, openBoard, openPage, screenshot, startAppServer } from './browser.js';

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

/** An attribute of every drawn card, by card id. */
function cardAttrs(page: Page, attr: string): Promise<Record<string, unknown>> {
  return page.evaluate(
    (name) =>
      Object.fromEntries(
        (window.Konva?.stages[0]?.find('.card') ?? []).map((node) => [String(node.getAttr('cardId')), node.getAttr(name)]),
      ),
    attr,
  );
}

/** The picture level (tiny, thumb, medium, full) a card is drawn at. */
async function imageLevel(page: Page, cardId: string): Promise<string> {
  return String((await cardAttrs(page, 'imageLevel'))[cardId] ?? '');
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
    const opened = await openBoard(browser, server, board, token, { name, cards: 20 });
    contexts.push(opened.context);
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
    // …outlined in her colour, the one her pointer has on his screen.
    const riveraColor = await rivera.evaluate(() => window.localStorage.getItem('worksort:color'));
    expect(riveraColor).toMatch(/^#[0-9a-f]{6}$/i);
    const held = await cardAttrs(chen, 'heldColor');
    expect(held[a]).toBe(riveraColor);
    expect(held[b]).toBe(riveraColor);
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

  it('a lasso drawn with shift held picks the cards it touches; a number key sends them all', async () => {
    await rivera.getByRole('button', { name: 'Fit' }).click();
    const compensation = pileIdByTitle('Compensation');
    const [first, second, third] = layoutOf().unsortedCards.map((card) => card.id) as [string, string, string];
    const from = center(await box(rivera, `#card-${first}`));
    const secondBox = await box(rivera, `#card-${second}`);
    const scale = secondBox.width / CARD_WIDTH;
    // From the gap right of the second card, back across to the middle of the first.
    const start = { x: secondBox.x + secondBox.width + 8 * scale, y: secondBox.y + secondBox.height / 2 };
    const to = { x: from.x, y: from.y + 10 };
    await rivera.keyboard.down('Shift');
    await rivera.mouse.move(start.x, start.y);
    await rivera.mouse.down();
    await rivera.mouse.move(to.x, to.y, { steps: 8 });
    await rivera.getByTestId('lasso').waitFor();
    await rivera.mouse.up();
    await rivera.keyboard.up('Shift');
    await rivera.getByTestId('selection-bar').getByText('2 cards selected').waitFor();
    const selected = await cardAttrs(rivera, 'selected');
    expect(Object.keys(selected).filter((id) => selected[id] === true)).toEqual([first, second]);
    expect(selected[third]).toBe(false);

    await rivera.keyboard.press(String(layoutOf().pileNumbers.get(compensation)));
    await waitFor(() => membersOf('Compensation').length === 4, 'both lassoed cards are in the pile');
    expect(membersOf('Compensation').slice(-2)).toEqual([first, second]);
  });

  it('a pile dragged by its header carries its cards; dragged by its corner, its cards reflow to the new width', async () => {
    await rivera.getByRole('button', { name: 'Fit' }).click();
    const compensation = pileIdByTitle('Compensation');
    const members = membersOf('Compensation');
    const before = listPiles(observer.doc).find((pile) => pile.id === compensation);
    const header = await box(rivera, `#pile-${compensation}`);
    const scale = (await box(rivera, `#card-${members[0]}`)).width / CARD_WIDTH;
    // Down, below the row of piles, where it stays in view.
    await drag(rivera, { x: header.x + 60, y: header.y + 10 }, { x: header.x + 60 + 40 * scale, y: header.y + 10 + 320 * scale });
    await waitFor(() => listPiles(observer.doc).find((pile) => pile.id === compensation)?.x !== before?.x, 'the pile moved');
    const moved = listPiles(observer.doc).find((pile) => pile.id === compensation);
    expect(Math.abs((moved?.x ?? 0) - ((before?.x ?? 0) + 40))).toBeLessThan(4);
    expect(Math.abs((moved?.y ?? 0) - ((before?.y ?? 0) + 320))).toBeLessThan(4);
    // Its cards came along, and rest inside it on both screens.
    for (const page of [rivera, chen]) {
      await eventually(
        async () => {
          const pile = await box(page, `#pile-${compensation}`);
          const cards = await Promise.all(members.map(async (id) => center(await box(page, `#card-${id}`))));
          return cards.every((point) => contains(pile, point)) && pile.y - header.y > 100 * scale;
        },
        (inside) => inside,
        'the cards rest in the moved pile',
      );
    }

    // Narrowed to one column by its bottom-right corner: the four cards stack in one column.
    const pile = await box(rivera, `#pile-${compensation}`);
    await drag(
      rivera,
      { x: pile.x + pile.width - 6 * scale, y: pile.y + pile.height - 6 * scale },
      { x: pile.x + widthForColumns(1) * scale, y: pile.y + pile.height - 6 * scale },
    );
    await waitFor(() => {
      const narrowed = listPiles(observer.doc).find((each) => each.id === compensation);
      return narrowed !== undefined && pileColumns(narrowed) === 1;
    }, 'the pile is one column wide');
    const columns = await eventually(
      async () => Promise.all(members.map((id) => box(rivera, `#card-${id}`))),
      (boxes) => boxes.every((each, i) => Math.abs(each.x - (boxes[0]?.x ?? 0)) < 2 && (i === 0 || each.y > (boxes[i - 1]?.y ?? 0))),
      'the cards reflow into one column, in their order',
    );
    const narrowed = await box(rivera, `#pile-${compensation}`);
    for (const card of columns) expect(contains(narrowed, center(card))).toBe(true);
    await screenshot(rivera, 'sorting-pile-resized');
  });

  it('hiding names on my screen only: my screen says Student n, the others still see names', async () => {
    await chen.getByTestId('names-button').click();
    await chen.getByLabel(/Hide names on my screen/).check();
    await chen.keyboard.press('Escape');
    await chen.getByTestId('names-button').getByText('Names hidden').waitFor();
    await eventually(
      () => cardLabels(chen),
      (all) => Object.values(all).length > 20 && Object.values(all).every((label) => /^Student \d+$/.test(label)),
      'every card on his screen is labelled Student n',
    );
    const named = listCards(observer.doc).find((card) => /^[\p{L} .-]+$/u.test(card.student));
    expect(named?.student).toMatch(/\p{L}/u);
    // The page's text holds names where they are shown (Ms. Rivera's), and not on his.
    expect(await rivera.content()).toContain(named?.student);
    expect(await chen.content()).not.toContain(named?.student);
    // Not for everyone: the board's switch is off, and Ms. Rivera still sees the names.
    expect(readBoardSettings(observer.doc).hideNames).toBe(false);
    await rivera.getByTestId('names-button').getByText('Names shown').waitFor();
    const riveraLabels = await cardLabels(rivera);
    expect(riveraLabels[named?.id as string]).toBe(named?.student);
    // It is remembered on his screen, and turned off the same way.
    await chen.reload();
    await waitForCards(chen, 20);
    await chen.getByTestId('names-button').getByText('Names hidden').waitFor();
    await chen.getByTestId('names-button').click();
    await chen.getByLabel(/Hide names on my screen/).uncheck();
    await chen.keyboard.press('Escape');
    await chen.getByTestId('names-button').getByText('Names shown').waitFor();
  });

  it('pictures are light when zoomed out and sharp when zoomed in', async () => {
    const sizes: string[] = [];
    const onRequest = (request: { url(): string }) => {
      const size = new URL(request.url()).searchParams.get('size');
      if (request.url().includes('/assets/') && size) sizes.push(size);
    };
    rivera.on('request', onRequest);
    await rivera.getByRole('button', { name: 'Fit' }).click();
    const [id] = membersOf('Counts on by ones') as [string];
    await eventually(
      () => imageLevel(rivera, id),
      (level) => level === 'tiny' || level === 'thumb',
      'a light picture at fit',
    );
    // The wheel zooms in on the card until its picture is over 400 px wide on screen.
    for (let i = 0; i < 6; i++) {
      const card = await box(rivera, `#card-${id}`);
      if (card.width > 450) break;
      await rivera.mouse.move(card.x + card.width / 2, card.y + card.height / 3);
      await rivera.mouse.wheel(0, -400);
      await eventually(
        async () => (await box(rivera, `#card-${id}`)).width,
        (width) => width > card.width + 1,
        'zoomed in',
      );
    }
    await eventually(
      () => imageLevel(rivera, id),
      (level) => level === 'medium' || level === 'full',
      'a sharp picture when zoomed in',
    );
    expect(sizes.some((size) => size === 'medium' || size === 'full')).toBe(true);
    await screenshot(rivera, 'sorting-zoomed-in');
    await rivera.getByRole('button', { name: 'Fit' }).click();
    await eventually(
      () => imageLevel(rivera, id),
      (level) => level === 'tiny' || level === 'thumb',
      'light again at fit',
    );
    // The light pictures are the server's tiny size, many to a contact sheet, not thumbnails shrunk in the browser.
    const sheets = await rivera.evaluate(
      () => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/sheets?')).length,
    );
    expect(sheets).toBeGreaterThan(0);
    rivera.off('request', onRequest);

    // Zoomed out far (a big class set at fit), each pile's title rides on a band readable from the back of the room.
    const bands = () =>
      rivera.evaluate(() =>
        (window.Konva?.stages[0]?.find('.pile-title-band') ?? []).flatMap((band) =>
          (band as unknown as { find(s: string): { text(): string }[] }).find('Text').map((text) => text.text()),
        ),
      );
    expect(await bands()).toEqual([]);
    await rivera.getByTestId('board-canvas').hover();
    for (let i = 0; i < 4; i++) await rivera.keyboard.press('-');
    const titles = await eventually(bands, (found) => found.includes('Counts on by ones'), 'the title bands are drawn');
    expect(titles).toEqual(expect.arrayContaining(['Unsorted', 'Decomposes by place value', 'Compensation']));
    await screenshot(rivera, 'sorting-zoomed-out');
    await rivera.getByRole('button', { name: 'Fit' }).click();
  });

  it('a card that has comments or ink carries a badge', async () => {
    const [id] = membersOf('Counts on by ones') as [string];
    const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await waitForSync(editor.provider);
    const badgeOn = (page: Page) =>
      page.evaluate((cardId) => {
        const card = window.Konva?.stages[0]?.findOne(`#card-${cardId}`) as unknown as { find(s: string): unknown[] } | undefined;
        return card?.find('.card-badge').length ?? 0;
      }, id);
    expect(await badgeOn(rivera)).toBe(0);
    // Only `cardId` matters to the badge (shared/schema/annotations.ts counts records per card).
    editor.doc.transact(() => {
      boardAnnotations(editor.doc, 'comments').set('badge-test-comment', new Y.Map<unknown>([['cardId', id]]));
      boardAnnotations(editor.doc, 'ink').set('badge-test-ink', new Y.Map<unknown>([['cardId', id]]));
    });
    await eventually(
      () => badgeOn(rivera),
      (count) => count === 1,
      'the badge appears',
    );
    editor.doc.transact(() => {
      boardAnnotations(editor.doc, 'comments').delete('badge-test-comment');
      boardAnnotations(editor.doc, 'ink').delete('badge-test-ink');
    });
    await eventually(
      () => badgeOn(rivera),
      (count) => count === 0,
      'the badge goes with them',
    );
    editor.provider.destroy();
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
    // Its colour is picked in the same panel, for everyone.
    const before = listPiles(observer.doc).find((pile) => pile.id === countsOn)?.color;
    await chen.getByTestId('pile-panel').locator('.swatch[aria-pressed="false"]').first().click();
    await waitFor(() => listPiles(observer.doc).find((pile) => pile.id === countsOn)?.color !== before, 'the new colour reaches everyone');
    expect(PILE_COLORS).toContain(listPiles(observer.doc).find((pile) => pile.id === countsOn)?.color);
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
    // The student's label is edited there, and the page turned.
    const before = getCard(observer.doc, id)?.student ?? '';
    const label = inspector.getByLabel('Student label');
    await label.fill(`${before} R.`);
    await label.press('Enter');
    await waitFor(() => getCard(observer.doc, id)?.student === `${before} R.`, 'the new label reaches everyone');
    const page = getCard(observer.doc, id)?.pages[0] as string;
    await inspector.getByRole('button', { name: 'Turn the page right' }).click();
    await waitFor(() => getCard(observer.doc, id)?.rotations?.[page] === 90, 'the page is turned');
    await inspector.getByRole('button', { name: 'Turn the page left' }).click();
    await waitFor(() => getCard(observer.doc, id)?.rotations?.[page] === undefined, 'and turned back');
    await inspector.getByLabel('Student label').fill(before);
    await inspector.getByLabel('Student label').press('Enter');
    await waitFor(() => getCard(observer.doc, id)?.student === before, 'the label is back');
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

    // Before hiding, the probes below find the names: on the canvas and in the card labels.
    for (const page of [rivera, chen]) {
      const shown = await eventually(
        async () => (await canvasTexts(page)).join('\n'),
        (texts) => names.filter((name) => texts.includes(name)).length > 10,
        "the students' names are drawn on the cards while names are shown",
      );
      expect(shown.length).toBeGreaterThan(0);
      const shownLabels = Object.values(await cardLabels(page));
      expect(shownLabels.filter((label) => names.includes(label)).length).toBeGreaterThan(10);
    }

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
      const exported = new Map([...hidden.piles.flatMap((pile) => pile.cards), ...hidden.unsorted].map((card) => [card.id, card.student]));
      // Every label drawn (more than 20, above) is the export's number for that card.
      for (const [cardId, label] of Object.entries(labels)) expect(label, cardId).toBe(exported.get(cardId));
      // The name band is covered on the pages drawn (once they are loaded again, masked by the
      // server), or left off the face by its crop to the student's work.
      const bandBottom = Math.max(...[...readNameBands(observer.doc).values()].map((band) => band.y + band.h));
      await eventually(
        () =>
          page.evaluate((bottom) => {
            type Face = {
              findOne(selector: string): { cropY(): number; cropHeight(): number; image(): { height: number } | undefined } | undefined;
            };
            const cards = (window.Konva?.stages[0]?.find('.card') ?? []) as unknown as Face[];
            return cards.filter((card) => {
              if (card.findOne('.name-mask')) return true;
              const picture = card.findOne('Image');
              const height = picture?.image()?.height ?? 0;
              return picture !== undefined && height > 0 && picture.cropHeight() > 0 && picture.cropY() / height >= bottom - 0.002;
            }).length;
          }, bandBottom),
        (covered) => covered > 10,
        'the name band is masked or cropped off on the pages drawn',
      );
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

    // Every page of the upload is covered: a second page on this card is masked the same way.
    const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await waitForSync(editor.provider);
    const otherPage = listCards(editor.doc).find((card) => card.id !== id)?.pages[0] as string;
    const pagesOf = () => boardCards(editor.doc).get(id)?.get('pages') as Y.Array<string>;
    pagesOf().push([otherPage]);
    const inspectorNow = rivera.getByTestId('card-inspector');
    await inspectorNow.getByRole('button', { name: 'Page 2' }).click();
    await expect.poll(() => inspectorNow.locator('[data-testid="page-frame"] img').getAttribute('src')).toContain(otherPage);
    await expect.poll(() => inspectorNow.getByTestId('name-band').textContent()).toBe('Name hidden');
    pagesOf().delete(1, 1);
    editor.provider.destroy();
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

    // Its title, left of the unfold button at the header's right end (a folded pile is narrow).
    const header = await box(rivera, `#pile-${compensation}`);
    await rivera.mouse.click(header.x + header.width * 0.35, header.y + 8);
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

describe('board templates', { timeout: 60_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a board created "by evidence of mastery" opens with its Meets, Partially meets and Not yet piles', async () => {
    const { context, page } = await openPage(browser, { name: 'Ms. Rivera' });
    try {
      await page.goto(server.url);
      await page.getByLabel('Board title').fill('Grade 2 · Two ways to add');
      await page.getByText('By evidence of mastery').click();
      await page.getByRole('button', { name: 'Create board' }).click();
      await page.getByRole('link', { name: 'Open board' }).click();
      await page.locator('[data-status="connected"]').waitFor();
      const titles = await eventually(
        () =>
          page.evaluate(() =>
            (window.Konva?.stages[0]?.find('.pile') ?? []).flatMap((node) =>
              (node as unknown as { find(s: string): { text(): string }[] }).find('Text').map((text) => text.text()),
            ),
          ),
        (found) => ['Meets', 'Partially meets', 'Not yet'].every((title) => found.includes(title)),
        'the three piles of the template are drawn',
      );
      expect(titles).toEqual(expect.arrayContaining(['Meets', 'Partially meets', 'Not yet']));
      await screenshot(page, 'sorting-template-mastery');
    } finally {
      await context.close();
    }
  });
});
