// "Who is this?" reading names, against the server run as `npm start` runs it (a child process):
// 30 worksheets with printed names, scanned at 200 dpi, uploaded to a board of the class; then the
// name region of every card is read, one after another as a teacher goes through them. Prints the
// first reading (the engine starting), the others, how many put the right student first, and the
// server's memory (VmRSS while reading, VmHWM over the run). Asserts nothing.
// Run: npx tsx test/bench/nameReading.bench.ts
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { namedWorksheetsPdf } from '../fixtures/classSets.js';
import { startServerProcess } from '../fixtures/process.js';
import { uploadForm } from '../fixtures/scans.js';

const FIRST = ['Ada', 'Alan', 'Grace', 'Katherine', 'Dmitri', 'Aisha', 'María', 'Kenji', 'Fatima', 'Olu'];
const LAST = ['Lovelace', 'Turing', 'Hopper'];
const NAMES = LAST.flatMap((last) => FIRST.map((first) => `${first} ${last}`));

function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
}

async function json<T>(response: Promise<Response>): Promise<T> {
  const answer = await response;
  if (!answer.ok) throw new Error(`${answer.url} answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as T;
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worksort-bench-'));
const server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
const pid = server.child.pid as number;
try {
  const team = await json<{ id: string; tokens: { editor: string }; students: { studentId: string; name: string }[] }>(
    fetch(`${server.url}/api/classes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Bench class', students: NAMES.map((name) => ({ name })) }),
    }),
  );
  const auth = { authorization: `Bearer ${team.tokens.editor}` };
  const board = await json<{ id: string }>(
    fetch(`${server.url}/api/classes/${team.id}/boards`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Bench board' }),
    }),
  );
  const pdf = await namedWorksheetsPdf(NAMES, 200);
  const { cards } = await json<{ cards: { id: string }[] }>(
    fetch(`${server.url}/api/boards/${board.id}/uploads`, {
      method: 'POST',
      headers: auth,
      body: uploadForm([{ name: 'set.pdf', bytes: pdf }]),
    }),
  );
  console.log(`${cards.length} cards uploaded; server RSS before reading ${memoryMb(pid, 'VmRSS')} MB`);

  const times: number[] = [];
  let right = 0;
  let rssPeak = 0;
  for (const [i, card] of cards.entries()) {
    const started = performance.now();
    const reading = await json<{ suggestions: { name: string }[] }>(
      fetch(`${server.url}/api/boards/${board.id}/cards/${card.id}/name-reading`, { headers: auth }),
    );
    times.push(performance.now() - started);
    rssPeak = Math.max(rssPeak, memoryMb(pid, 'VmRSS'));
    if (reading.suggestions[0]?.name === NAMES[i]) right++;
  }
  const rest = times.slice(1).sort((a, b) => a - b);
  const at = (q: number) => Math.round(rest[Math.min(rest.length - 1, Math.floor(q * rest.length))] as number);
  console.log(`first reading (engine starts): ${Math.round(times[0] as number)} ms`);
  console.log(`next ${rest.length}: p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`);
  console.log(`right student suggested first: ${right} of ${cards.length}`);
  console.log(`server RSS while reading, peak ${rssPeak} MB; VmHWM over the run ${memoryMb(pid, 'VmHWM')} MB`);
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
