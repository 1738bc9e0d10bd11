// No file or request can exhaust the server (issue 15): hostile files and heavy requests meet a
// budget, the caller gets a clear 4xx/503 with a retry hint, and everyone else is served. Real
// server, real SQLite, real worker threads; every fixture is generated.
import crypto from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flateBombPdf } from '../fixtures/bombs.js';
import { scannedPdf, uploadForm, uprightPage } from '../fixtures/scans.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

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

/**
 * An upload whose body arrives only in part and then stalls, as over a slow school connection:
 * it holds its turn until `finish` sends the rest (or `abort` drops it). Resolves with its answer.
 */
function slowUpload(server: TestServer, board: CreatedBoard, bytes: Buffer) {
  const boundary = 'worksort-slow-upload';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="slow.png"\r\nContent-Type: image/png\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const request = http.request(`${server.url}/api/boards/${board.id}/uploads`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${board.tokens.editor}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': head.length + bytes.length + tail.length,
    },
  });
  const answer = new Promise<{ status: number }>((resolve, reject) => {
    request.on('response', (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0 });
    });
    request.on('error', reject);
  });
  request.write(Buffer.concat([head, bytes.subarray(0, 100)]));
  return {
    answer,
    finish: () => request.end(Buffer.concat([bytes.subarray(100), tail])),
    abort: () => request.destroy(),
  };
}

/** Uploads running or waiting, as /metrics reports them. */
async function uploadsAt(server: TestServer, state: 'running' | 'waiting'): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const match = new RegExp(`^worksort_work_in_progress\\{kind="upload",state="${state}"\\} (\\d+)$`, 'm').exec(text);
  return Number(match?.[1] ?? Number.NaN);
}

describe('uploads at once', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ CONCURRENT_UPLOADS: '1', WAITING_UPLOADS: '1', UPLOADS_PER_BOARD: '1' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('wait their turn before their files are read; past the queue the caller is told when to retry', async () => {
    const page = await uprightPage();
    const [first, second, third] = [await createBoard(server.url), await createBoard(server.url), await createBoard(server.url)];
    const slow = slowUpload(server, first, page);
    await waitFor(async () => (await uploadsAt(server, 'running')) === 1, 'the slow upload has its turn');
    // The board's one upload is under way: a second on it is refused at once, with a retry hint.
    const sameBoard = await upload(server, first, [{ name: 'Ana.png', bytes: page }]);
    expect(sameBoard).toMatchObject({ status: 429, body: { error: 'uploads_in_progress' } });
    expect(Number(sameBoard.retryAfter)).toBeGreaterThanOrEqual(10);
    // Another board's upload waits in line, its body unread…
    const queued = upload(server, second, [{ name: 'Ben.png', bytes: page }]);
    await waitFor(async () => (await uploadsAt(server, 'waiting')) === 1, 'the second upload waits');
    // …and with the line full, a third board hears 503 and when to come back.
    const refused = await upload(server, third, [{ name: 'Cy.png', bytes: page }]);
    expect(refused).toMatchObject({ status: 503, body: { error: 'busy' } });
    expect(refused.body.message).toMatch(/try again in \d+ seconds/);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(10);
    // The server keeps serving everything else meanwhile.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    slow.finish();
    expect((await slow.answer).status).toBe(201);
    expect((await queued).status).toBe(201);
    expect(await cardCount(server, second)).toBe(1);
    // Every turn was given back.
    expect((await upload(server, third, [{ name: 'Cy.png', bytes: page }])).status).toBe(201);
  });

  it('an upload dropped half-way gives its turn back', async () => {
    const board = await createBoard(server.url);
    const slow = slowUpload(server, board, await uprightPage());
    void slow.answer.catch(() => {});
    await waitFor(async () => (await uploadsAt(server, 'running')) === 1, 'the slow upload has its turn');
    slow.abort();
    await waitFor(async () => (await uploadsAt(server, 'running')) === 0, 'its turn is given back');
    expect((await upload(server, board, [{ name: 'Ana.png', bytes: await uprightPage() }])).status).toBe(201);
  });
});

