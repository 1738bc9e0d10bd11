// No file or request can exhaust the server (issue 15): hostile files and heavy requests meet a
// budget, the caller gets a clear 4xx/503 with a retry hint, and everyone else is served. Real
// server, real SQLite, real worker threads; every fixture is generated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flateBombPdf } from '../fixtures/bombs.js';
import { scannedPdf, uploadForm, uprightPage } from '../fixtures/scans.js';
import { type CreatedBoard, createBoard, startServer, type TestServer } from '../fixtures/server.js';

const MiB = 1024 * 1024;

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { error?: string; message?: string; cards?: unknown[] };
}

async function upload(server: TestServer, board: CreatedBoard, files: { name: string; bytes: Uint8Array }[]): Promise<Answer> {
  const response = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.tokens.editor}` },
    body: uploadForm(files),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

async function cardCount(server: TestServer, board: CreatedBoard): Promise<number> {
  const response = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } });
  return ((await response.json()) as { cards: number }).cards;
}

describe('Flate bombs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  for (const bomb of [
    { title: 'a 100 KB PDF whose page unpacks to 96 MiB', make: () => flateBombPdf({ unpackedBytes: 96 * MiB }) },
    {
      title: 'a few-KB PDF whose page unpacks twice over to 512 MiB',
      make: () => flateBombPdf({ unpackedBytes: 512 * MiB, nested: true }),
    },
  ]) {
    it(`${bomb.title} is refused by name before any reader unpacks it, and nothing is stored`, { timeout: 60_000 }, async () => {
      const board = await createBoard(server.url);
      const bytes = await bomb.make();
      const rssBefore = process.memoryUsage.rss();
      const started = Date.now();
      const { status, body } = await upload(server, board, [
        { name: 'good.png', bytes: await uprightPage() },
        { name: 'copier.pdf', bytes },
      ]);
      expect({ status, error: body.error }).toEqual({ status: 413, error: 'unpacks_too_large' });
      expect(body.message).toMatch(/“copier\.pdf” holds compressed data that unpacks to more than 64 MB/);
      expect(Date.now() - started).toBeLessThan(20_000);
      // The workers share this process: unpacking the page would have shown here.
      expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(200 * MiB);
      expect(await cardCount(server, board)).toBe(0);
      // The server carries on reading honest PDFs.
      const next = await upload(server, board, [{ name: 'class.pdf', bytes: await scannedPdf({ pages: 2, dpi: 40 }) }]);
      expect(next.status).toBe(201);
    });
  }
});
