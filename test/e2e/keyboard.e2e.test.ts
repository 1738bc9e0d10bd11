// Sorting without a mouse (issue 10): a teacher who uses the keyboard makes two piles, walks the
// board's focus list to three unsorted cards and sends them to the piles by number; the export
// shows the sort. The outline view does the same from its tree, and others' changes are told in
// a polite live region while focus stays where it was.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { ExportModel } from '#shared/exportModel.js';
import { getCard, listCards } from '#shared/schema/card.js';
import { listPiles } from '#shared/schema/pile.js';
import { moveCards } from '#shared/sorting.js';
import { cardsIn, layoutSortBoard } from '#shared/sortLayout.js';
import { type CreatedBoard, connectClient, type TestServer, waitForSync } from '../fixtures/server.js';
import { eventually } from './board.js';
import { gotoBoard, launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

/** What has focus: its accessible name and the ids it stands for. */
function focused(page: Page): Promise<{ label: string; cardId: string; pileId: string; role: string; inList: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return {
      label:
        element?.getAttribute('aria-label') ??
        (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement ? (element.labels?.[0]?.textContent ?? '') : ''),
      cardId: element?.dataset.cardId ?? '',
      pileId: element?.dataset.pileId ?? '',
      role: element?.getAttribute('role') ?? element?.tagName.toLowerCase() ?? '',
      inList: element?.closest('[data-testid="canvas-focus"]') !== null,
    };
  });
}

