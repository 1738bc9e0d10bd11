import { launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

const server = await startAppServer();
const browser = await launchBrowser();
const board = (await (await fetch(`${server.url}/api/demo-boards`, { method: 'POST' })).json()) as {
  id: string;
  tokens: { owner: string };
};
for (const [w, h] of [
  [1024, 768],
  [1280, 800],
  [1920, 1080],
] as const) {
  const { context, page } = await openPage(browser, { width: w, height: h });
  await page.goto(`${server.url}/b/${board.id}#token=${board.tokens.owner}`);
  await page.waitForSelector('[data-testid="board-canvas"], canvas', { timeout: 20000 });
  await page.waitForTimeout(4000);
  console.log(await screenshot(page, `after-${w}`));
  await context.close();
}
await browser.close();
await server.close();
