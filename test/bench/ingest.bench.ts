// Bringing in a class set, end to end, against the server run as `npm start` runs it (a child
// process): a 30-page 300-dpi US-Letter scanned PDF, and 30 12-megapixel phone photos. For each:
// the time from sending the upload until a second client sees every card, the server's peak
// memory (VmHWM, worker threads included), and how live sync on another board fares meanwhile.
// Prints figures; asserts nothing. Targets from the issue: PDF < 10 s, photos < 15 s, peak
// < 600 MB, sync on another board < 50 ms.
// Run: npx tsx test/bench/ingest.bench.ts
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type * as Y from 'yjs';
import { createCard, listCards, setStudentLabel } from '../../shared/schema/card.js';
import { startServerProcess } from '../fixtures/process.js';
import { phonePhoto, scannedPdf } from '../fixtures/scans.js';
import { connectClient, createBoard, waitFor, waitForSync } from '../fixtures/server.js';

const PAGES = 30;
const PHOTOS = 30;

interface Scenario {
  name: string;
  files: { name: string; bytes: Uint8Array }[];
  expectedCards: number;
  target: string;
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024) };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** When `doc` next applies an update after which `condition` holds (timed at that moment, not polled). */
function nextUpdateWhere(doc: Y.Doc, condition: () => boolean, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      doc.off('afterTransaction', check);
      reject(new Error('a probe edit did not arrive'));
    }, timeoutMs);
    const check = () => {
      if (!condition()) return;
      clearTimeout(timer);
      doc.off('afterTransaction', check);
      resolve(performance.now());
    };
    doc.on('afterTransaction', check);
  });
}

interface PreparedUpload {
  send(url: string, token: string): Promise<{ status: number; body: { cards?: unknown[]; message?: string } }>;
  remove(): void;
}

/**
 * The upload goes from a curl process: encoding 100+ MB of multipart in this process would stall
 * its own event loop, and with it the sync probes this benchmark times (their clients live here).
 * The files are written for curl before any probe runs, for the same reason.
 */
