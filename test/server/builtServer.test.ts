// The server as `npm start` runs it: the built bundle in server/dist, whose lazily loaded parts
// (the ingest pipeline, its worker thread, contact sheets) live in files of their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../fixtures/process.js';
import { encryptPdf, rotatedPagePdf, uploadForm } from '../fixtures/scans.js';
import { createBoard, tempDataDir } from '../fixtures/server.js';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ DATA_DIR: tempDataDir() });
});
afterAll(() => server?.stop());

describe('the built server', () => {
  it('reads a PDF page with pdf.js in its worker thread and serves the page and its contact sheet', async () => {
    const board = await createBoard(server.url);
    // Encrypted, the scan's JPEG cannot be taken as it is: the worker thread renders the page.
    const pdf = await encryptPdf(await rotatedPagePdf(), '');
    const response = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.editor}` },
      body: uploadForm([{ name: 'Ben T.pdf', bytes: pdf }]),
    });
    expect(response.status).toBe(201);
    const { cards } = (await response.json()) as { cards: { student: string; pages: string[] }[] };
    expect(cards.map((card) => card.student)).toEqual(['Ben T.']);
    const page = cards[0]?.pages[0] as string;

    const full = await fetch(`${server.url}/api/boards/${board.id}/assets/${page}?token=${board.tokens.viewer}`);
    expect([full.status, full.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    const sheet = await fetch(`${server.url}/api/boards/${board.id}/sheets?assets=${page}&size=tiny&token=${board.tokens.viewer}`);
    expect([sheet.status, JSON.parse(sheet.headers.get('x-sheet-cells') ?? '[]').length]).toEqual([200, 1]);
  });
});
