// A class set with cover sheets, end to end, against the server run as `npm start` runs it (a
// child process): the class's own cover sheets rendered at 200 dpi, each on top of two pages of
// work, as one 60-page copier PDF, uploaded to a board of the class. Measures the time from
// sending the upload until a second client sees every card named, and the server's peak memory
// (VmHWM, worker threads included). Prints figures; asserts nothing. Targets from the issue:
// < 15 s, < 600 MB.
// Run: npx tsx test/bench/coverSheets.bench.ts [--runs=N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listCards } from '../../shared/schema/card.js';
import { copierPdf, renderPdfPages, workPage } from '../fixtures/classSets.js';
import { startServerProcess } from '../fixtures/process.js';
import { uploadForm } from '../fixtures/scans.js';
import { connectClient, waitFor, waitForSync } from '../fixtures/server.js';

const STUDENTS = 20;
const PAGES_PER_STUDENT = 2;
const DPI = 200;
const runs = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.slice('--runs='.length) ?? 1);

function peakMemoryMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function post<T>(url: string, token: string | null, body: unknown): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worksort-bench-'));
  const server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const pid = server.child.pid as number;
  try {
    const roster = Array.from({ length: STUDENTS }, (_, i) => ({ name: `Student ${i + 1}` }));
    const created = await post<{ id: string; tokens: { editor: string; viewer: string } }>(`${server.url}/api/classes`, null, {
      title: 'Bench class',
      students: roster,
    });
    const sheets = await fetch(`${server.url}/api/classes/${created.id}/cover-sheets.pdf?paper=letter`, {
      headers: { authorization: `Bearer ${created.tokens.editor}` },
    });
    const covers = await renderPdfPages(new Uint8Array(await sheets.arrayBuffer()), DPI);
    const pages: Buffer[] = [];
    for (let i = 0; i < STUDENTS; i++) {
      pages.push(covers[i] as Buffer);
      for (let page = 0; page < PAGES_PER_STUDENT; page++) pages.push(await workPage(i * PAGES_PER_STUDENT + page, DPI));
    }
    const pdf = await copierPdf(pages);
    console.log(`PDF: ${pages.length} pages at ${DPI} dpi, ${(pdf.length / 1024 / 1024).toFixed(1)} MB`);
    console.log(`server idle peak so far: ${peakMemoryMb(pid)} MB`);

    for (let run = 1; run <= runs; run++) {
      const board = await post<{ id: string }>(`${server.url}/api/classes/${created.id}/boards`, created.tokens.editor, {
        title: `Bench board ${run}`,
      });
      const watcher = connectClient(server.wsUrl, board.id, created.tokens.viewer);
      await waitForSync(watcher.provider);
      let peak = peakMemoryMb(pid);
      const sampler = setInterval(() => {
        peak = Math.max(peak, peakMemoryMb(pid));
      }, 100);
      const started = performance.now();
      const response = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.tokens.editor}` },
        body: uploadForm([{ name: 'class.pdf', bytes: pdf }]),
      });
      const answered = performance.now();
      if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
      await waitFor(
        () => listCards(watcher.doc).filter((card) => card.studentId && card.pages.length === PAGES_PER_STUDENT).length === STUDENTS,
        'every named card reaches the second client',
        120_000,
      );
      const seen = performance.now();
      clearInterval(sampler);
      peak = Math.max(peak, peakMemoryMb(pid));
      console.log(
        `run ${run}: answer ${((answered - started) / 1000).toFixed(1)} s, named cards on the second client ${((seen - started) / 1000).toFixed(1)} s, server peak ${peak} MB (VmHWM)`,
      );
      watcher.provider.destroy();
    }

    // The same PDF on a board of no class: no codes are read, so the difference is their cost.
    const plainBoard = await post<{ id: string; tokens: { editor: string } }>(`${server.url}/api/boards`, null, { title: 'No class' });
    const plainStarted = performance.now();
    const plain = await fetch(`${server.url}/api/boards/${plainBoard.id}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${plainBoard.tokens.editor}` },
      body: uploadForm([{ name: 'class.pdf', bytes: pdf }], { pagesPerStudent: '3' }),
    });
    if (plain.status !== 201) throw new Error(`upload answered ${plain.status}: ${await plain.text()}`);
    console.log(`baseline, board of no class (no codes read): answer ${((performance.now() - plainStarted) / 1000).toFixed(1)} s`);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