/** Presses Tab until focus lands where `wanted` says; a keyboard user's way around the page. */
async function tabUntil(page: Page, wanted: (now: Awaited<ReturnType<typeof focused>>) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (wanted(await focused(page))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${what}`);
}

/** Moves focus with → until it is on an unsorted card; answers that card's id. */
async function nextUnsortedCard(page: Page): Promise<string> {
  await page.keyboard.press('Home');
  for (let i = 0; i < 100; i++) {
    const now = await focused(page);
    if (now.cardId && now.label.includes(', unsorted')) return now.cardId;
    await page.keyboard.press('ArrowRight');
  }
  throw new Error('no unsorted card reached with the arrow keys');
}

async function newPileByKey(page: Page, title: string): Promise<void> {
  await page.keyboard.press('n');
  const field = page.getByLabel('Pile name');
  await field.waitFor();
  await page.keyboard.type(title);
  await page.keyboard.press('Enter');
  await field.waitFor({ state: 'detached' });
}

describe('sorting with the keyboard only', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let board: CreatedBoard;
  let context: BrowserContext;
  let page: Page;
  let observer: { doc: Y.Doc; provider: WebsocketProvider };

  const pileId = (title: string) => listPiles(observer.doc).find((pile) => pile.title === title)?.id ?? '';
  const membersOf = (title: string) =>
    cardsIn(layoutSortBoard({ cards: listCards(observer.doc), piles: listPiles(observer.doc) }), pileId(title)).map((card) => card.id);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    board = (await response.json()) as CreatedBoard;
    observer = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await waitForSync(observer.provider);
    ({ context, page } = await openPage(browser, { name: 'Ms. Okafor', width: 1280, height: 800 }));
    await gotoBoard(page, server, board, board.tokens.owner, { cards: 20 });
  });

  afterAll(async () => {
    observer?.provider.destroy();
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('makes two piles and sorts three cards into them without a mouse; the export shows it', async () => {
    await newPileByKey(page, 'Counts on');
    await newPileByKey(page, 'Place value');
    await tabUntil(page, (now) => now.inList, 'the board');

    // The pile headers say their numbers: that is the key that sends a card there.
    const pileLabels = await page
      .locator('[data-testid="canvas-focus"] [data-pile-id]')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label') ?? ''));
    const numberOf = (title: string) => {
      const label = pileLabels.find((each) => each.includes(`: ${title},`));
      return label?.match(/^Pile (\d):/)?.[1] ?? '';
    };
    expect(numberOf('Counts on')).toMatch(/^\d$/);
    expect(numberOf('Place value')).toMatch(/^\d$/);

    const plan: [string, string][] = [
      ['Counts on', numberOf('Counts on')],
      ['Counts on', numberOf('Counts on')],
      ['Place value', numberOf('Place value')],
    ];
    const sent: Record<string, string[]> = { 'Counts on': [], 'Place value': [] };
    for (const [title, key] of plan) {
      const cardId = await nextUnsortedCard(page);
      await page.keyboard.press(key);
      sent[title]?.push(cardId);
      // Focus stays on the card, now named by its new pile.
      await eventually(
        () => focused(page),
        (now) => now.cardId === cardId && now.label.includes(`in ${title}`),
        `the card with focus says it is in ${title}`,
      );
    }
    await screenshot(page, 'keyboard-sorted');

    // Enter opens the card with focus full size; Escape closes it and focus is back on the card.
    const last = await focused(page);
    await page.keyboard.press('Enter');
    await page.getByTestId('card-inspector').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('card-inspector').waitFor({ state: 'detached' });
    await eventually(
      () => focused(page),
      (now) => now.cardId === last.cardId && now.inList,
      'focus is back on the card',
    );

    await eventually(
      async () => [membersOf('Counts on'), membersOf('Place value')],
      ([countsOn, placeValue]) => countsOn?.length === 2 && placeValue?.length === 1,
      'the sort reached the server',
    );
    const response = await fetch(`${server.url}/api/boards/${board.id}/export.json`, {
      headers: { authorization: `Bearer ${board.tokens.viewer}` },
    });
    expect(response.status).toBe(200);
    const exported = (await response.json()) as ExportModel;
    const cardsOf = (title: string) => exported.piles.find((pile) => pile.title === title)?.cards.map((card) => card.id) ?? [];
    expect(cardsOf('Counts on').sort()).toEqual([...(sent['Counts on'] ?? [])].sort());
    expect(cardsOf('Place value')).toEqual(sent['Place value']);
    expect(exported.unsorted.some((card) => [...(sent['Counts on'] ?? []), ...(sent['Place value'] ?? [])].includes(card.id))).toBe(false);

    // U sends the card with focus back to unsorted; its pile's number sends it back again.
    const placed = sent['Place value']?.[0] ?? '';
    expect(last.cardId).toBe(placed);
    await page.keyboard.press('u');
    await eventually(
      () => focused(page),
      (now) => now.cardId === placed && now.label.includes(', unsorted'),
      'U: the card with focus says it is unsorted',
    );
    await eventually(
      async () => membersOf('Place value'),
      (members) => members.length === 0,
      'U: the card left its pile for everyone',
    );
    await page.keyboard.press(numberOf('Place value'));
    await eventually(
      async () => membersOf('Place value'),
      (members) => members.length === 1 && members[0] === placed,
      'its number sends it back',
    );

    // F2 on a pile in the focus list renames it.
    await page.keyboard.press('Home');
    for (let i = 0; i < 100 && (await focused(page)).pileId !== pileId('Place value'); i++) await page.keyboard.press('ArrowRight');
    expect((await focused(page)).pileId).toBe(pileId('Place value'));
    for (const [from, to] of [
      ['Place value', 'Place value (tens)'],
      ['Place value (tens)', 'Place value'],
    ] as const) {
      const id = pileId(from);
      await page.keyboard.press('F2');
      const field = page.getByLabel('Pile name');
      await field.waitFor();
      expect(await field.inputValue()).toBe(from);
      await field.fill(to);
      await field.press('Enter');
      await field.waitFor({ state: 'detached' });
      await eventually(
        async () => listPiles(observer.doc).find((pile) => pile.id === id)?.title,
        (title) => title === to,
        `F2 renamed the pile to ${to}`,
      );
      await tabUntil(page, (now) => now.pileId === id, 'the renamed pile');
    }
  });

  it('the outline moves and reorders a card from its tree, and tells others’ changes without taking focus', async () => {
    await page.keyboard.press('Escape');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('o');
    const tree = page.getByRole('tree', { name: 'Board outline' });
    await tree.waitFor();
    await tabUntil(page, (now) => now.role === 'treeitem', 'the outline');

    // Down from "Unsorted" to its first card, which 2 sends to pile 2.
    await page.keyboard.press('ArrowDown');
    const first = await focused(page);
    expect(first.role).toBe('treeitem');
    expect(first.label).toContain(', unsorted');
    const target = listPiles(observer.doc).find((pile) => pile.title === 'Place value');
    const number = (await page.locator(`[data-testid="canvas-focus"] [data-pile-id="${target?.id}"]`).getAttribute('aria-label'))?.match(
      /^Pile (\d):/,
    )?.[1];
    await page.keyboard.press(number ?? '2');
    await eventually(
      async () => membersOf('Place value'),
      (members) => members.includes(first.cardId) && members.length === 2,
      'the card joined Place value',
    );
    // Focus followed the card into its new pile; Alt+↑ moves it before the card already there.
    await eventually(
      () => focused(page),
      (now) => now.cardId === first.cardId && now.label.includes('in Place value'),
      'focus followed the card',
    );
    await page.keyboard.press('Alt+ArrowUp');
    await eventually(
      async () => membersOf('Place value'),
      (members) => members[0] === first.cardId,
      'the card moved to the front of its pile',
    );
    await screenshot(page, 'outline-keyboard');

    // Someone else moves a card: the news arrives politely, and focus stays on my card.
    const moved = membersOf('Counts on')[0] ?? '';
    const student = getCard(observer.doc, moved)?.student ?? '';
    moveCards(observer.doc, layoutSortBoard({ cards: listCards(observer.doc), piles: listPiles(observer.doc) }), [moved], {
      pileId: null,
    });
    const announcer = page.getByTestId('announcer');
    expect(await announcer.getAttribute('aria-live')).toBe('polite');
    await eventually(
      () => announcer.textContent(),
      (text) => (text ?? '').includes(`${student} to Unsorted`),
      'the move is announced',
    );
    expect((await focused(page)).cardId).toBe(first.cardId);
  });

  it('a pile is renamed, recoloured and its notes written from the outline, all from the keyboard', async () => {
    // From the outline's tree: Home, then down to the pile "Counts on"; its panel is past Rename
    // (F2 or Enter renames it in place: conversation.e2e.test.ts).
    await tabUntil(page, (now) => now.role === 'treeitem', 'the outline');
    await page.keyboard.press('Home');
    for (let i = 0; i < 60 && !(await focused(page)).pileId; i++) await page.keyboard.press('ArrowDown');
    const pile = await focused(page);
    expect(pile.pileId).toBe(pileId('Counts on'));
    for (
      let i = 0;
      i < 5 && !(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid === 'outline-edit-pile'));
      i++
    ) {
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('pile-panel').waitFor();

    await tabUntil(page, (now) => now.label === 'Pile name', 'the pile name field');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Counts on by ones');
    await page.keyboard.press('Enter');
    await tabUntil(page, (now) => now.label.startsWith('Colour') && now.label.includes('sky blue'), 'the sky blue swatch');
    await page.keyboard.press('Enter');
    await tabUntil(page, (now) => now.label.startsWith('What are these students showing us'), 'the description');
    await page.keyboard.type('Jumps of one from 48');
    await tabUntil(page, (now) => now.label.startsWith('Next steps'), 'the next steps');
    await page.keyboard.type('Jumps of ten');

    await eventually(
      async () => listPiles(observer.doc).find((each) => each.id === pile.pileId),
      (found) =>
        found?.title === 'Counts on by ones' &&
        found.color === '#56b4e9' &&
        found.description === 'Jumps of one from 48' &&
        found.nextSteps === 'Jumps of ten',
      'the pile was renamed, recoloured and described for everyone',
    );
    await screenshot(page, 'keyboard-pile-panel');
  });
});
