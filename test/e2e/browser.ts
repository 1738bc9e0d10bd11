// Browser tests' builders: Debian's Chromium driven by playwright-core (README, "Measured facts"),
// and the real server serving the built client on a free port with a fresh data folder.
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { startServer, type TestServer } from '../fixtures/server.js';
import { waitForCards } from './board.js';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
/** The built client; WORKSORT_CLIENT_DIST points a run at another build (a helper's own, say). */
export const clientDist = process.env.WORKSORT_CLIENT_DIST ?? path.join(root, 'client', 'dist');
export const shotsDir = process.env.WORKSORT_SHOTS ?? '/tmp/shots';

/** `extraArgs`: more Chromium switches, e.g. the benchmarks' unpaced frames. */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** `npm test` builds the client first; a lone run of the browser tests builds it if it is missing. */
async function ensureClientBuilt(): Promise<void> {
  if (fs.existsSync(path.join(clientDist, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'client', 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * Uncaught errors in any watched page since the last check. Inside Vitest every test of a file
 * that imports this module fails if one of its pages threw: an exception in the app is a bug even
 * when the assertions that follow happen to pass. Benchmarks (no Vitest) only log them.
 */
const pageErrors: string[] = [];

/** Records the page's uncaught errors and crashes so that the running test fails on them. */
export function watchPage(page: Page): void {
  page.on('pageerror', (error) => {
    console.error(`[page error] ${error.message}`);
    pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`);
  });
  page.on('crash', () => pageErrors.push(`${page.url()}: the page crashed`));
}

function throwPageErrors(when: string): void {
  const errors = pageErrors.splice(0);
  if (errors.length > 0) throw new Error(`${errors.length} uncaught page error(s) ${when}:\n${errors.join('\n')}`);
}

if (process.env.VITEST) {
  const { afterAll, afterEach } = await import('vitest');
  afterEach(() => throwPageErrors('during this test'));
  afterAll(() => throwPageErrors('after the last test'));
}

export async function startAppServer(): Promise<TestServer> {
  await ensureClientBuilt();
  return startServer({ CLIENT_DIR: clientDist });
}

/**
 * A page in its own browser context: its own storage and no BroadcastChannel shared with other
 * contexts, so two of them talk only through the server, like two laptops. `name` is remembered
 * as the display name unless null (then the page asks for it); `locale`, the browser's language (the app follows it).
 */
export async function openPage(
  browser: Browser,
  options: { name?: string | null; width?: number; height?: number; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: options.locale,
  });
  // Compiled with keepNames (tsx, esbuild), a named function passed to page.evaluate calls a
  // `__name` helper the page does not have: give every page one that does nothing.
  await context.addInitScript({ content: 'window.__name = (fn) => fn;' });
  const name = options.name === undefined ? 'Test teacher' : options.name;
  if (name !== null) {
    // Only the app's own pages have storage; a blank page denies it.
    await context.addInitScript((value) => {
      if (window.location.protocol.startsWith('http')) window.localStorage.setItem('worksort:name', value);
    }, name);
  }
  context.on('page', watchPage);
  const page = await context.newPage();
  return { context, page };
}

/** A board's link as the share dialog gives it: the token rides in the fragment, never sent as a URL. */
export function boardLink(server: TestServer, board: { id: string }, token: string): string {
  return `${server.url}/b/${board.id}#token=${token}`;
}

/**
 * Opens a board in `page` and waits until it is live: connected to the server and, if `cards` is
 * given, with that many cards drawn (the document has arrived and been laid out).
 */
export async function gotoBoard(
  page: Page,
  server: TestServer,
  board: { id: string },
  token: string,
  options: { cards?: number; timeout?: number } = {},
): Promise<void> {
  await page.goto(boardLink(server, board, token));
  if (options.cards) await waitForCards(page, options.cards);
  await page.locator('[data-status="connected"]').waitFor({ timeout: options.timeout });
}

/** One person opening a board on their own laptop: `openPage`, then `gotoBoard`. */
export async function openBoard(
  browser: Browser,
  server: TestServer,
  board: { id: string },
  token: string,
  options: { name?: string | null; width?: number; height?: number; cards?: number } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const opened = await openPage(browser, options);
  await gotoBoard(opened.page, server, board, token, options);
  return opened;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(shotsDir, { recursive: true });
  const file = path.join(shotsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
