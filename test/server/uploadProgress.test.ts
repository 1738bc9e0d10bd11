// While the server reads an upload's pages, the uploader can ask how far it is (the upload
// dialog's progress bar): page by page, for the upload's sender only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageNameRegion } from '#shared/schema/batch.js';
import { scannedPdf, uploadForm } from '../fixtures/scans.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

let server: TestServer;
let board: CreatedBoard;

beforeAll(async () => {
  server = await startServer();
  board = await createBoard(server.url);
});

afterAll(async () => {
  await server.close();
});

interface Stage {
  phase: string;
  done: number;
  total: number;
}

const stageOf = async (uploadId: string, token = board.tokens.editor) =>
  fetch(`${server.url}/api/boards/${board.id}/uploads/${uploadId}/progress`, { headers: { authorization: `Bearer ${token}` } });

describe('an upload in progress', () => {
  it('reports each page read, then each page stored, and its pages come with their name regions', async () => {
    const pages = 6;
    const pdf = await scannedPdf({ pages });
    const uploadId = 'progress-test-0123456789';
    const seen: Stage[] = [];
    let finished = false;
    const upload = fetch(`${server.url}/api/boards/${board.id}/uploads?progress=${uploadId}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.editor}` },
      body: uploadForm([{ name: 'class.pdf', bytes: pdf }]),
    }).finally(() => {
      finished = true;
    });
    // Polled as the dialog does, until the answer comes.
    while (!finished) {
      const response = await stageOf(uploadId);
      expect(response.status).toBe(200);
      seen.push((await response.json()) as Stage);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const answer = await upload;
    expect(answer.status).toBe(201);
    const final = (await (await stageOf(uploadId)).json()) as Stage;
    expect(final).toEqual({ phase: 'storing', done: pages - 1, total: pages });
    const reading = seen.filter((stage) => stage.phase === 'reading');
    expect(reading.length).toBeGreaterThan(0);
    for (const stage of reading) expect(stage.total).toBe(pages);
    // Never backwards.
    const order = ['waiting', 'reading', 'storing'];
    for (let i = 1; i < seen.length; i++) {
      const [before, after] = [seen[i - 1] as Stage, seen[i] as Stage];
      const rank = (stage: Stage) => order.indexOf(stage.phase) * 1000 + stage.done;
      expect(rank(after)).toBeGreaterThanOrEqual(rank(before));
    }
    // Every page of the upload has the name region found for it, in the document everyone has.
    const { cards } = (await answer.json()) as { cards: { pages: string[] }[] };
    const client = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    await waitForSync(client.provider);
    await waitFor(() => cards.every((card) => card.pages.every((page) => pageNameRegion(client.doc, page) !== null)), 'name regions');
    client.provider.destroy();
  });

  it('is told only to the board’s editors, under an id too long to guess', async () => {
    expect((await stageOf('progress-test-0123456789', board.tokens.viewer)).status).toBe(403);
    expect((await stageOf('short')).status).toBe(400);
  });
});
