// Spanish and English (issue 10): a browser set to Spanish gets the landing page and the board in
// Spanish — no raw message key and no English interface sentence anywhere, in text or in the
// names screen readers use — and the language switch turns it to English and is remembered.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGS } from '../../client/src/i18n/index.js';
import type { CreatedBoard, TestServer } from '../fixtures/server.js';
import { waitForCards } from './board.js';
import { gotoBoard, launchBrowser, screenshot, startAppServer, watchPage } from './browser.js';

const keys = CATALOGS.flatMap((catalog) => Object.keys(catalog.en));
/** English interface sentences that Spanish says differently: none may show on a Spanish page. */
const englishOnly = CATALOGS.flatMap((catalog) =>
  Object.entries(catalog.en as Record<string, string>)
    .filter(([key, english]) => english.length >= 14 && !english.includes('{') && (catalog.es as Record<string, string>)[key] !== english)
    .map(([, english]) => english),
);

/** Everything a person or a screen reader gets from the page: its text and its names, hints and placeholders. */
function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'];
    const named = [...document.querySelectorAll('*')].flatMap((element) =>
      attributes.map((name) => element.getAttribute(name) ?? '').filter(Boolean),
    );
    return [document.body.innerText, ...named].join('\n');
  });
}

async function expectAllSpanish(page: Page, where: string): Promise<void> {
  const words = await pageWords(page);
  expect(
    keys.filter((key) => words.includes(key)),
    `${where}: raw message keys`,
  ).toEqual([]);
  expect(
    englishOnly.filter((english) => words.includes(english)),
    `${where}: English interface text`,
  ).toEqual([]);
}

describe('the interface in Spanish', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let board: CreatedBoard;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    board = (await response.json()) as CreatedBoard;
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'es-ES' });
    await context.addInitScript(() => window.localStorage.setItem('worksort:name', 'Sra. Rivera'));
    page = await context.newPage();
    watchPage(page);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  it('the landing page follows the browser’s language', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toContain('razonamiento');
    await page.getByRole('button', { name: 'Crear tablero' }).waitFor();
    await expectAllSpanish(page, 'landing page');
  });

  it('the board, its outline and the shortcuts overlay are in Spanish', async () => {
    await gotoBoard(page, server, board, board.tokens.owner, { cards: 20 });
    await page.getByRole('button', { name: 'Compartir' }).waitFor();
    await expectAllSpanish(page, 'board');
    await screenshot(page, 'board-es');

    await page.keyboard.press('o');
    await page.getByRole('tree', { name: 'Esquema del tablero' }).waitFor();
    await expectAllSpanish(page, 'outline');
    const card = await page.locator('[role="tree"] [data-card-id]').first().getAttribute('aria-label');
    expect(card).toContain('sin clasificar');

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Atajos de teclado' }).waitFor();
    await expectAllSpanish(page, 'shortcuts');
    await screenshot(page, 'shortcuts-es');
    await page.keyboard.press('Escape');
  });

  it('the switch turns the interface to English, and it stays English after a reload', async () => {
    await page.getByTestId('display-menu').click();
    await page.getByLabel('Idioma').selectOption('en');
    await page.getByRole('button', { name: 'Share', exact: true }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await waitForCards(page, 20);
    await page.getByRole('button', { name: 'Share', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Compartir' }).count()).toBe(0);
  });
});
