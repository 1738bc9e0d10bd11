// Protocol mode in two browsers that share nothing but the server: the facilitator (owner link)
// starts the protocol, moves to the sort and starts its timer; a teacher's page (editor link) sees
// the same phase and the same timer counting down, without the facilitator's controls. A locked
// sort keeps the teacher's drag from moving anything, on screen and on the server.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCard } from '../../shared/schema/card.js';
import { listPiles } from '../../shared/schema/pile.js';
import { readProtocol } from '../../shared/schema/protocol.js';
import { type CreatedBoard, connectClient, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { center, eventually, nodeBox, waitForCards } from './board.js';
import { launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

const link = (server: TestServer, board: CreatedBoard, token: string) => `${server.url}/b/${board.id}#token=${token}`;

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
    const { context, page } = await openPage(browser, { name, width: 1366, height: 800 });
    contexts.push(context);
    await page.goto(link(server, board, token));
    await waitForCards(page, 1);
    await page.locator('[data-status="connected"]').waitFor();
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
    await teacher.mouse.up();
    await teacher.getByText('Sorting is locked by the facilitator').waitFor();
    await screenshot(teacher, 'protocol-teacher-locked');
    // A later edit that is allowed (the facilitator's timer pause) arrives; the drag never did.
    await facilitator.getByRole('button', { name: 'Pause timer' }).click();
    await waitFor(() => readProtocol(observer.doc).timer.startedAt === null, 'the pause reaches the observer');
    expect(getCard(observer.doc, cardId)?.pileId).toBe(before?.pileId);
  });
});
