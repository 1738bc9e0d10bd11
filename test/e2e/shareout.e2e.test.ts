// The class's share-out page in the browser: a teacher shares a sequence of the demo board, the
// class's screen shows one piece of work at a time with its question, steps with the arrow keys,
// pairs two pieces to connect them, and shows a clear page once the link is revoked.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCards } from '#shared/schema/card.js';
import { createSequence } from '#shared/schema/sequence.js';
import { type CreatedBoard, connectClient, type TestServer, waitForSync } from '../fixtures/server.js';
import { launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

describe('a share-out for the class', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let board: CreatedBoard;
  let sequenceId: string;
  let students: string[];
  const contexts: BrowserContext[] = [];
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    expect(response.status).toBe(201);
    board = (await response.json()) as CreatedBoard;
    const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
    cleanups.push(() => client.provider.destroy());
    await waitForSync(client.provider);
    const cards = listCards(client.doc).slice(0, 3);
    students = cards.map((card) => card.student).filter(Boolean);
    expect(students.length).toBe(3);
    sequenceId = createSequence(client.doc, 'Share-out, Tuesday', [
      { cardId: cards[0]?.id as string, question: 'How did this student count?', note: 'Start with counting all.' },
      { cardId: cards[1]?.id as string, question: 'What did this student do with the tens?' },
      { cardId: cards[2]?.id as string, region: { x: 0, y: 0.3, w: 1, h: 0.5 }, question: 'How is this like the last one?' },
    ]);
    // The server holds the sequence before anyone shares it.
    const viewer = { authorization: `Bearer ${board.tokens.viewer}` };
    for (let tries = 0; tries < 100; tries++) {
      if ((await fetch(`${server.url}/api/boards/${board.id}/sequences/${sequenceId}`, { headers: viewer })).ok) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
    await browser?.close();
    await server?.close();
  });

  async function share(): Promise<string> {
    const response = await fetch(`${server.url}/api/boards/${board.id}/sequences/${sequenceId}/share`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.editor}` },
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { url: string }).url;
  }

  async function open(url: string, width = 1280, height = 800): Promise<Page> {
    const { context, page } = await openPage(browser, { width, height });
    contexts.push(context);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}${url}`);
    cleanups.push(() => expect(errors).toEqual([]));
    return page;
  }

  it('shows one piece of work at a time with its question, steps by key and pairs two to connect them', async () => {
    const page = await open(await share(), 1920, 1080);
    await page.getByRole('heading', { name: 'Share-out, Tuesday' }).waitFor();
    await expect.poll(() => page.getByText('Step 1 of 3').isVisible()).toBe(true);
    expect(await page.getByText('How did this student count?').isVisible()).toBe(true);
    const work = page.getByRole('img', { name: /Student work, step 1/ });
    await expect.poll(() => work.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    const box = await work.boundingBox();
    // The work fills most of a projector's screen.
    expect(box?.height ?? 0).toBeGreaterThan(600);
    // No student's name reaches the page.
    const text = await page.locator('body').innerText();
    for (const student of students) expect(text).not.toContain(student);
    await screenshot(page, 'shareout-step1-1920');

    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByText('Step 2 of 3').isVisible()).toBe(true);
    expect(await page.getByText('What did this student do with the tens?').isVisible()).toBe(true);
    expect(await page.getByText('How did this student count?').count()).toBe(0);

    await page.getByRole('button', { name: 'Show with the next one' }).click();
    await expect.poll(() => page.getByRole('img', { name: /Student work, step/ }).count()).toBe(2);
    expect(await page.getByText('How is this like the last one?').isVisible()).toBe(true);
    await screenshot(page, 'shareout-connect-1920');
    await page.getByRole('button', { name: 'Show one at a time' }).click();
    await expect.poll(() => page.getByRole('img', { name: /Student work, step/ }).count()).toBe(1);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => page.getByText('Step 1 of 3').isVisible()).toBe(true);
    // The team's note is there for the teacher, folded away for the class.
    expect(await page.getByText('Start with counting all.').count()).toBe(0);
    await page.getByRole('button', { name: 'Teacher’s note' }).click();
    expect(await page.getByText('Start with counting all.').isVisible()).toBe(true);
  });

  it('fits a tablet: the controls do not cover the work', async () => {
    const page = await open(await share(), 1024, 768);
    const work = page.getByRole('img', { name: /Student work, step 1/ });
    await work.waitFor();
    const [image, next] = await Promise.all([work.boundingBox(), page.getByRole('button', { name: /^Next/ }).boundingBox()]);
    expect(image && next).toBeTruthy();
    expect((image?.y ?? 0) + (image?.height ?? 0)).toBeLessThanOrEqual(next?.y ?? 0);
    expect((next?.y ?? 0) + (next?.height ?? 0)).toBeLessThanOrEqual(768);
    await screenshot(page, 'shareout-step1-1024');
  });

  it('a revoked link shows a clear page and none of the work', async () => {
    const url = await share();
    const revoke = await fetch(`${server.url}/api/boards/${board.id}/sequences/${sequenceId}/share`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${board.tokens.editor}` },
    });
    expect(revoke.status).toBe(204);
    const page = await open(url);
    await page.getByRole('heading', { name: 'This share-out link does not work' }).waitFor();
    expect(await page.getByRole('img', { name: /Student work/ }).count()).toBe(0);
  });
});
