// Protocol mode in two browsers that share nothing but the server: the facilitator (owner link)
// starts the protocol, moves to the sort and starts its timer; a teacher's page (editor link) sees
// the same phase and the same timer counting down, without the facilitator's controls. A locked
// sort keeps the teacher's drag from moving anything, on screen and on the server.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCard } from '#shared/schema/card.js';
import { listPiles } from '#shared/schema/pile.js';
import { readPrivateLayers } from '#shared/schema/privateSort.js';
import { readProtocol } from '#shared/schema/protocol.js';
import { type CreatedBoard, connectClient, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { center, contains, eventually, nodeBox } from './board.js';
import { launchBrowser, openBoard, screenshot, startAppServer } from './browser.js';

describe('protocol mode in the browser', { timeout: 90_000 }, () => {
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

  async function open(board: CreatedBoard, token: string, name: string): Promise<Page> {
    const { context, page } = await openBoard(browser, server, board, token, { name, width: 1366, height: 800, cards: 1 });
    contexts.push(context);
    return page;
  }

  const clock = async (page: Page) => (await page.getByTestId('protocol-timer').locator('.protocol-clock').textContent()) ?? '';

  it('the facilitator starts the sort phase and its timer; a second page sees the phase and the timer running', async () => {
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    expect(response.status).toBe(201);
    const board = (await response.json()) as CreatedBoard;
    const facilitator = await open(board, board.tokens.owner, 'Ms. Rivera');
    const teacher = await open(board, board.tokens.editor, 'Mr. Chen');

    // Only the facilitator is offered protocol mode.
    await facilitator.getByRole('button', { name: 'Start protocol' }).click();
    expect(await teacher.getByRole('button', { name: 'Start protocol' }).count()).toBe(0);
    await teacher.locator('[data-testid="protocol-bar"][data-phase="task"]').waitFor();
    const observer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => observer.provider.destroy());
    await waitForSync(observer.provider);

    // Phase 1: an anticipated strategy becomes an empty pile.
    await facilitator.getByLabel('Strategies we expect to see').fill('Counts on by tens');
    await facilitator.getByRole('button', { name: 'Add as a pile' }).click();
    await waitFor(() => listPiles(observer.doc).some((pile) => pile.title === 'Counts on by tens'), 'the anticipated pile is made');
    const pileId = listPiles(observer.doc).find((pile) => pile.title === 'Counts on by tens')?.id ?? '';

    await facilitator.getByRole('button', { name: 'Next phase' }).click();
    await facilitator.getByRole('button', { name: 'Start timer' }).click();

    await teacher.locator('[data-testid="protocol-bar"][data-phase="sort"]').waitFor();
    await teacher.locator('[data-testid="protocol-timer"][data-running="true"]').waitFor();
    expect(await teacher.getByText('Phase 2 of 4: Sort').count()).toBe(1);
    const first = await clock(teacher);
    // 35 minutes by default for the sort, counting down.
    expect(first).toMatch(/^3[45]:\d\d$/);
    await eventually(
      () => clock(teacher),
      (now) => now !== first && now < first,
      'the teacher’s timer counts down',
    );
    // The teacher reads the bar; only the facilitator drives it.
    expect(await teacher.getByRole('button', { name: 'Next phase' }).count()).toBe(0);
    expect(await teacher.getByRole('button', { name: 'Pause timer' }).count()).toBe(0);
    await screenshot(facilitator, 'protocol-facilitator');
    await screenshot(teacher, 'protocol-teacher');

    // The facilitator locks the sort: the teacher sees the lock, and a drag moves nothing anywhere.
    await facilitator.getByRole('button', { name: 'Lock Sort: its work can no longer change' }).click();
    await teacher.getByRole('img', { name: 'Sort is locked' }).waitFor();
    await waitFor(() => readProtocol(observer.doc).locks.sort, 'the lock reaches a program reading the board');
    const cardId = await teacher.evaluate(() => String(window.Konva?.stages[0]?.find('.card')[0]?.getAttr('cardId')));
    const before = getCard(observer.doc, cardId);
    const card = await nodeBox(teacher, `#card-${cardId}`);
    const pile = await nodeBox(teacher, `#pile-${pileId}`);
    expect(card && pile).toBeTruthy();
    if (!card || !pile) return;
    const from = center(card);
    const to = center(pile);
    await teacher.mouse.move(from.x, from.y);
    await teacher.mouse.down();
    await teacher.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await teacher.mouse.move(to.x, to.y, { steps: 5 });
    // The card never lifts: the refusal comes at the pointer, before any drop (issue 19).
    await teacher
      .getByTestId('lock-notice')
      .getByText(/locked sorting|Sorting is locked/)
      .waitFor();
    await teacher.mouse.up();
    await screenshot(teacher, 'protocol-teacher-locked');
    // A later edit that is allowed (the facilitator's timer pause) arrives; the drag never did.
    await facilitator.getByRole('button', { name: 'Pause timer' }).click();
    await waitFor(() => readProtocol(observer.doc).timer.startedAt === null, 'the pause reaches the observer');
    expect(getCard(observer.doc, cardId)?.pileId).toBe(before?.pileId);

    // Phase 3: every page lists the piles still to describe; one click opens a pile's panel.
    await facilitator.getByRole('button', { name: 'Next phase' }).click();
    await teacher.getByText('0 of 1 piles say what they show').waitFor();
    await teacher.getByTestId('pile-progress').getByRole('button', { name: 'Counts on by tens' }).click();
    await teacher.getByTestId('pile-panel').waitFor();
    // Once the facilitator locks the trends, the description reads only, as the server would refuse it.
    await teacher.locator('#pile-description:not([readonly])').waitFor();
    await facilitator.getByRole('button', { name: 'Lock Trends: its work can no longer change' }).click();
    await teacher.locator('#pile-description[readonly]').waitFor();
    expect(await teacher.locator('#pile-next-steps[readonly]').count()).toBe(0);
  });

  /** Drags a card onto a pile's centre, as a person does with the mouse. */
  async function dragCard(page: Page, cardId: string, pileId: string): Promise<void> {
    const card = await nodeBox(page, `#card-${cardId}`);
    const pile = await nodeBox(page, `#pile-${pileId}`);
    if (!card || !pile) throw new Error('card or pile not drawn');
    const from = center(card);
    const to = { x: pile.x + pile.width / 2, y: pile.y + Math.min(pile.height / 2, 90) };
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 5 });
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
  }

  /** The card drawn lowest on the page: clear of the protocol bar at the top. */
  async function lowestCard(page: Page): Promise<string> {
    const ids = await page.evaluate(() => (window.Konva?.stages[0]?.find('.card') ?? []).map((node) => String(node.getAttr('cardId'))));
    let best = { id: '', y: -1 };
    for (const id of ids) {
      const box = await nodeBox(page, `#card-${id}`);
      if (box && box.y > best.y) best = { id, y: box.y };
    }
    return best.id;
  }

  it('private first: each page sorts on its own layer, then the disagreement view settles a card for everyone', async () => {
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    const board = (await response.json()) as CreatedBoard;
    const facilitator = await open(board, board.tokens.owner, 'Ms. Rivera');
    const teacher = await open(board, board.tokens.editor, 'Mr. Chen');
    const observer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => observer.provider.destroy());
    await waitForSync(observer.provider);

    await facilitator.getByRole('button', { name: 'Start protocol' }).click();
    for (const title of ['Counts on by tens', 'Compensation']) {
      await facilitator.getByLabel('Strategies we expect to see').fill(title);
      await facilitator.getByRole('button', { name: 'Add as a pile' }).click();
      await waitFor(() => listPiles(observer.doc).some((pile) => pile.title === title), `the pile ${title} is made`);
    }
    const pileIdOf = (title: string) => listPiles(observer.doc).find((pile) => pile.title === title)?.id ?? '';
    await facilitator.getByRole('button', { name: 'Next phase' }).click();
    await facilitator.getByRole('button', { name: 'Sort privately first' }).click();
    await teacher.getByText('Private sort: you are sorting on your own layer').waitFor();
    for (const page of [facilitator, teacher]) {
      // Fit the board so both piles are in view, then let the bar settle.
      await page.keyboard.press('0');
    }
    const cardId = await lowestCard(teacher);

    // Each puts the same card in a different pile; neither sees the other's choice, nor does the board.
    // A card someone is dragging cannot be grabbed by another until their drag ends (presence), so
    // the second person waits for that, as people do.
    const nobodyDragging = () => [...observer.provider.awareness.getStates().values()].every((state) => !state.drag);
    // Nor does anyone's presence show what they drag while sorting privately.
    let dragsSeen = 0;
    const countDrags = () => {
      if (!nobodyDragging()) dragsSeen++;
    };
    observer.provider.awareness.on('change', countDrags);
    await dragCard(teacher, cardId, pileIdOf('Counts on by tens'));
    await waitFor(() => readPrivateLayers(observer.doc).size === 1 && nobodyDragging(), 'the first private placement, and the drag ended');
    await dragCard(facilitator, cardId, pileIdOf('Compensation'));
    await waitFor(() => readPrivateLayers(observer.doc).size === 2, 'both private layers reach the server');
    const placements = [...readPrivateLayers(observer.doc).values()].map((layer) => [layer.name, layer.placements.get(cardId)?.pileId]);
    expect(new Map(placements as [string, string][])).toEqual(
      new Map([
        ['Mr. Chen', pileIdOf('Counts on by tens')],
        ['Ms. Rivera', pileIdOf('Compensation')],
      ]),
    );
    expect(getCard(observer.doc, cardId)?.pileId).toBeNull();
    observer.provider.awareness.off('change', countDrags);
    expect(dragsSeen).toBe(0);
    const inPile = async (page: Page, pileId: string) => {
      const card = await nodeBox(page, `#card-${cardId}`);
      const pile = await nodeBox(page, `#pile-${pileId}`);
      return card !== null && pile !== null && contains(pile, center(card));
    };
    // Cards glide to their place: wait for each page to draw it in that person's pile.
    await eventually(() => inPile(teacher, pileIdOf('Counts on by tens')), Boolean, 'the teacher sees it in their pile');
    await eventually(() => inPile(facilitator, pileIdOf('Compensation')), Boolean, 'the facilitator sees it in theirs');

    // Revealed: the teacher's page lists the card with who put it where, and settles it.
    await facilitator.getByRole('button', { name: 'Reveal and compare' }).click();
    const list = teacher.getByTestId('disagreements');
    await list.getByText('Mr. Chen').waitFor();
    await list.getByText('Ms. Rivera').waitFor();
    await screenshot(teacher, 'protocol-disagreements');
    await list.getByRole('button', { name: 'Put it in Compensation' }).click();
    await waitFor(() => getCard(observer.doc, cardId)?.pileId === pileIdOf('Compensation'), 'the settled card moves on the board');
    await facilitator.getByText('Everyone who placed a card agreed. Nothing left to settle.').waitFor();
    await eventually(
      () => inPile(facilitator, pileIdOf('Compensation')),
      (inside) => inside,
      'the settled card is drawn in its pile on the other page',
    );
  });

  it('a move made offline while the facilitator locks the sort is refused by the server; the page reloads the board and says why', async () => {
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    const board = (await response.json()) as CreatedBoard;
    const facilitator = await open(board, board.tokens.owner, 'Ms. Rivera');
    const teacher = await open(board, board.tokens.editor, 'Mr. Chen');
    const observer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => observer.provider.destroy());
    await waitForSync(observer.provider);
    await facilitator.getByRole('button', { name: 'Start protocol' }).click();
    await facilitator.getByLabel('Strategies we expect to see').fill('Counts on by tens');
    await facilitator.getByRole('button', { name: 'Add as a pile' }).click();
    await waitFor(() => listPiles(observer.doc).length === 1, 'the pile is made');
    const pileId = listPiles(observer.doc)[0]?.id ?? '';
    await facilitator.getByRole('button', { name: 'Next phase' }).click();
    await teacher.locator('[data-testid="protocol-bar"][data-phase="sort"]').waitFor();
    await teacher.keyboard.press('0');
    const cardId = await lowestCard(teacher);

    // The teacher's connection drops; they keep sorting, as the app lets them.
    await teacher.context().setOffline(true);
    await teacher.locator('[data-status="reconnecting"], [data-status="offline"]').waitFor({ timeout: 15_000 });
    await dragCard(teacher, cardId, pileId);
    await eventually(
      async () => {
        const card = await nodeBox(teacher, `#card-${cardId}`);
        const pile = await nodeBox(teacher, `#pile-${pileId}`);
        return card !== null && pile !== null && contains(pile, center(card));
      },
      Boolean,
      'the offline move shows on the teacher’s page',
    );

    // Meanwhile the facilitator locks the sort; when the teacher is back, the server refuses the move.
    await facilitator.getByRole('button', { name: 'Lock Sort: its work can no longer change' }).click();
    await waitFor(() => readProtocol(observer.doc).locks.sort, 'the lock reaches the server');
    await teacher.context().setOffline(false);
    await teacher.getByText('That change was not saved').waitFor({ timeout: 20_000 });
    await teacher.locator('[data-status="connected"]').waitFor({ timeout: 20_000 });
    await eventually(
      async () => {
        const card = await nodeBox(teacher, `#card-${cardId}`);
        const pile = await nodeBox(teacher, `#pile-${pileId}`);
        return card !== null && pile !== null && !contains(pile, center(card));
      },
      Boolean,
      'the reloaded page shows the card where the board has it',
    );
    await teacher.getByRole('img', { name: 'Sort is locked' }).waitFor();
    await screenshot(teacher, 'protocol-refused');
    expect(getCard(observer.doc, cardId)?.pileId).toBeNull();
  });
});
