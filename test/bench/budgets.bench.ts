// Issue 15's benchmark, against the server run as `npm start` runs it (a child process): the
// server's peak memory (VmHWM, worker threads included) and the latency of live edits on another
// board (p50/p99/max) while (1) ten 30-page scanned class sets are uploaded at once, each to its
// own board, callers retrying after Retry-After as told; (2) Flate bomb PDFs are uploaded.
// Prints figures; asserts nothing. Targets: peak < 1.5 GB for ten at once, < 800 MB for any single
// upload; live edits p99 < 100 ms.
// Run: npx tsx test/bench/budgets.bench.ts [--pages 30] [--dpi 300] [--sets 10] [--bombs-only]
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type * as Y from 'yjs';
import { createCard, listCards, setStudentLabel } from '../../shared/schema/card.js';
import { flateBombPdf } from '../fixtures/bombs.js';
import { startServerProcess } from '../fixtures/process.js';
import { scannedPdf } from '../fixtures/scans.js';
import { type CreatedBoard, connectClient, createBoard, waitFor, waitForSync } from '../fixtures/server.js';

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const PAGES = option('pages', 30);
const DPI = option('dpi', 300);
const SETS = option('sets', 10);

function peakOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

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

/** Uploads from a curl process (multipart of 100+ MB here would stall the probes' own event loop). */
async function curlUpload(url: string, token: string, file: string, name: string): Promise<{ status: number; retryAfter: number }> {
  const headers = `${file}.${Math.random()}.headers`;
  const args = ['-s', '-o', '/dev/null', '-D', headers, '-w', '%{http_code}', '-H', `authorization: Bearer ${token}`];
  const { stdout } = await promisify(execFile)('curl', [...args, '-F', `files=@${file};filename=${name}`, url]);
  const retryAfter = Number(/^retry-after:\s*(\d+)/im.exec(fs.readFileSync(headers, 'utf8'))?.[1] ?? 0);
  fs.rmSync(headers, { force: true });
  return { status: Number(stdout), retryAfter };
}

/** Uploads until accepted or refused for good, waiting as Retry-After says; counts the waits. */
async function uploadAsTold(url: string, token: string, file: string, name: string) {
  let retries = 0;
  for (;;) {
    const answer = await curlUpload(url, token, file, name);
    if ((answer.status !== 503 && answer.status !== 429) || answer.retryAfter === 0) return { ...answer, retries };
    retries++;
    await new Promise((resolve) => setTimeout(resolve, answer.retryAfter * 1000));
  }
}

let warmUpPdf = '';

