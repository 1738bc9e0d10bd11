// Share-out on a 500-card board: the sequence PDF of 12 steps (target < 3 s), and a class of 30
// opening the class link at once (each answer carries the 12 step pictures). Prints figures; it
// asserts nothing. The first run renders every step picture; later runs find them cached.
// Run: npx tsx test/bench/shareout.bench.ts

import { pageAssetId, storePageImage } from '../../server/assets/pageImages.js';
import { createCard } from '../../shared/schema/card.js';
import { createSequence } from '../../shared/schema/sequence.js';
import { connectClient, createBoard, startServer, waitFor, waitForSync } from '../fixtures/server.js';
import { pencilPage } from './lib/pencilPage.js';
import { percentileOf } from './lib/stats.js';

const CARDS = 500;
const PAGES = 40;
const STEPS = 12;
const RUNS = 5;
const CLASS = 30;

const ms = (start: number) => performance.now() - start;

const server = await startServer();
try {
  const board = await createBoard(server.url, { title: 'Share-out bench' });
  const pages: string[] = [];
  for (let seed = 0; seed < PAGES; seed++) {
    const bytes = await pencilPage(seed, 10);
    const assetId = pageAssetId(bytes);
    await storePageImage(server.app.assets, board.id, bytes, assetId);
    pages.push(assetId);
  }
  const { doc, provider } = connectClient(server.wsUrl, board.id, board.tokens.editor);
  await waitForSync(provider);
  const cardIds: string[] = [];
  doc.transact(() => {
    for (let i = 0; i < CARDS; i++) cardIds.push(createCard(doc, { student: `Student ${i}`, pages: [pages[i % PAGES] as string] }));
  });
  const sequenceId = createSequence(
    doc,
    'Bench share-out',
    Array.from({ length: STEPS }, (_, i) => ({
      cardId: cardIds[i * 37] as string,
      region: i % 2 ? { x: 0.1, y: 0.2, w: 0.6, h: 0.5 } : null,
      note: `Why step ${i + 1}: it connects to the next by the way the tens are kept.`,
      question: `What is the same in step ${i + 1} and the one before?`,
    })),
  );
  const viewer = { authorization: `Bearer ${board.tokens.viewer}` };
  const base = `${server.url}/api/boards/${board.id}/sequences/${sequenceId}`;
  await waitFor(async () => (await fetch(base, { method: 'HEAD', headers: viewer })).status !== 404, 'sequence on the server', 30_000);
  provider.destroy();

  const pdfTimes: number[] = [];
  let pdfBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    const response = await fetch(`${base}/export.pdf`, { headers: viewer });
    pdfBytes = (await response.arrayBuffer()).byteLength;
    pdfTimes.push(ms(start));
  }

  const share = (await (
    await fetch(`${base}/share`, { method: 'POST', headers: { authorization: `Bearer ${board.tokens.editor}` } })
  ).json()) as {
    token: string;
  };
  const classTimes = await Promise.all(
    Array.from({ length: CLASS }, async () => {
      const start = performance.now();
      const response = await fetch(base, { headers: { authorization: `Bearer ${share.token}` } });
      await response.arrayBuffer();
      return ms(start);
    }),
  );

  console.log(`\nShare-out on a ${CARDS}-card board, ${STEPS} steps (${new Date().toISOString()})`);
  console.log(
    `sequence PDF: first ${pdfTimes[0]?.toFixed(0)} ms (renders every step), then median ${percentileOf(pdfTimes.slice(1), 50).toFixed(0)} ms; ${(pdfBytes / 1024).toFixed(0)} KB`,
  );
  console.log(
    `class link, ${CLASS} devices at once: p50 ${percentileOf(classTimes, 50).toFixed(0)} ms, p95 ${percentileOf(classTimes, 95).toFixed(0)} ms`,
  );
  console.log(`server RSS now: ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB (bench and server in one process)`);
} finally {
  await server.close();
}
// Nothing is left on the event loop, yet a process that has run sharp and the PDF writer in its
// main thread can wait at exit for native threads; the server's own entry point exits the same way.
process.exit(0);
