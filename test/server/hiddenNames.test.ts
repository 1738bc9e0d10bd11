// `?names=hidden` on page images: the server masks the page's name band before the image leaves
// it, so a projector showing the board with names hidden never receives the name's pixels.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNameBand } from '#shared/schema/batch.js';
import { createCard } from '#shared/schema/card.js';
import { pageAssetId, storePageImage } from '../../server/assets/pageImages.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

/** A page with a red name line across the top eighth and a red mark in the middle (the work). */
async function page(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1040">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <rect x="0" y="0" width="800" height="130" fill="#ff0000"/>
    <rect x="300" y="500" width="200" height="200" fill="#ff0000"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** Share of strongly red pixels in rows [from, to) of an image, as fractions of its height. */
async function redShare(image: Buffer, from: number, to: number): Promise<number> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [first, last] = [Math.floor(from * info.height), Math.floor(to * info.height)];
  let red = 0;
  for (let row = first; row < last; row++) {
    for (let x = 0; x < info.width; x++) {
      const i = (row * info.width + x) * 3;
      if ((data[i] ?? 0) > 200 && (data[i + 1] ?? 0) < 80 && (data[i + 2] ?? 0) < 80) red++;
    }
  }
  return red / ((last - first) * info.width);
}

/** Share of pixels with any red tint (thin red strokes read small blend with the paper) in rows [from, to). */
async function redTint(image: Buffer, from: number, to: number): Promise<number> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const [first, last] = [Math.floor(from * info.height), Math.floor(to * info.height)];
  let red = 0;
  for (let row = first; row < last; row++) {
    for (let x = 0; x < info.width; x++) {
      const i = (row * info.width + x) * 3;
      if ((data[i] ?? 0) - (data[i + 1] ?? 0) > 40) red++;
    }
  }
  return red / ((last - first) * info.width);
}

let server: TestServer;
let board: CreatedBoard;
let assetId: string;
/** Marks the band of the card's batch (the top `h` of the page), as the team does in the app. */
let markBand: (h: number) => void;
const cleanups: (() => unknown)[] = [];

