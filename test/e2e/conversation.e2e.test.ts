// Where the protocol's conversation happens, the work is in front of the team (issue 25): the
// disputed work large with its pins beside its candidate piles, following the facilitator; the
// phase strip never over a pile; a tier-name reminder that stays on the pile until renamed or
// dismissed; "moved by" and focus students by what happened to them in a comparison; the outline's
// in-place rename with focus kept in the tree; focus students visible at the board's fit zoom.
// Two browser contexts share nothing but the server, like two laptops.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { CARD_WIDTH } from '#shared/layout.js';
import { getCard, listCards } from '#shared/schema/card.js';
import { addPin } from '#shared/schema/comments.js';
import { setFocusStudent } from '#shared/schema/focus.js';
import { createPile, getPile, listPiles } from '#shared/schema/pile.js';
import { placePrivately, readPrivateLayers, readSettled, setPrivateSorter } from '#shared/schema/privateSort.js';
import { readProtocol } from '#shared/schema/protocol.js';
import { widthForColumns } from '#shared/sortLayout.js';
import { type CreatedBoard, connectClient, type TestServer, waitFor, waitForServerToHold, waitForSync } from '../fixtures/server.js';
import { seriousViolations } from './axe.js';
import { eventually, type ScreenBox, waitForCards } from './board.js';
import { launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

const WIDTHS = [1024, 1280, 1920] as const;
const PILE_COLORS = ['#56b4e9', '#e69f00', '#009e73'];
const heightFor = (width: number) => (width >= 1920 ? 1080 : width >= 1280 ? 800 : 768);

describe('the protocol’s conversation moments show the work', { timeout: 120_000 }, () => {
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

  async function demoBoard(): Promise<{ board: CreatedBoard; doc: Y.Doc }> {
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    expect(response.status).toBe(201);
    const board = (await response.json()) as CreatedBoard;
    // A program on the board with an editor's link: it arranges what a team would have done before.
    const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
    cleanups.push(() => client.provider.destroy());
    await waitForSync(client.provider);
    await waitFor(() => listCards(client.doc).length > 10, 'the demo class set is there');
    return { board, doc: client.doc };
  }

  async function open(board: CreatedBoard, token: string, name: string, width = 1280): Promise<Page> {
    const { context, page } = await openPage(browser, { name, width, height: heightFor(width) });
    contexts.push(context);
    await page.goto(`${server.url}/b/${board.id}#token=${token}`);
    await waitForCards(page, 1);
    await page.locator('[data-status="connected"]').waitFor();
    return page;
  }

  /** Piles to the right of the unsorted area, in a row, each holding `cards` cards. */
  function makePiles(doc: Y.Doc, titles: string[], cardsEach = 0): string[] {
    const free = listCards(doc).filter((card) => card.pileId === null);
    const ids: string[] = [];
    doc.transact(() => {
      titles.forEach((title, i) => {
        const color = PILE_COLORS[i % PILE_COLORS.length];
        const id = createPile(doc, { title, color, x: 1400 + i * (widthForColumns(2) + 40), y: 0, w: widthForColumns(2), h: 560 });
        ids.push(id);
        for (const card of free.splice(0, cardsEach)) moveTo(doc, card.id, id);
      });
    });
    return ids;
  }

  function moveTo(doc: Y.Doc, cardId: string, pileId: string | null): void {
    const map = doc.getMap('cards').get(cardId) as Y.Map<unknown>;
    map.set('pileId', pileId);
    map.set('order', Date.now());
  }

  async function box(page: Page, selector: string): Promise<ScreenBox> {
    const found = await page.locator(selector).first().boundingBox();
    if (!found) throw new Error(`${selector} is not on screen`);
    return found;
  }

  it('the disputed work is shown large with its pins beside its candidate piles, on every screen, following the facilitator', async () => {
    const { board, doc } = await demoBoard();
    const [tens, compensation] = makePiles(doc, ['Counts on by tens', 'Compensation'], 3) as [string, string];
    const facilitator = await open(board, board.tokens.owner, 'Ms. Rivera', 1280);
    const teacher = await open(board, board.tokens.editor, 'Mr. Chen', 1024);

    await facilitator.getByRole('button', { name: 'Start protocol' }).click();
    await facilitator.getByRole('button', { name: 'Next phase' }).click();
    await facilitator.getByRole('button', { name: 'Sort privately first' }).click();
    await teacher.getByText('Private sort: you are sorting on your own layer').waitFor();

    // Two people placed two cards differently on their own layers (the private sort itself is
    // driven through the canvas in protocol.e2e.test.ts); the first card carries two evidence pins.
    const disputed = listCards(doc)
      .filter((card) => card.pileId === null)
      .slice(0, 2);
    const [first, second] = disputed.map((card) => card.id) as [string, string];
    const page = getCard(doc, first)?.pages[0] ?? '';
    doc.transact(() => {
      setPrivateSorter(doc, { id: 'sorter-ana', name: 'Ana (teacher)', color: '#0072b2' });
      setPrivateSorter(doc, { id: 'sorter-raj', name: 'Raj (coach)', color: '#d55e00' });
      placePrivately(
        doc,
        'sorter-ana',
        new Map([
          [first, { pileId: tens, order: 1 }],
          [second, { pileId: tens, order: 2 }],
        ]),
      );
      placePrivately(
        doc,
        'sorter-raj',
        new Map([
          [first, { pileId: compensation, order: 1 }],
          [second, { pileId: compensation, order: 2 }],
        ]),
      );
      addPin(doc, {
        cardId: first,
        page,
        region: { x: 0.1, y: 0.3, w: 0.5, h: 0.2 },
        text: 'Adds 40 + 20 first',
        author: { name: 'Ana (teacher)', color: '#0072b2' },
      });
      addPin(doc, {
        cardId: first,
        page,
        region: { x: 0.2, y: 0.6, w: 0.4, h: 0.15 },
        text: 'Then 8 + 7 = 15',
        author: { name: 'Raj (coach)', color: '#d55e00' },
      });
    });
    await waitFor(() => readPrivateLayers(doc).size === 2, 'the two layers are on the board');

    // The reveal puts the first disputed card in front of everyone.
    await facilitator.getByRole('button', { name: 'Reveal and compare' }).click();
    for (const each of [facilitator, teacher]) {
      const view = each.getByTestId('disagreements');
      await each.locator(`[data-testid="disagreements"][data-card-id="${first}"]`).waitFor();
      // The work itself, large: its picture loaded and filling much of the screen.
      const image = view.getByTestId('disputed-page').locator('img');
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      const shown = await view.getByTestId('disputed-page').boundingBox();
      expect(shown?.height ?? 0).toBeGreaterThan(heightFor(each === facilitator ? 1280 : 1024) * 0.45);
      // Its pins, drawn on the page and listed with who made them.
      expect(await view.getByTestId('disputed-pin').count()).toBe(2);
      await view.getByText('Adds 40 + 20 first').waitFor();
      await view.getByText('Then 8 + 7 = 15').waitFor();
      // Beside it, each candidate pile with who put it there and the work already in it.
      const piles = view.locator('.disagreement-pile');
      expect(await piles.count()).toBe(2);
      const tensPile = view.locator(`.disagreement-pile[data-pile-id="${tens}"]`);
      await tensPile.getByText('Ana (teacher)').waitFor();
      expect(await tensPile.locator('.disagreement-samples img').count()).toBe(3);
      await view.locator(`.disagreement-pile[data-pile-id="${compensation}"]`).getByText('Raj (coach)').waitFor();
      await view.getByText('Card 1 of 2 to settle').waitFor();
    }
    await teacher.getByText('Following the facilitator').waitFor();
    expect(await seriousViolations(teacher, '[data-testid="disagreements"]')).toEqual([]);
    expect(await seriousViolations(teacher, '.protocol-dock')).toEqual([]);
    expect(await teacher.getByRole('button', { name: 'Next card' }).count()).toBe(1);

    // Screenshots at the three widths, of the facilitator's screen.
    for (const width of WIDTHS) {
      await facilitator.setViewportSize({ width, height: heightFor(width) });
      await expect
        .poll(async () => (await facilitator.getByTestId('disputed-page').boundingBox())?.height ?? 0)
        .toBeGreaterThan(heightFor(width) * 0.45);
      await screenshot(facilitator, `disagreement-${width}`);
    }
    await screenshot(teacher, 'disagreement-teacher-1024');

    // The facilitator moves on: every screen follows.
    await facilitator.getByRole('button', { name: 'Next card' }).click();
    await waitFor(() => readProtocol(doc).discussing === second, 'the next card is under discussion');
    await teacher.locator(`[data-testid="disagreements"][data-card-id="${second}"]`).waitFor();

    // The teacher steps back to the board; the facilitator's next choice brings the work back.
    await teacher.getByRole('button', { name: 'Back to the board', exact: true }).click();
    await teacher.getByTestId('disagreements').waitFor({ state: 'detached' });
    await teacher.getByRole('button', { name: 'Show the disputed work' }).waitFor();
    await facilitator.getByRole('button', { name: 'Previous card' }).click();
    await teacher.locator(`[data-testid="disagreements"][data-card-id="${first}"]`).waitFor();

    // The team settles the first card from the teacher's screen: it moves for everyone, and
    // every screen goes on to the card still in dispute.
    await teacher.getByRole('button', { name: 'Put it in Compensation' }).click();
    await waitFor(() => getCard(doc, first)?.pileId === compensation && readSettled(doc).has(first), 'the card is settled');
    for (const each of [facilitator, teacher]) {
      await each.locator(`[data-testid="disagreements"][data-card-id="${second}"]`).waitFor();
    }
    await facilitator.getByRole('button', { name: 'Back to the board for everyone' }).click();
    await teacher.getByTestId('disagreements').waitFor({ state: 'detached' });
    await teacher.getByText('1 to settle').waitFor();
  });

  it('the phase strip sits above the board at 1024, 1280 and 1920 wide: no pile name or count is under it', async () => {
    const { board, doc } = await demoBoard();
    makePiles(doc, ['Counts on by tens', 'Compensation', 'Splits into tens and ones'], 2);
    const facilitator = await open(board, board.tokens.owner, 'Ms. Rivera');
    await facilitator.keyboard.press('0');
    // Off, the protocol is one button among the board's actions in the toolbar, above the canvas:
    // on a board larger than the screen, a corner of the canvas has work in it too.
    await facilitator.locator('.toolbar .protocol-start').waitFor();
    const start = await box(facilitator, '.protocol-start');
    const canvas = await box(facilitator, '.board-canvas');
    expect(start.y + start.height).toBeLessThanOrEqual(canvas.y);
    await screenshot(facilitator, 'protocol-idle-1280');
    await facilitator.getByRole('button', { name: 'Start protocol' }).click();
    await facilitator.getByRole('button', { name: 'Next phase' }).click();
    for (const width of WIDTHS) {
      const { context, page } = await openPage(browser, { name: 'Mr. Chen', width, height: heightFor(width) });
      contexts.push(context);
      await page.goto(`${server.url}/b/${board.id}#token=${board.tokens.editor}`);
      await waitForCards(page, 1);
      await page.locator('[data-testid="protocol-bar"][data-phase="sort"]').waitFor();
      await page.keyboard.press('0');
      const strip = await box(page, '.protocol-dock');
      const area = await box(page, '.board-area');
      expect(strip.y + strip.height).toBeLessThanOrEqual(area.y + 1);
      // Every pile header drawn on the canvas is below the strip, inside the board area.
      const headers = await page.evaluate(() => {
        const stage = window.Konva?.stages[0];
        if (!stage) return [];
        const offset = stage.container().getBoundingClientRect();
        return stage.find('.pile').map((node) => {
          const rect = node.getClientRect();
          return { y: rect.y + offset.top, x: rect.x + offset.left };
        });
      });
      expect(headers.length).toBeGreaterThanOrEqual(3);
      for (const header of headers) expect(header.y).toBeGreaterThanOrEqual(strip.y + strip.height);
      await screenshot(page, `protocol-strip-${width}`);
    }
  });

  it('a tier-like pile name keeps its reminder on the pile on every screen until renamed or dismissed', async () => {
    const { board, doc } = await demoBoard();
    const [pileId] = makePiles(doc, ['Counts on by tens'], 2) as [string];
    const maria = await open(board, board.tokens.editor, 'Maria', 1024);
    const jamal = await open(board, board.tokens.editor, 'Jamal', 1280);
    await maria.keyboard.press('0');
    await jamal.keyboard.press('0');

    // Renamed to "High" on Maria's canvas: Enter saves, and the reminder stays on the pile, for both.
    const field = maria.locator('input.pile-title-editor');
    // F2 on the pile, reached from the board's keyboard list, opens its name on the canvas.
    await maria.locator(`[data-testid="canvas-focus"] [data-pile-id="${pileId}"]`).focus();
    await maria.keyboard.press('F2');
    await field.waitFor();
    await field.fill('High');
    // While typing, the reminder under the field is whole on screen, even for a pile at the right edge.
    const hint = maria.locator('.pile-title-tier-hint .tier-hint');
    await hint.waitFor();
    const hintBox = await hint.boundingBox();
    expect((hintBox?.x ?? 0) + (hintBox?.width ?? 0)).toBeLessThanOrEqual(1024);
    expect(hintBox?.x ?? -1).toBeGreaterThanOrEqual(0);
    await screenshot(maria, 'tier-typing-1024');
    await field.press('Enter');
    await waitFor(() => getPile(doc, pileId)?.title === 'High', 'the pile is renamed');
    for (const page of [maria, jamal]) {
      const mark = page.locator(`[data-testid="tier-mark"][data-pile-id="${pileId}"]`);
      await mark.waitFor();
      expect(await mark.textContent()).toContain('“High” sounds like a level');
      // Whole on screen: never cut off at the right edge.
      const shown = await mark.boundingBox();
      const width = page.viewportSize()?.width ?? 0;
      expect((shown?.x ?? 0) + (shown?.width ?? 0)).toBeLessThanOrEqual(width);
    }
    // It stays with the pile as the board moves.
    await jamal.keyboard.press('-');
    await jamal.locator(`[data-testid="tier-mark"][data-pile-id="${pileId}"]`).waitFor();
    for (const width of WIDTHS) {
      await maria.setViewportSize({ width, height: heightFor(width) });
      await maria.keyboard.press('0');
      await maria.locator(`[data-testid="tier-mark"][data-pile-id="${pileId}"]`).waitFor();
      await screenshot(maria, `tier-mark-${width}`);
    }

    // Jamal dismisses it: gone on both screens, and the dismissal is the team's.
    await jamal.getByRole('button', { name: 'Dismiss the reminder on High' }).click();
    await waitFor(() => getPile(doc, pileId)?.tierReminderDismissed === 'High', 'the dismissal is on the board');
    await maria.locator('[data-testid="tier-mark"]').waitFor({ state: 'detached' });

    // Another tier name brings it back; a name for the thinking takes it away for good.
    doc.transact(() => (doc.getMap('piles').get(pileId) as Y.Map<unknown>).set('title', 'Level 2'));
    await maria.locator(`[data-testid="tier-mark"][data-pile-id="${pileId}"]`).waitFor();
    expect(await seriousViolations(maria, '[data-testid="tier-mark"]')).toEqual([]);
    await maria.getByRole('button', { name: /Rename Level 2$/ }).click();
    const again = maria.locator('input.pile-title-editor');
    await again.fill('Adds tens, then ones');
    await again.press('Enter');
    await waitFor(() => getPile(doc, pileId)?.title === 'Adds tens, then ones', 'renamed for the thinking');
    await maria.locator('[data-testid="tier-mark"]').waitFor({ state: 'detached' });
    // On Jamal's screen too, once the rename has reached it (it was seen still on its way).
    await expect.poll(() => jamal.locator('[data-testid="tier-mark"]').count(), { timeout: 5000 }).toBe(0);
  });

  it('the outline renames a pile in place with F2 or Enter, keeps focus in the tree, and keeps typed letters from the board', async () => {
    const { board, doc } = await demoBoard();
    const [pileId] = makePiles(doc, ['Counts on'], 1) as [string];
    const page = await open(board, board.tokens.editor, 'Maria');
    await page.keyboard.press('o');
    const tree = page.getByRole('tree', { name: 'Board outline' });
    await tree.waitFor();
    const pileItem = tree.locator(`[role="treeitem"][data-pile-id="${pileId}"]`);
    await pileItem.click();
    const isFocused = () => pileItem.evaluate((node) => node === document.activeElement);
    await expect.poll(isFocused).toBe(true);

    await page.keyboard.press('F2');
    const field = tree.getByRole('textbox', { name: /^New name for 1\. Counts on/ });
    await field.waitFor();
    expect(await field.inputValue()).toBe('Counts on');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Counts on by ones');
    await screenshot(page, 'outline-rename');
    expect(await seriousViolations(page, '[data-testid="outline"]')).toEqual([]);
    await page.keyboard.press('Enter');
    await waitFor(() => getPile(doc, pileId)?.title === 'Counts on by ones', 'F2 renamed the pile');
    await field.waitFor({ state: 'detached' });
    await expect.poll(isFocused).toBe(true);

    // Enter does the same; Escape keeps the name, and focus is back on the pile.
    await page.keyboard.press('Enter');
    await field.waitFor();
    await page.keyboard.type('nnn');
    await page.keyboard.press('Escape');
    await field.waitFor({ state: 'detached' });
    await expect.poll(isFocused).toBe(true);
    expect(getPile(doc, pileId)?.title).toBe('Counts on by ones');

    // Past the tree, on the outline's buttons, letters are not the board's shortcuts: no stray pile.
    const piles = listPiles(doc).length;
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="outline"]') !== null)).toBe(true);
    await page.keyboard.press('n');
    await page.keyboard.press('Tab');
    await page.keyboard.press('n');
    // A change that does reach the board (a rename from the tree) arrives after the keys: none of them made a pile.
    await pileItem.click();
    await page.keyboard.press('F2');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Counts on by ones from 48');
    await page.keyboard.press('Enter');
    await waitFor(() => getPile(doc, pileId)?.title === 'Counts on by ones from 48', 'the later rename arrives');
    expect(listPiles(doc).length).toBe(piles);
  });

  it('a comparison says who moved each card, and lists the focus students by what happened to them', async () => {
    const { board, doc } = await demoBoard();
    const [tens, compensation] = makePiles(doc, ['Counts on by tens', 'Compensation'], 2) as [string, string];
    const unsorted = listCards(doc).filter((card) => card.pileId === null);
    const [forMaria, forJamal, stays] = unsorted as [(typeof unsorted)[0], (typeof unsorted)[0], (typeof unsorted)[0]];
    const focusMoved = listCards(doc).find((card) => card.pileId === tens) as (typeof unsorted)[0];
    doc.transact(() => {
      setFocusStudent(doc, stays.id, true, 1);
      setFocusStudent(doc, focusMoved.id, true, 2);
    });
    // The snapshot is taken from what the server holds: the piles and focus marks must be there first.
    await waitForServerToHold(server.wsUrl, board.id, board.tokens.editor, doc);
    const snapshot = await fetch(`${server.url}/api/boards/${board.id}/snapshots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.editor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Before the reteach' }),
    });
    expect(snapshot.status).toBe(201);

    // Two people, each on their own laptop, move cards from the outline.
    const maria = await open(board, board.tokens.editor, 'Maria (teacher)');
    const jamal = await open(board, board.tokens.editor, 'Jamal (interventionist)');
    const moveFromOutline = async (page: Page, cardId: string, pileId: string) => {
      if ((await page.getByRole('tree', { name: 'Board outline' }).count()) === 0) await page.keyboard.press('o');
      const outline = page.getByTestId('outline');
      await outline.locator(`[role="treeitem"][data-card-id="${cardId}"]`).click();
      await outline.getByLabel('Move to pile').selectOption(pileId);
      await waitFor(() => getCard(doc, cardId)?.pileId === pileId, 'the move reaches the board');
    };
    await moveFromOutline(maria, forMaria.id, tens);
    await moveFromOutline(jamal, forJamal.id, compensation);
    await moveFromOutline(jamal, focusMoved.id, compensation);

    await maria.keyboard.press('o');
    await maria.getByRole('button', { name: 'Export' }).click();
    await maria.getByRole('button', { name: 'Snapshots and comparing sorts…' }).click();
    await maria.getByRole('button', { name: 'Compare sorts…' }).click();
    const dialog = maria.getByRole('dialog', { name: 'Compare two sorts' });
    await dialog.getByLabel('Before').selectOption({ label: 'Before the reteach' });
    await dialog.getByLabel('After').selectOption({ label: 'Now (live board)' });
    const rows = dialog.locator('.compare-movements tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const movedBy = async (student: string) =>
      (await dialog.locator('.compare-movements tbody tr', { hasText: student }).locator('td.compare-moved-by').textContent())?.trim();
    expect(await movedBy(forMaria.student)).toBe('Maria (teacher)');
    expect(await movedBy(forJamal.student)).toBe('Jamal (interventionist)');
    expect(await movedBy(focusMoved.student)).toBe('Jamal (interventionist)');
    // The focus student who stayed is not under "Who moved"; the focus list says what happened to each.
    expect(await dialog.locator('.compare-movements tbody tr', { hasText: stays.student }).count()).toBe(0);
    const focus = dialog.getByTestId('compare-focus');
    expect((await focus.locator('li[data-outcome="stayed"]').textContent()) ?? '').toContain(`${stays.student}`);
    expect((await focus.locator('li[data-outcome="stayed"]').textContent()) ?? '').toContain('Stayed in Unsorted');
    expect((await focus.locator('li[data-outcome="moved"]').textContent()) ?? '').toContain(
      'Moved from Counts on by tens to Compensation, by Jamal (interventionist)',
    );
    await screenshot(maria, 'compare-moved-by');
    expect(await seriousViolations(maria, '[data-testid="compare-focus"]')).toEqual([]);
  });

  it('a focus student stands out at the board’s fit zoom, at 1024, 1280 and 1920 wide', async () => {
    const { board, doc } = await demoBoard();
    const focusCard = listCards(doc)[5];
    if (!focusCard) throw new Error('no card');
    setFocusStudent(doc, focusCard.id, true, 1);
    const page = await open(board, board.tokens.viewer, 'Observer', 1024);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: heightFor(width) });
      await page.keyboard.press('0');
      // Zoomed out further than the fit, as on a crowded board.
      await page.keyboard.press('-');
      await page.keyboard.press('-');
      const measured = await eventually(
        () =>
          page.evaluate((id) => {
            const stage = window.Konva?.stages[0];
            const card = stage?.findOne(`#card-${id}`) as unknown as
              | {
                  findOne(s: string): { getClientRect(): { width: number; height: number } } | undefined;
                  getClientRect(): { width: number };
                }
              | undefined;
            const tab = card?.findOne('.focus-tab');
            const cardBox = stage?.findOne(`#card-${id}`)?.getClientRect();
            return tab && cardBox ? { tab: tab.getClientRect(), card: cardBox.width } : null;
          }, focusCard.id),
        (value) => value !== null,
        'the focus mark is drawn',
      );
      // The card is small on screen, its focus tab is not.
      expect(measured?.card ?? 0).toBeLessThan(CARD_WIDTH);
      expect(measured?.tab.height ?? 0).toBeGreaterThanOrEqual(23);
      await screenshot(page, `focus-far-${width}`);
    }
  });
});
