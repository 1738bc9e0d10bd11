// Time for a change to reach a second browser (walking skeleton): a stock client renames a card,
// and a real Chromium page on the same board draws the new label. Also times the server's
// start. Prints figures; asserts nothing. Run: npx tsx test/bench/browserLatency.ts
import { createCard, setStudentLabel } from '../../shared/schema/card.js';
import { launchBrowser, openPage, startAppServer } from '../e2e/browser.js';
import { startServerProcess } from '../fixtures/process.js';
import { connectClient, createBoard, tempDataDir, waitForSync } from '../fixtures/server.js';

const ROUNDS = 15;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

// Start time: `npm start`'s process until it answers, client already built.
const starts: number[] = [];
for (let i = 0; i < 3; i++) {
  const started = Date.now();
  const server = await startServerProcess({ DATA_DIR: tempDataDir() });
  await fetch(`${server.url}/healthz`);
  starts.push(Date.now() - started);
  await server.stop();
}

const server = await startAppServer();
const board = await createBoard(server.url, { title: 'Latency' });
const writer = connectClient(server.wsUrl, board.id, board.tokens.editor);
await waitForSync(writer.provider);
const cardId = createCard(writer.doc, { student: 'Ana M.', pages: [], x: 0, y: 0 });
const browser = await launchBrowser();
const { page } = await openPage(browser);
// tsx names inner functions through a `__name` helper that the page does not have.
await page.addInitScript({ content: 'window.__name = (fn) => fn;' });
await page.goto(`${server.url}/b/${board.id}#token=${board.tokens.viewer}`);
await page.waitForFunction((id) => Boolean(window.Konva?.stages[0]?.findOne(`#card-${id}`)), cardId, { timeout: 20_000 });

const latencies: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const label = `Ana M. (${round})`;
  // The page watches every frame for the card to be drawn with its new label, and notes when.
  // (Unsorted cards are auto-arranged, so a label is what shows a change unambiguously.)
  const seen = page.evaluate(
    ({ id, label }) =>
      new Promise<number>((resolve) => {
        const check = () => {
          const card = window.Konva?.stages[0]?.findOne(`#card-${id}`) as unknown as { find(s: string): { text(): string }[] } | undefined;
          if (card?.find('Text').some((text) => text.text() === label)) resolve(Date.now());
          else requestAnimationFrame(check);
        };
        check();
      }),
    { id: cardId, label },
  );
  const sent = Date.now();
  setStudentLabel(writer.doc, cardId, label);
  latencies.push((await seen) - sent);
}

console.log(`server start (process start until /healthz answers), median of ${starts.length}: ${median(starts)} ms`);
console.log(
  `change to a second browser, median of ${ROUNDS}: ${median(latencies)} ms (min ${Math.min(...latencies)}, max ${Math.max(...latencies)})`,
);
writer.provider.destroy();
await browser.close();
await server.close();
process.exit(0);