async function scenario(title: string, files: { path: string; name: string }[], expectCards: boolean): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worksort-bench-'));
  const server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const pid = server.child.pid as number;
  try {
    const other = await createBoard(server.url, { title: 'Bench: another class' });
    const writer = connectClient(server.wsUrl, other.id, other.tokens.editor);
    const reader = connectClient(server.wsUrl, other.id, other.tokens.viewer);
    await Promise.all([waitForSync(writer.provider), waitForSync(reader.provider)]);
    const probe = createCard(writer.doc, { student: 'probe', pages: [] });
    await waitFor(() => listCards(reader.doc).length === 1, 'the probe card reaches the reader');
    // The first upload after a start loads the image pipeline (sharp, file-type, the worker pool)
    // and starts a worker thread: done once before measuring, so the figures are about the load.
    const spare = await createBoard(server.url, { title: 'Bench: a first upload' });
    const warm = await uploadAsTold(`${server.url}/api/boards/${spare.id}/uploads`, spare.tokens.editor, warmUpPdf, 'first.pdf');
    if (warm.status !== 201) throw new Error(`the warm-up upload answered ${warm.status}`);
    const idlePeak = peakOf(pid);
    const boards: CreatedBoard[] = [];
    for (const _ of files) boards.push(await createBoard(server.url, { title: 'Bench: class set' }));

    let probing = true;
    const latencies: number[] = [];
    const probeLoop = async () => {
      for (let n = 0; probing; n++) {
        const label = `probe ${n}-${Math.random()}`;
        const arrived = nextUpdateWhere(reader.doc, () => listCards(reader.doc)[0]?.student === label);
        const sent = performance.now();
        setStudentLabel(writer.doc, probe, label);
        latencies.push((await arrived) - sent);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    // The same probes with nothing uploading, for scale: on a shared machine, this is the noise.
    const probeFor = async (ms: number) => {
      const until = performance.now() + ms;
      const before = latencies.length;
      while (performance.now() < until) {
        const label = `idle ${Math.random()}`;
        const arrived = nextUpdateWhere(reader.doc, () => listCards(reader.doc)[0]?.student === label);
        const sent = performance.now();
        setStudentLabel(writer.doc, probe, label);
        latencies.push((await arrived) - sent);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return latencies.splice(before);
    };
    const baseline = await probeFor(8000);
    let peak = idlePeak;
    const sampler = setInterval(() => {
      peak = Math.max(peak, peakOf(pid));
    }, 100);
    const started = performance.now();
    const uploading = Promise.all(
      files.map((file, i) => {
        const board = boards[i] as CreatedBoard;
        return uploadAsTold(`${server.url}/api/boards/${board.id}/uploads`, board.tokens.editor, file.path, file.name);
      }),
    );
    // Probing starts once the curl processes are forked: forking this large process stalls it
    // (and the probe clients in it) for a moment, which would be timed as the server's delay.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const probing$ = probeLoop();
    const answers = await uploading;
    const seconds = (performance.now() - started) / 1000;
    probing = false;
    await probing$;
    clearInterval(sampler);
    peak = Math.max(peak, peakOf(pid));
    writer.provider.destroy();
    reader.provider.destroy();
    const statuses = answers.map((answer) => answer.status).join(' ');
    console.log(`\n${title}`);
    console.log(
      `  answers: ${statuses}; retries after Retry-After: ${answers.reduce((sum, a) => sum + a.retries, 0)}; all done in ${seconds.toFixed(1)} s`,
    );
    if (expectCards && answers.some((answer) => answer.status !== 201)) console.log('  (some uploads were not accepted)');
    console.log(`  server memory: idle peak ${idlePeak} MB, peak (VmHWM) ${peak} MB`);
    console.log(
      `  live edits on another board with nothing uploading: ${baseline.length} edits, p50 ${percentile(baseline, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(baseline, 99).toFixed(1)} ms, max ${Math.max(...baseline).toFixed(1)} ms`,
    );
    console.log(
      `  live edits on another board meanwhile: ${latencies.length} edits, p50 ${percentile(latencies, 50).toFixed(1)} ms, ` +
        `p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
    );
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'worksort-budget-bench-'));
  try {
    console.log(`Generating a ${PAGES}-page ${DPI}-dpi scanned class set and two Flate bombs…`);
    warmUpPdf = path.join(dir, 'first.pdf');
    fs.writeFileSync(warmUpPdf, await scannedPdf({ pages: 1, dpi: 50 }));
    const classSet = path.join(dir, 'class.pdf');
    fs.writeFileSync(classSet, await scannedPdf({ pages: PAGES, dpi: DPI, noise: true }));
    console.log(`  class set: ${(fs.statSync(classSet).size / (1024 * 1024)).toFixed(1)} MB`);
    const bomb = path.join(dir, 'bomb.pdf');
    fs.writeFileSync(bomb, await flateBombPdf({ unpackedBytes: 96 * 1024 * 1024 }));
    const nested = path.join(dir, 'nested.pdf');
    fs.writeFileSync(nested, await flateBombPdf({ unpackedBytes: 2048 * 1024 * 1024, nested: true }));
    console.log(`  bombs: ${fs.statSync(bomb).size} bytes (→ 96 MiB), ${fs.statSync(nested).size} bytes (→ 2 GiB, nested)`);

    const only = process.argv.includes('--bombs-only');
    if (!only) {
      await scenario('One class set', [{ path: classSet, name: 'Period 1.pdf' }], true);
      await scenario(
        `${SETS} class sets at once`,
        Array.from({ length: SETS }, (_, i) => ({ path: classSet, name: `Period ${i + 1}.pdf` })),
        true,
      );
    }
    await scenario(
      'Flate bombs (96 MiB page, 2 GiB nested), four of each at once',
      Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? { path: bomb, name: 'bomb.pdf' } : { path: nested, name: 'nested.pdf' })),
      false,
    );
    console.log(`\nMachine: ${os.cpus().length} cores, Node ${process.version}.`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
