// A share-out presented on a 500-card board: the delay from the presenter's "next step" to a
// second screen showing that step (its counter and its picture loaded). Two real Chromium pages
// on one machine, so one clock times both ends. Prints figures; asserts nothing. Target from the
// issue: p95 < 300 ms. Run: npx tsx test/bench/presentLatency.ts

import { pageAssetId, storePageImage } from '../../server/assets/pageImages.js';
import { createCard } from '../../shared/schema/card.js';
import { createSequence } from '../../shared/schema/sequence.js';
import { launchBrowser, openPage, startAppServer } from '../e2e/browser.js';
import { connectClient, createBoard, waitForSync } from '../fixtures/server.js';
import { pencilPage } from './lib/pencilPage.js';
import { percentileOf } from './lib/stats.js';

const CARDS = 500;
const PAGES = 24;
const STEPS = 12;
const ROUNDS = 3;

const server = await startAppServer();
const browser = await launchBrowser();
try {
  const board = await createBoard(server.url, { title: 'Present bench' });
  const pages: string[] = [];
  for (let seed = 0; seed < PAGES; seed++) {
    const bytes = await pencilPage(seed);
    const assetId = pageAssetId(bytes);
    await storePageImage(server.app.assets, board.id, bytes, assetId);
    pages.push(assetId);
  }
  const writer = connectClient(server.wsUrl, board.id, board.tokens.editor);
  await waitForSync(writer.provider);
  const cardIds: string[] = [];
  writer.doc.transact(() => {
    for (let i = 0; i < CARDS; i++) cardIds.push(createCard(writer.doc, { student: `Student ${i}`, pages: [pages[i % PAGES] as string] }));
  });
  createSequence(
    writer.doc,
    'Bench share-out',
    Array.from({ length: STEPS }, (_, i) => ({ cardId: cardIds[i * 41] as string, question: `Question ${i + 1}` })),
  );

  const open = async (name: string) => {
    const { page } = await openPage(browser, { name, width: 1280, height: 800 });
    await page.goto(`${server.url}/b/${board.id}#token=${board.tokens.editor}`);
    await page.waitForFunction(() => (window.Konva?.stages[0]?.find('.card').length ?? 0) > 0, undefined, { timeout: 60_000 });
    return page;
  };
  const presenter = await open('Presenter');
  const follower = await open('Follower');
  await presenter.getByTestId('shareout-toggle').click();
  await presenter.getByTestId('shareout-present').click();
  await follower.getByTestId('presentation').getByText(`Step 1 of ${STEPS}`).waitFor({ timeout: 30_000 });

  const shown: number[] = [];
  const pictured: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let step = 2; step <= STEPS; step++) {
      // The follower notes when the counter reads the step, then when its picture has loaded.
      const seen = follower.evaluate(
        (label) =>
          new Promise<[number, number]>((resolve) => {
            let counter = 0;
            const check = () => {
              const root = document.querySelector('[data-testid="presentation"]');
              if (!counter && root?.textContent?.includes(label)) counter = Date.now();
              const img = root?.querySelector('img');
              if (counter && img?.complete && img.naturalWidth > 0 && img.src.startsWith('blob:')) resolve([counter, Date.now()]);
              else requestAnimationFrame(check);
            };
            check();
          }),
        `Step ${step} of ${STEPS}`,
      );
      const sent = Date.now();
      await presenter.keyboard.press('ArrowRight');
      const [counterAt, pictureAt] = await seen;
      shown.push(counterAt - sent);
      pictured.push(pictureAt - sent);
    }
    // Back to the first step for the next round (the pictures are cached on the server by then).
    for (let step = STEPS; step > 1; step--) await presenter.keyboard.press('ArrowLeft');
    await follower.getByTestId('presentation').getByText(`Step 1 of ${STEPS}`).waitFor();
  }
  console.log(`\nShare-out presented on a ${CARDS}-card board, ${STEPS} steps × ${ROUNDS} rounds (${new Date().toISOString()})`);
  console.log(`presenter's next step → follower shows it: p50 ${percentileOf(shown, 50)} ms, p95 ${percentileOf(shown, 95)} ms`);
  console.log(`… with its picture loaded: p50 ${percentileOf(pictured, 50)} ms, p95 ${percentileOf(pictured, 95)} ms`);
  writer.provider.destroy();
} finally {
  await browser.close();
  await server.close();
}
// Open sockets and the browser's pipes would keep the process alive: the figures are printed.
process.exit(0);
