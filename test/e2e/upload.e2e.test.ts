// Bringing in a class set through the browser (issue 3): files chosen in the upload dialog go up
// one by one, each with its own result, and the cards reach every other screen as they land.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scannedPdf, uprightPage } from '../fixtures/scans.js';
import { type CreatedBoard, createBoard, type TestServer } from '../fixtures/server.js';
import { drawnIds, eventually, waitForCards } from './board.js';
import { launchBrowser, openBoard, screenshot, startAppServer } from './browser.js';

describe('uploading student work', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function open(board: CreatedBoard, token: string, name: string): Promise<Page> {
    const opened = await openBoard(browser, server, board, token, { name });
    contexts.push(opened.context);
    return opened.page;
  }

  it('a multi-page PDF becomes cards on everyone’s screen, and a bad file shows its error next to its name', async () => {
    const board = await createBoard(server.url, { title: 'Grade 3 · Fractions on a number line' });
    const rivera = await open(board, board.tokens.owner, 'Ms. Rivera');
    const chen = await open(board, board.tokens.editor, 'Mr. Chen');

    const pdf = await scannedPdf({ pages: 6, dpi: 60 });
    await rivera.getByRole('banner').getByRole('button', { name: 'Upload work' }).click();
    const dialog = rivera.getByRole('dialog', { name: 'Upload student work' });
    await dialog.waitFor();
    await screenshot(rivera, 'panels-upload-empty');

    await rivera.getByTestId('upload-input').setInputFiles([
      { name: 'class-set.pdf', mimeType: 'application/pdf', buffer: pdf },
      { name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('These are my lesson notes, not a PDF.\n') },
    ]);
    await dialog.getByLabel('Pages per student').fill('2');
    await dialog.getByRole('button', { name: 'Upload 2 files' }).click();

    // Six pages, two per student: three students, and Mr. Chen sees their cards arrive.
    const good = dialog.locator('li[data-file="class-set.pdf"]');
    await expect.poll(() => good.textContent(), { timeout: 30_000 }).toContain('3 students added');
    await waitForCards(chen, 3);
    expect(await drawnIds(chen, 'card')).toHaveLength(3);

    // The text file named .pdf is refused, with the server's message beside its name.
    const bad = dialog.locator('li[data-file="notes.pdf"]');
    await expect.poll(() => bad.getAttribute('data-step'), { timeout: 30_000 }).toBe('failed');
    const message = (await bad.locator('.upload-error').textContent()) ?? '';
    expect(message).toContain('notes.pdf');
    await screenshot(rivera, 'panels-upload-results');

    // Nothing of the bad file reached the board.
    await rivera.getByRole('button', { name: 'Done' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await drawnIds(rivera, 'card')).toHaveLength(3);
  });

  it('files dropped anywhere on the board open the upload dialog with those files', async () => {
    const board = await createBoard(server.url, { title: 'Dropping files' });
    const page = await open(board, board.tokens.editor, 'Mr. Chen');
    const photo = await uprightPage({ width: 400, height: 520 });

    await page.evaluate((base64) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'photo-of-work.png', { type: 'image/png' }));
      const target = document.querySelector('.board-area') ?? document.body;
      target.dispatchEvent(new DragEvent('dragenter', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      target.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: transfer }));
      target.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    }, photo.toString('base64'));

    const dialog = page.getByRole('dialog', { name: 'Upload student work' });
    await dialog.waitFor();
    await expect.poll(() => dialog.locator('li[data-file="photo-of-work.png"]').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Upload 1 file' }).click();
    await expect
      .poll(() => dialog.locator('li[data-file="photo-of-work.png"]').textContent(), { timeout: 30_000 })
      .toContain('1 student added');
    await eventually(
      () => drawnIds(page, 'card'),
      (ids) => ids.length === 1,
      'the dropped photo is a card on the board',
    );
  });
});