describe('upload memory', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ UPLOAD_MEMORY_BYTES: String(256 * 1024), INGEST_MEMORY_BYTES: String(64 * MiB) });
  });
  afterAll(async () => {
    await server.close();
  });

  it('uploads together may hold only so many bytes; past that the caller is told when to retry', async () => {
    const board = await createBoard(server.url);
    const small = await uprightPage();
    const big = Buffer.concat([small, Buffer.alloc(300 * 1024)]);
    const refused = await upload(server, board, [{ name: 'big.png', bytes: big }]);
    expect(refused).toMatchObject({ status: 503, body: { error: 'busy' } });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(15);
    // What the refused upload held was given back: a small one fits again, and again.
    for (const name of ['Ana.png', 'Ben.png']) {
      expect((await upload(server, board, [{ name, bytes: await uprightPage({ pageNumber: name.length }) }])).status).toBe(201);
    }
  });

  it('past the ingest memory budget, PDF reading is stopped and the caller is told when to retry', async () => {
    // This test process alone is past 64 MiB, so every worker task is stopped at once.
    const board = await createBoard(server.url);
    const answer = await upload(server, board, [{ name: 'class.pdf', bytes: await scannedPdf({ pages: 1, dpi: 30 }) }]);
    expect(answer).toMatchObject({ status: 503, body: { error: 'busy' } });
    expect(answer.body.message).toMatch(/short of memory/);
    expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(30);
    expect(await cardCount(server, board)).toBe(0);
    // Pictures that need no worker thread still come in.
    expect((await upload(server, board, [{ name: 'Ana.png', bytes: await uprightPage() }])).status).toBe(201);
  });
});

describe('/metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ METRICS_TOKEN: 'scrape-secret-1234' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('with METRICS_TOKEN set, answers only a scraper holding it', async () => {
    const open = await fetch(`${server.url}/metrics`);
    expect(open.status).toBe(401);
    expect(await open.json()).toMatchObject({ error: 'unauthorized' });
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const scraped = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-secret-1234' } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('worksort_work_in_progress');
  });

  it('is rate-limited like any other request, not open to endless scraping', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) statuses.push((await fetch(`${server.url}/metrics`)).status);
    expect(statuses).toContain(429);
  });
});

