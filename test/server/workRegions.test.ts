// An uploaded page gets the region its student worked in, stored in the board document with its
// name region (README, "Card faces show the work"): the card's face is cropped to it.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageNameRegion } from '#shared/schema/batch.js';
import { pageWorkRegion } from '#shared/schema/workRegions.js';
import { uploadForm } from '../fixtures/scans.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

const W = 1275;
const H = 1650;
/** Where the student's work is drawn on the page, in pixels. */
const WORK = { left: 380, top: 620, right: 744, bottom: 900 };

/** A worksheet: a name on its line, the printed task, a box to work in and the work in it. */
async function worksheet(): Promise<Buffer> {
  const strokes = Array.from({ length: 6 }, (_, row) =>
    Array.from(
      { length: 11 },
      (_, i) =>
        `<path d="M ${WORK.left + i * 34} ${WORK.top + 40 + row * 48} l 12 -40 l 12 40" stroke="#444" stroke-width="4" fill="none"/>`,
    ).join(''),
  ).join('');
  const name = Array.from(
    { length: 6 },
    (_, i) => `<path d="M ${220 + i * 30} 130 l 10 -40 l 10 40" stroke="#333" stroke-width="4" fill="none"/>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
    <rect width="100%" height="100%" fill="#fbfaf5"/>
    <rect x="200" y="138" width="500" height="3" fill="#222"/>${name.join('')}
    <rect x="95" y="240" width="600" height="22" fill="#555"/>
    <rect x="95" y="290" width="1085" height="1100" fill="none" stroke="#333" stroke-width="3"/>
    ${strokes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

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
      body: uploadForm([{ name: 'page.jpg', bytes: await worksheet() }]),
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