const image = (query: string, token: string | null = board.tokens.viewer, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/boards/${board.id}/assets/${assetId}?${query}`, {
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

beforeAll(async () => {
  server = await startServer();
  cleanups.push(() => server.close());
  board = await createBoard(server.url);
  const bytes = await page();
  assetId = pageAssetId(bytes);
  await storePageImage(server.app.assets, board.id, bytes, assetId);
  const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
  cleanups.push(() => client.provider.destroy());
  await waitForSync(client.provider);
  createCard(client.doc, { student: 'Hana B.', pages: [assetId] });
  // The card's batch has no band yet: the default (top tenth) applies until the team marks one.
  await waitFor(async () => (await image('size=thumb&names=hidden')).status === 200, 'the page is served');
  markBand = (h) => setNameBand(client.doc, 'default', { x: 0, y: 0, w: 1, h });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('page images with names hidden', () => {
  it('come masked: the name line is covered, the work is not; without the flag the page is as scanned', async () => {
    for (const size of ['full', 'medium', 'thumb']) {
      const plain = Buffer.from(await (await image(`size=${size}`)).arrayBuffer());
      expect(await redShare(plain, 0, 0.1), `${size} as scanned`).toBeGreaterThan(0.9);
      const response = await image(`size=${size}&names=hidden`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/jpeg');
      const masked = Buffer.from(await response.arrayBuffer());
      expect(await redShare(masked, 0, 0.095), `${size} masked`).toBeLessThan(0.01);
      // The work in the middle of the page is untouched.
      expect(await redShare(masked, 0.5, 0.65), `${size} work`).toBeGreaterThan(0.2);
    }
  });

  it('follow the band the team marks, and are never kept on the device', async () => {
    const before = await image('size=thumb&names=hidden');
    const etag = before.headers.get('etag') as string;
    expect(before.headers.get('cache-control')).toBe('private, no-store');
    expect((await image('size=thumb&names=hidden', board.tokens.viewer, { 'if-none-match': etag })).status).toBe(304);
    // Default band covers the top tenth: the name's last rows (to an eighth) still show.
    expect(await redShare(Buffer.from(await before.arrayBuffer()), 0.105, 0.12)).toBeGreaterThan(0.5);
    markBand(0.14);
    await waitFor(async () => (await image('size=thumb&names=hidden')).headers.get('etag') !== etag, 'the new band reaches the server');
    const after = Buffer.from(await (await image('size=thumb&names=hidden')).arrayBuffer());
    expect(await redShare(after, 0, 0.135)).toBeLessThan(0.01);
  });

  it('need a token of the board like any page', async () => {
    expect((await image('size=thumb&names=hidden', null)).status).toBe(401);
    const other = await createBoard(server.url);
    expect((await image('size=thumb&names=hidden', other.tokens.viewer)).status).toBe(401);
  });
});

describe('names found at upload', () => {
  /**
   * A worksheet whose name line sits at a sixth of the page, below a printed header: the default
   * top tenth would leave the name readable. The name is written in red on the line.
   */
  async function worksheet(): Promise<Buffer> {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="850" height="1100">
      <rect width="100%" height="100%" fill="#ffffff"/>
      <rect x="60" y="30" width="730" height="60" fill="#333333"/>
      ${Array.from({ length: 12 }, (_, i) => `<path d="M ${100 + i * 22} 176 l 9 -36 l 9 36" stroke="#ff0000" stroke-width="6" fill="none"/>`).join('')}
      <rect x="90" y="180" width="320" height="3" fill="#222222"/>
      <rect x="300" y="550" width="250" height="250" fill="#ff0000"/>
    </svg>`;
    return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
  }

  it('masks the name where the page has its name line, on single pages and on overview sheets', async () => {
    const fresh = await createBoard(server.url);
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await worksheet())], { type: 'image/jpeg' }), 'Hana B.jpg');
    const uploaded = await fetch(`${server.url}/api/boards/${fresh.id}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fresh.tokens.editor}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const answer = (await uploaded.json()) as { cards: { pages: string[]; batchId: string }[] };
    const page = answer.cards[0]?.pages[0] as string;
    expect(answer.cards[0]?.batchId).toEqual(expect.any(String));
    const get = async (path: string) => {
      const response = await fetch(`${server.url}/api/boards/${fresh.id}/${path}&token=${fresh.tokens.viewer}`);
      expect(response.status).toBe(200);
      return Buffer.from(await response.arrayBuffer());
    };
    // As scanned, the name is there; with names hidden its every row is covered, the work is not.
    expect(await redTint(await get(`assets/${page}?size=medium`), 0.13, 0.16)).toBeGreaterThan(0.05);
    for (const size of ['full', 'medium', 'thumb', 'tiny']) {
      const masked = await get(`assets/${page}?size=${size}&names=hidden`);
      expect(await redTint(masked, 0.12, 0.165), `${size} name`).toBeLessThan(0.002);
      expect(await redTint(masked, 0.52, 0.7), `${size} work`).toBeGreaterThan(0.2);
    }
    // A zoomed-out board loads pages on contact sheets: masked there too.
    const sheet = await get(`sheets?assets=${page}&names=hidden`);
    const { info } = await sharp(sheet).raw().toBuffer({ resolveWithObject: true });
    const cell = await sharp(sheet)
      .extract({ left: 0, top: 0, width: Math.min(info.width, 180), height: Math.min(info.height, 240) })
      .toBuffer();
    expect(await redTint(cell, 0.12, 0.165)).toBeLessThan(0.005);
    const plainSheet = await get(`sheets?assets=${page}&size=tiny`);
    expect(
      await redTint(await sharp(plainSheet).extract({ left: 0, top: 0, width: 180, height: 240 }).toBuffer(), 0.13, 0.16),
    ).toBeGreaterThan(0.1);
  });
});
