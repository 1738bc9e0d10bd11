// An uploaded page gets the region its student worked in, stored in the board document with its
// name region (README, "Card faces show the work"): the card's face is cropped to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageNameRegion } from '#shared/schema/batch.js';
import { pageWorkRegion } from '#shared/schema/workRegions.js';
import { uploadForm } from '../fixtures/scans.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { SHEET, SHEET_WORK, worksheetPage } from '../fixtures/worksheetPage.js';

const W = SHEET.width;
const H = SHEET.height;
const WORK = SHEET_WORK;

let server: TestServer;
let board: CreatedBoard;

beforeAll(async () => {
  server = await startServer();
  board = await createBoard(server.url);
});

afterAll(async () => {
  await server.close();
});

describe('an uploaded page', () => {
  it('comes with the region its student worked in: all of the work, none of the name band', async () => {
    const response = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.editor}` },
      body: uploadForm([{ name: 'page.jpg', bytes: await worksheetPage() }]),
    });
    expect(response.status).toBe(201);
    const { cards } = (await response.json()) as { cards: { pages: string[] }[] };
    const page = cards[0]?.pages[0] as string;
    const client = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    await waitForSync(client.provider);
    await waitFor(() => pageWorkRegion(client.doc, page) !== null, 'the work region');
    const work = pageWorkRegion(client.doc, page);
    const name = pageNameRegion(client.doc, page);
    client.provider.destroy();
    if (!work || !name) throw new Error('regions missing');
    // All of the work, with a little room.
    expect(work.x * W).toBeLessThanOrEqual(WORK.left);
    expect(work.y * H).toBeLessThanOrEqual(WORK.top);
    expect((work.x + work.w) * W).toBeGreaterThanOrEqual(WORK.right);
    expect((work.y + work.h) * H).toBeGreaterThanOrEqual(WORK.bottom);
    // Nothing of the name band, nor of the printed task above the box.
    expect(work.y).toBeGreaterThanOrEqual(name.y + name.h);
    expect(work.y * H).toBeGreaterThan(290);
    // A crop, not the page: the empty rest of the box is left out.
    expect(work.w * work.h).toBeLessThan(0.3);
  });
});