describe('snapshots of a board', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ SNAPSHOTS_PER_BOARD: '3', SNAPSHOT_BYTES_PER_BOARD: String(64 * 1024) });
  });
  afterAll(async () => {
    await server.close();
  });

  const save = (board: CreatedBoard, name: string) =>
    fetch(`${server.url}/api/boards/${board.id}/snapshots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.editor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });

  it('are kept up to a number per board; past it saving is refused clearly and other boards carry on', async () => {
    const [full, other] = [await createBoard(server.url), await createBoard(server.url)];
    for (const week of [1, 2, 3]) expect((await save(full, `week ${week}`)).status).toBe(201);
    const refused = await save(full, 'week 4');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'too_many_snapshots', message: expect.stringMatching(/already has 3 snapshots/) });
    expect((await save(other, 'week 1')).status).toBe(201);
  });

  it('take at most so many bytes per board together', async () => {
    const board = await createBoard(server.url);
    const { doc, provider } = connectClient(server.wsUrl, board.id, board.tokens.editor);
    try {
      await waitForSync(provider);
      // 25 KB of a team's notes: two snapshots of it fit in 64 KiB, a third does not.
      doc.getMap('scratch').set('notes', crypto.randomBytes(12_500).toString('hex'));
      // Seen by a second participant: the server has them.
      const watcher = connectClient(server.wsUrl, board.id, board.tokens.viewer);
      await waitFor(() => watcher.doc.getMap('scratch').has('notes'), 'the notes reach the server');
      watcher.provider.destroy();
      expect((await save(board, 'first')).status).toBe(201);
      expect((await save(board, 'second')).status).toBe(201);
      const refused = await save(board, 'third');
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({
        error: 'snapshots_too_large',
        message: expect.stringMatching(/more than the 0\.1 MB a board may keep/),
      });
    } finally {
      provider.destroy();
    }
  });
});

describe('contact sheets', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('asked for in many orders at once are made a few at a time; the rest are told when to retry', { timeout: 60_000 }, async () => {
    const board = await createBoard(server.url);
    const files = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async (n) => ({ name: `p${n}.png`, bytes: await uprightPage({ pageNumber: n }) })),
    );
    const uploaded = await upload(server, board, files);
    expect(uploaded.status).toBe(201);
    const ids = (uploaded.body.cards as { pages: string[] }[]).map((card) => card.pages[0] as string);
    // 40 different orders of the same six pages, all at once.
    const orders = Array.from({ length: 40 }, (_, n) => {
      const order = [...ids];
      for (let i = order.length - 1; i > 0; i--) {
        const j = (n * 7 + i * 13) % (i + 1);
        [order[i], order[j]] = [order[j] as string, order[i] as string];
      }
      return [...order, ids[n % ids.length] as string, ids[(n * 5) % ids.length] as string];
    });
    const answers = await Promise.all(
      orders.map(async (order) => {
        const response = await fetch(`${server.url}/api/boards/${board.id}/sheets?assets=${order.join(',')}&token=${board.tokens.viewer}`);
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.arrayBuffer() };
      }),
    );
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer.status).toBe(429);
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(2);
    }
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(16);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("a student's history", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('is read a few at a time per board; the rest are told when to retry, and answers agree', { timeout: 60_000 }, async () => {
    const board = await createBoard(server.url);
    const { doc, provider } = connectClient(server.wsUrl, board.id, board.tokens.editor);
    try {
      await waitForSync(provider);
      doc.getMap('scratch').set('notes', 'week one');
      const watcher = connectClient(server.wsUrl, board.id, board.tokens.viewer);
      await waitFor(() => watcher.doc.getMap('scratch').has('notes'), 'the change reaches the server');
      watcher.provider.destroy();
    } finally {
      provider.destroy();
    }
    for (let week = 1; week <= 20; week++) {
      const saved = await fetch(`${server.url}/api/boards/${board.id}/snapshots`, {
        method: 'POST',
        headers: { authorization: `Bearer ${board.tokens.editor}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `week ${week}` }),
      });
      expect(saved.status).toBe(201);
    }
    const history = async () => {
      const response = await fetch(`${server.url}/api/boards/${board.id}/students/history?live=true`, {
        headers: { authorization: `Bearer ${board.tokens.viewer}` },
      });
      return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as unknown };
    };
    const answers = await Promise.all(Array.from({ length: 12 }, history));
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    for (const answer of refused) {
      expect(answer).toMatchObject({ status: 429, body: { error: 'history_in_progress' } });
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(5);
    }
    const served = answers.filter((answer) => answer.status === 200);
    expect(served.length).toBeGreaterThanOrEqual(4);
    // Read again (from kept snapshots), the history is the same.
    const again = await history();
    expect(again.status).toBe(200);
    const columns = (body: unknown) => (body as { columns: { id: string }[] }).columns.map((column) => column.id);
    for (const answer of served) expect(columns(answer.body)).toEqual(columns(again.body));
    expect(columns(again.body)).toHaveLength(21);
  });
});

describe('demo boards', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('are made one at a time with a few waiting; past that the caller is told when to retry', { timeout: 180_000 }, async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
        return {
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          body: (await response.json()) as Answer['body'],
        };
      }),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, 201, 201, 503, 503]);
    for (const answer of answers.filter((each) => each.status === 503)) {
      expect(answer.body).toMatchObject({ error: 'busy', message: expect.stringMatching(/trying the demo/) });
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(10);
    }
  });
});
