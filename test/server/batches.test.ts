// Upload batches and the picture sizes a sorting board draws: each upload is one batch, so the name
// band a teacher marks on one page covers that upload's cards and no other's; every page is served
// in a tiny size for a zoomed-out board, made on request for pages stored before there was one.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchOf, readNameBands, setNameBand } from '#shared/schema/batch.js';
import { listCards } from '#shared/schema/card.js';
import { SHEET_CELL } from '#shared/sheets.js';
import { ASSET_MAX_SIDE } from '../../server/assets/pageImages.js';
import { uploadForm, uprightPage } from '../fixtures/scans.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

let server: TestServer;
let board: CreatedBoard;

beforeAll(async () => {
  server = await startServer();
  board = await createBoard(server.url);
});
afterAll(async () => {
  await server?.close();
});

/** Pages drawn so far: every page differs, so none is stored once for two cards. */
let pagesMade = 0;

async function upload(names: string[]): Promise<{ id: string; pages: string[] }[]> {
  const files = await Promise.all(names.map(async (name) => ({ name, bytes: await uprightPage({ pageNumber: ++pagesMade }) })));
  const response = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.tokens.editor}` },
    body: uploadForm(files),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { cards: { id: string; pages: string[] }[] }).cards;
}

describe('upload batches', { timeout: 60_000 }, () => {
  it('each upload is one batch: a name band marked for it covers its cards and none of another upload', async () => {
    const first = await upload(['Ana Ruiz.jpg', 'Ben Okafor.jpg']);
    const second = await upload(['Cleo Park.jpg']);
    const { doc, provider } = connectClient(server.wsUrl, board.id, board.tokens.editor);
    try {
      await waitForSync(provider);
      await waitFor(() => listCards(doc).length === 3, 'the three cards are on the board');
      const batchById = new Map(listCards(doc).map((card) => [card.id, batchOf(card)]));
      const [a, b] = first.map((card) => batchById.get(card.id));
      const c = batchById.get(second[0]?.id as string);
      expect(a).toBe(b);
      expect(c).not.toBe(a);

      setNameBand(doc, a as string, { x: 0.05, y: 0.02, w: 0.6, h: 0.1 });
      const bands = readNameBands(doc);
      for (const card of first) expect(bands.get(batchById.get(card.id) as string)).toEqual({ x: 0.05, y: 0.02, w: 0.6, h: 0.1 });
      expect(bands.get(c as string)).toBeUndefined();
    } finally {
      provider.destroy();
    }
  });
});

describe('picture sizes', { timeout: 60_000 }, () => {
  const fetchSize = (assetId: string, size: string) =>
    fetch(`${server.url}/api/boards/${board.id}/assets/${assetId}?size=${size}&token=${board.tokens.viewer}`);

  it('every page comes in a tiny size for a zoomed-out board, smaller than its thumbnail', async () => {
    const [card] = await upload(['Dev Shah.jpg']);
    const assetId = card?.pages[0] as string;
    const tiny = await fetchSize(assetId, 'tiny');
    const thumb = await fetchSize(assetId, 'thumb');
    expect(tiny.status).toBe(200);
    expect(tiny.headers.get('content-type')).toBe('image/jpeg');
    const tinyBytes = Buffer.from(await tiny.arrayBuffer());
    const thumbBytes = Buffer.from(await thumb.arrayBuffer());
    const meta = await sharp(tinyBytes).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(ASSET_MAX_SIDE.tiny);
    expect(tinyBytes.length).toBeLessThan(thumbBytes.length);
  });

  it('a page stored before there was a tiny size gets one made from its thumbnail on first request', async () => {
    const [card] = await upload(['Eli Brooks.jpg']);
    const assetId = card?.pages[0] as string;
    const stored = fs
      .readdirSync(path.join(server.dataDir, 'assets', board.id), { recursive: true })
      .map(String)
      .find((file) => file.endsWith(`${assetId}-tiny.jpg`));
    expect(stored).toMatch(new RegExp(`(^|/)${assetId}-tiny\\.jpg$`));
    fs.rmSync(path.join(server.dataDir, 'assets', board.id, stored as string));

    const response = await fetchSize(assetId, 'tiny');
    expect(response.status).toBe(200);
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(ASSET_MAX_SIDE.tiny);
    // Kept for the next viewer.
    expect(fs.existsSync(path.join(server.dataDir, 'assets', board.id, stored as string))).toBe(true);
  });

  it('a contact sheet holds the tiny pictures of many pages, each in its cell, with their sizes', async () => {
    const cards = await upload(['Fay Lin.jpg', 'Gus Hale.jpg', 'Hugo Marr.jpg']);
    const assetIds = cards.map((card) => card.pages[0] as string);
    const response = await fetch(
      `${server.url}/api/boards/${board.id}/sheets?assets=${assetIds.join(',')}&size=tiny&token=${board.tokens.viewer}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    const cells = JSON.parse(response.headers.get('x-sheet-cells') ?? '[]') as [number, number][];
    const sheet = Buffer.from(await response.arrayBuffer());
    expect((await sharp(sheet).metadata()).width).toBe(3 * SHEET_CELL);
    for (const [index, assetId] of assetIds.entries()) {
      const tiny = Buffer.from(await (await fetchSize(assetId, 'tiny')).arrayBuffer());
      const { data: expected, info } = await sharp(tiny).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect(cells[index]).toEqual([info.width, info.height]);
      // The cell shows that page's picture (JPEG twice over: close, not identical).
      const { data: cut } = await sharp(sheet)
        .extract({ left: index * SHEET_CELL, top: 0, width: info.width, height: info.height })
        .raw()
        .toBuffer({ resolveWithObject: true });
      let difference = 0;
      for (let i = 0; i < cut.length; i++) difference += Math.abs((cut[i] ?? 0) - (expected[i] ?? 0));
      expect(difference / cut.length).toBeLessThan(6);
    }
  });

  it('a contact sheet needs a token of the board and page ids, nothing else', async () => {
    const other = await createBoard(server.url);
    const [card] = await upload(['Ida Moss.jpg']);
    const assetId = card?.pages[0] as string;
    const sheetOf = (assets: string, token: string) =>
      fetch(`${server.url}/api/boards/${board.id}/sheets?assets=${assets}&size=tiny&token=${token}`);
    expect((await sheetOf(assetId, other.tokens.viewer)).status).toBe(401);
    expect((await sheetOf(`${assetId},../../secrets`, board.tokens.viewer)).status).toBe(404);
  });
});