function prepareUpload(files: Scenario['files']): PreparedUpload {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worksort-upload-'));
  const parts = files.flatMap((file, i) => {
    const saved = path.join(dir, `${i}-${file.name}`);
    fs.writeFileSync(saved, file.bytes);
    return ['-F', `files=@${saved};filename=${file.name}`];
  });
  return {
    async send(url, token) {
      const answer = path.join(dir, 'answer.json');
      const args = ['-s', '-o', answer, '-w', '%{http_code}', '-H', `authorization: Bearer ${token}`, ...parts, url];
      const { stdout } = await promisify(execFile)('curl', args);
      return { status: Number(stdout), body: JSON.parse(fs.readFileSync(answer, 'utf8')) };
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

async function run(scenario: Scenario): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worksort-bench-'));
  const server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const pid = server.child.pid as number;
  const upload = prepareUpload(scenario.files);
  try {
    const board = await createBoard(server.url, { title: 'Bench: class set' });
    const other = await createBoard(server.url, { title: 'Bench: another class' });
    const watcher = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    const writer = connectClient(server.wsUrl, other.id, other.tokens.editor);
    const reader = connectClient(server.wsUrl, other.id, other.tokens.viewer);
    await Promise.all([waitForSync(watcher.provider), waitForSync(writer.provider), waitForSync(reader.provider)]);
    const probe = createCard(writer.doc, { student: 'probe', pages: [] });
    await waitFor(() => listCards(reader.doc).length === 1, 'the probe card reaches the reader');
    const idle = memoryOf(pid);

    // Live sync on the other board: one edit every 100 ms, timed until the other client has it.
    let probing = true;
    const probeLoop = async (latencies: number[], count = Number.POSITIVE_INFINITY) => {
      for (let n = 0; probing && n < count; n++) {
        const label = `probe ${latencies.length}-${n}-${Math.random()}`;
        const arrived = nextUpdateWhere(reader.doc, () => listCards(reader.doc)[0]?.student === label);
        const sent = performance.now();
        setStudentLabel(writer.doc, probe, label);
        latencies.push((await arrived) - sent);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const baseline: number[] = [];
    await probeLoop(baseline, 20);

    // The first upload after a start loads the image pipeline (sharp, file-type, the worker
    // pool): timed on its own with one small photo, so the figures below are about decoding.
    // Probing starts once curl is started: forking this large process stalls it for a moment,
    // which would be timed as the server's delay.
    const firstUpload: number[] = [];
    const warmUp = prepareUpload([{ name: 'first.jpg', bytes: await phonePhoto(1) }]);
    const spare = await createBoard(server.url, { title: 'Bench: a first upload' });
    const warming = warmUp.send(`${server.url}/api/boards/${spare.id}/uploads`, spare.tokens.editor);
    const warmProbing = probeLoop(firstUpload);
    const warmed = await warming;
    warmUp.remove();
    if (warmed.status !== 201) throw new Error(`the first upload answered ${warmed.status}: ${warmed.body.message}`);
    probing = false;
    await warmProbing;
    probing = true;

    let peak = idle.peakMb;
    const sampler = setInterval(() => {
      peak = Math.max(peak, memoryOf(pid).peakMb);
    }, 100);
    const started = performance.now();
    const sending = upload.send(`${server.url}/api/boards/${board.id}/uploads`, board.tokens.editor);
    const latencies: number[] = [];
    const probingDone = probeLoop(latencies);
    const { status, body } = await sending;
    const answered = performance.now() - started;
    if (status !== 201) throw new Error(`upload answered ${status}: ${body.message}`);
    await waitFor(() => listCards(watcher.doc).length === scenario.expectedCards, 'the second client sees every card', 120_000);
    const visible = performance.now() - started;
    clearInterval(sampler);
    probing = false;
    await probingDone;
    peak = Math.max(peak, memoryOf(pid).peakMb);

    const megabytes = scenario.files.reduce((sum, file) => sum + file.bytes.length, 0) / (1024 * 1024);
    console.log(`\n${scenario.name} (${scenario.files.length} file(s), ${megabytes.toFixed(1)} MB) — target ${scenario.target}`);
    console.log(
      `  cards: ${body.cards?.length}; answer after ${(answered / 1000).toFixed(2)} s; all visible to a second client after ${(visible / 1000).toFixed(2)} s`,
    );
    console.log(`  server memory: idle ${idle.rssMb} MB, peak (VmHWM) ${peak} MB`);
    console.log(
      `  sync on another board before the upload: p50 ${percentile(baseline, 50).toFixed(1)} ms, max ${Math.max(...baseline).toFixed(1)} ms`,
    );
    console.log(
      `  sync on another board during the first upload after a start (one small photo; loads the image pipeline): max ${Math.max(...firstUpload).toFixed(1)} ms`,
    );
    console.log(
      `  sync on another board meanwhile: ${latencies.length} edits, p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
        `p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
    );
    for (const client of [watcher, writer, reader]) client.provider.destroy();
  } finally {
    await server.stop();
    upload.remove();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`Generating fixtures (${PAGES}-page 300-dpi PDF, ${PHOTOS} 12-megapixel photos)…`);
  let t = performance.now();
  const pdf = await scannedPdf({ pages: PAGES, dpi: 300, noise: true });
  console.log(`  PDF: ${(pdf.length / (1024 * 1024)).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const photos: { name: string; bytes: Buffer }[] = [];
  for (let i = 0; i < PHOTOS; i++) photos.push({ name: `IMG_${2000 + i}.jpg`, bytes: await phonePhoto(12, i + 1) });
  console.log(
    `  photos: ${(photos.reduce((s, p) => s + p.bytes.length, 0) / (1024 * 1024)).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );

  await run({ name: 'Scanned PDF', files: [{ name: 'Period 3.pdf', bytes: pdf }], expectedCards: PAGES, target: '< 10 s, < 600 MB' });
  await run({ name: 'Phone photos', files: photos, expectedCards: PHOTOS, target: '< 15 s, < 600 MB' });
  console.log(`\nMachine: ${os.cpus().length} cores, Node ${process.version}. Sync target on another board: < 50 ms.`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
