// Building a share-out together: one teacher adds cards from their full-size view, another sees the
// sequence grow live and writes the question, the order follows the trajectory or the keyboard,
// and the link for the class shows the steps.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { listCards, placeCard } from '#shared/schema/card.js';
import { createPile } from '#shared/schema/pile.js';
import { createSequence, getSequence, listSequences } from '#shared/schema/sequence.js';
import { setTrajectory } from '#shared/trajectory.js';
import { type CreatedBoard, connectClient, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { center, nodeBox } from './board.js';
import { gotoBoard, launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

describe('building a share-out together', { timeout: 150_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let board: CreatedBoard;
  let doc: Y.Doc;
  const contexts: BrowserContext[] = [];
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    board = (await response.json()) as CreatedBoard;
    const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
    cleanups.push(() => client.provider.destroy());
    await waitForSync(client.provider);
    doc = client.doc;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
    await browser?.close();
    await server?.close();
  });

  async function open(name: string): Promise<Page> {
    const { context, page } = await openPage(browser, { name, width: 1440, height: 900 });
    contexts.push(context);
    await gotoBoard(page, server, board, board.tokens.editor, { cards: 5 });
    return page;
  }

  /** Opens a card's full-size view by clicking it on the canvas and adds it to the share-out. */
  async function addToShareOut(page: Page, cardId: string): Promise<void> {
    const box = await nodeBox(page, `#card-${cardId}`);
    if (!box) throw new Error('the card is not drawn');
    await page.mouse.click(center(box).x, center(box).y);
    const inspector = page.getByTestId('card-inspector');
    await inspector.waitFor();
    await inspector.getByTestId('add-to-shareout').click();
    await inspector.getByRole('button', { name: 'In the share-out' }).waitFor();
    await inspector.getByRole('button', { name: 'Close' }).click();
    await inspector.waitFor({ state: 'detached' });
  }

  it('one adds work, the other sees it live and writes the question; keys and the trajectory order it', async () => {
    const rivera = await open('Ms. Rivera');
    const chen = await open('Mr. Chen');
    // Three pieces of work, added against the order the team will give its strategies.
    const picks = listCards(doc).slice(0, 3);
    expect(picks).toHaveLength(3);
    for (const card of [...picks].reverse()) await addToShareOut(rivera, card.id);
    await waitFor(() => listSequences(doc)[0]?.steps.length === 3, 'the three steps reach the server');
    const sequenceId = listSequences(doc)[0]?.id as string;

    await chen.getByTestId('shareout-toggle').click();
    const panel = chen.getByTestId('shareout-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByRole('listitem').count()).toBe(3);
    const firstQuestion = panel.getByRole('listitem').first().getByLabel('Question for the class');
    await firstQuestion.fill('How did this student keep track?');
    await firstQuestion.press('Enter');
    await waitFor(
      () => getSequence(doc, sequenceId)?.steps[0]?.question === 'How did this student keep track?',
      'the question reaches the server',
    );

    // Ms. Rivera's panel shows Mr. Chen's question without anyone reloading.
    await rivera.getByTestId('shareout-toggle').click();
    const riveraPanel = rivera.getByTestId('shareout-panel');
    await expect.poll(() => riveraPanel.getByLabel('Question for the class').first().inputValue()).toBe('How did this student keep track?');

    // Alt+↓ moves the first step later, for everyone.
    const firstStep = getSequence(doc, sequenceId)?.steps[0]?.id;
    await riveraPanel.getByLabel('Question for the class').first().focus();
    await rivera.keyboard.press('Alt+ArrowDown');
    await waitFor(() => getSequence(doc, sequenceId)?.steps[1]?.id === firstStep, 'the step moved one later');

    // A teammate sorts the three into three strategies and orders them: the trajectory decides
    // the steps' order.
    const pileIds = ['Counts all', 'Counts on', 'Decomposes'].map((title, index) =>
      createPile(doc, { title, x: 2000 + index * 420, y: 0, w: 400, h: 300 }),
    );
    picks.forEach((card, index) => {
      placeCard(doc, card.id, { pileId: pileIds[index] ?? null, x: 0, y: 0 });
    });
    setTrajectory(doc, pileIds);
    await riveraPanel.getByRole('button', { name: 'Order along the trajectory' }).click();
    await waitFor(
      () =>
        getSequence(doc, sequenceId)
          ?.steps.map((step) => step.cardId)
          .join() === picks.map((card) => card.id).join(),
      'the steps follow the trajectory',
    );
    await screenshot(rivera, 'shareout-panel');

    // The class's link shows the sequence, its question included.
    await riveraPanel.getByRole('button', { name: 'Share with the class' }).click();
    const link = await riveraPanel.getByTestId('shareout-link').inputValue();
    expect(link).toMatch(new RegExp(`/share/${board.id}/${sequenceId}#token=`));
    const { context, page: classScreen } = await openPage(browser, { width: 1280, height: 800 });
    contexts.push(context);
    await classScreen.goto(link);
    await classScreen.getByText('Step 1 of 3').waitFor();
    // The question was written on the last pick's card, last along the trajectory: step 3.
    await classScreen.keyboard.press('ArrowRight');
    await classScreen.keyboard.press('ArrowRight');
    await classScreen.getByText('Step 3 of 3').waitFor();
    await classScreen.getByText('How did this student keep track?').waitFor();
  });

  it('the presenter steps through a sequence and everyone on the board sees the same step', async () => {
    const cards = listCards(doc).slice(3, 6);
    const sequenceId = createSequence(
      doc,
      'Tuesday, connect',
      cards.map((card, index) => ({ cardId: card.id, question: `Question ${index + 1}` })),
    );
    const rivera = await open('Ms. Rivera');
    const chen = await open('Mr. Chen');
    await rivera.getByTestId('shareout-toggle').click();
    const panel = rivera.getByTestId('shareout-panel');
    await panel.getByRole('combobox', { name: 'Sequence' }).selectOption(sequenceId);
    await panel.getByTestId('shareout-present').click();

    const onChen = chen.getByTestId('presentation');
    await onChen.waitFor();
    await onChen.getByText('Step 1 of 3').waitFor();
    await onChen.getByText('Question 1').waitFor();
    await onChen.getByText('Presented by Ms. Rivera').waitFor();
    const picture = onChen.getByRole('img', { name: /Student work, step 1/ });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // The picture came from the server masked, by a header-carried token: no token in any address.
    expect(await picture.getAttribute('src')).toMatch(/^blob:/);
    // Mr. Chen cannot step for everyone.
    expect(await onChen.getByRole('button', { name: /^Next/ }).count()).toBe(0);

    await rivera.keyboard.press('ArrowRight');
    await onChen.getByText('Step 2 of 3').waitFor();
    await onChen.getByText('Question 2').waitFor();
    await rivera.getByTestId('presentation').getByRole('button', { name: 'Show with the next one' }).click();
    await expect.poll(() => onChen.getByRole('img', { name: /Student work, step/ }).count()).toBe(2);
    await onChen.getByText('Question 3').waitFor();
    await screenshot(chen, 'shareout-presented-follower');

    await rivera.getByTestId('presentation').getByRole('button', { name: 'Stop presenting' }).click();
    await onChen.waitFor({ state: 'detached' });
  });
});
