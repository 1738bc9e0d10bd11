// A class of 30 over a year: 10 boards of 30 cards (one page of work each, stored as uploads are),
// sorted into 5 piles with students moving between them. Measures the student's history and the
// class's movement as the server answers them (every board read from storage: nobody has the
// boards open), and, in Chromium, the student page and the movement page from navigation until
// the year and the chart are on screen. Prints figures; asserts nothing. Target from the issue:
// both pages open in < 500 ms.
// Run: npx tsx test/bench/studentHistory.bench.ts   (needs the built client: npm run build)

import { pageAssetId, storePageImage } from '../../server/assets/pageImages.js';
import { PILE_COLORS } from '../../shared/colors.js';
import { createCard } from '../../shared/schema/card.js';
import { createPile } from '../../shared/schema/pile.js';
import { launchBrowser, openPage, startAppServer } from '../e2e/browser.js';
import { addClassBoard, changeBoard, createClassWith } from '../fixtures/classBoards.js';
import { pencilPage } from './lib/pencilPage.js';
import { percentileOf } from './lib/stats.js';

const STUDENTS = 30;
const BOARDS = 10;
const PILES = 5;
const RUNS = 7;

const ms = (start: number) => performance.now() - start;
const report = (name: string, values: number[]) =>
  console.log(
    `${name.padEnd(50)} p50 ${percentileOf(values, 50).toFixed(0).padStart(5)} ms   max ${Math.max(...values)
      .toFixed(0)
      .padStart(5)} ms`,
  );

async function main(): Promise<void> {
  const server = await startAppServer();
  const browser = await launchBrowser();
  try {
    const names = Array.from({ length: STUDENTS }, (_, i) => `Student name ${i + 1}`);
    const seeded = await createClassWith(server.url, 'Bench class', names);
    const started = performance.now();
    for (let b = 0; b < BOARDS; b++) {
      const board = await addClassBoard(server.url, seeded, `Board ${b + 1}`, `Task ${b + 1}`);
      const pages: string[] = [];
      for (let s = 0; s < STUDENTS; s++) {
        const bytes = await pencilPage(b * STUDENTS + s);
        const assetId = pageAssetId(bytes);
        await storePageImage(server.app.assets, board.id, bytes, assetId);
        pages.push(assetId);
      }
      await changeBoard(server.app, board.id, (doc) => {
        const piles = Array.from({ length: PILES }, (_, p) =>
          createPile(doc, {
            title: `Strategy ${p + 1}`,
            color: PILE_COLORS[p],
            x: 0,
            y: 0,
            w: 300,
            h: 200,
            nextSteps: `Next for ${p + 1}`,
          }),
        );
        seeded.students.forEach((student, s) => {
          // Students drift up the trajectory over the year, some faster than others.
          const pile = piles[Math.min(PILES - 1, Math.floor((s % 7) / 2) + Math.floor((b * (1 + (s % 3))) / 6))] ?? null;
          createCard(doc, { student: student.name, pages: [pages[s] as string], studentId: student.studentId, pileId: pile, order: s });
        });
      });
    }
    console.log(`seeded ${BOARDS} boards of ${STUDENTS} cards in ${(ms(started) / 1000).toFixed(1)} s`);

    const student = seeded.students[4]?.studentId as string;
    const auth = { authorization: `Bearer ${seeded.tokens.viewer}` };
    const timeFetch = async (path: string) => {
      const start = performance.now();
      const response = await fetch(`${server.url}${path}`, { headers: auth });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${path} answered ${response.status}`);
      return ms(start);
    };
    const history: number[] = [];
    const movement: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      history.push(await timeFetch(`/api/classes/${seeded.id}/students/${student}/history`));
      movement.push(await timeFetch(`/api/classes/${seeded.id}/movement`));
    }
    report('GET …/students/:id/history (10 boards)', history);
    report('GET …/movement (10 boards × 30 students)', movement);

    const studentPage: number[] = [];
    const movementPage: number[] = [];
    const { context, page } = await openPage(browser, { width: 1280, height: 800 });
    const fragment = `#token=${encodeURIComponent(seeded.tokens.viewer)}`;
    // One visit first, so every run finds the client's files in the browser's cache as a returning teacher would.
    await page.goto(`${server.url}/class/${seeded.id}/movement${fragment}`);
    await page.getByTestId('movement-chart').waitFor();
    for (let run = 0; run < RUNS; run++) {
      let start = performance.now();
      await page.goto(`${server.url}/class/${seeded.id}/student/${student}${fragment}`);
      await page
        .getByTestId('history-board')
        .nth(BOARDS - 1)
        .waitFor();
      await page.getByTestId('movement-chart').waitFor();
      studentPage.push(ms(start));
      start = performance.now();
      await page.goto(`${server.url}/class/${seeded.id}/movement${fragment}`);
      await page.getByTestId('movement-chart').waitFor();
      movementPage.push(ms(start));
    }
    report('student page: navigation → year and chart shown', studentPage);
    report('movement page: navigation → chart shown', movementPage);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
