// Annotations travel into what the team takes away: ink drawn on a card's page is printed over its
// work in the PDF report, and a pile description's pin citations read as the pin's words and the
// student's label (numbered while names are hidden), never as raw tokens.
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCard } from '#shared/schema/card.js';
import { addPin, citationToken } from '#shared/schema/comments.js';
import { addStroke, boardInk } from '#shared/schema/ink.js';
import { createPile } from '#shared/schema/pile.js';
import { pageAssetId, storePageImage } from '../../server/assets/pageImages.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

let server: TestServer;
let board: CreatedBoard;
const cleanups: (() => unknown)[] = [];

async function workPage(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="850" height="1100"><rect width="100%" height="100%" fill="#fbfaf4"/><path d="M 80 200 q 120 -40 240 0" stroke="#333" stroke-width="5" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/** Fill colours of every path the PDF paints, as `r,g,b` (0–255). */
async function pathFills(bytes: ArrayBuffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  const fills: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const list = await (await pdf.getPage(n)).getOperatorList();
    let color = '';
    list.fnArray.forEach((fn, i) => {
      const args = list.argsArray[i] as unknown[];
      if (fn === OPS.setFillRGBColor) color = String(args[0]).toLowerCase();
      if (fn === OPS.fill || fn === OPS.eoFill || (fn === OPS.constructPath && args[0] === OPS.fill)) fills.push(color);
    });
  }
  await pdf.destroy();
  return fills;
}

beforeAll(async () => {
  server = await startServer();
  board = await createBoard(server.url, { title: 'Ink in the report', task: 'Solve 48 + 27.' });
  const image = await workPage();
  const { assetId } = await storePageImage(server.app.assets, board.id, image, pageAssetId(image));
  const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
  cleanups.push(() => editor.provider.destroy());
  await waitForSync(editor.provider);
  const doc = editor.doc;
  const pileId = createPile(doc, { title: 'Regroups tens', x: 0, y: 0, w: 400, h: 300 });
  const cardId = createCard(doc, { student: 'Ana Vega', pages: [assetId], pileId, order: 1 });
  addStroke(doc, {
    cardId,
    page: assetId,
    tool: 'pen',
    color: '#d7263d',
    width: 6,
    author: 'Ms. Rivera',
    points: Array.from({ length: 20 }, (_, i) => ({ x: 0.2 + i * 0.03, y: 0.4 + Math.sin(i / 3) * 0.05, pressure: 0.6 })),
  });
  const pinId = addPin(doc, {
    cardId,
    page: assetId,
    region: { x: 0.2, y: 0.3, w: 0.4, h: 0.2 },
    text: 'carries the ten here',
    author: { name: 'Mr. Chen', color: '#1b998b' },
  });
  const description = doc.getMap('piles').get(pileId) as import('yjs').Map<unknown>;
  (description.get('description') as import('yjs').Text).insert(0, `They regroup ${citationToken(pinId as string)}.`);
  await waitFor(async () => (await server.app.rooms.withRoom(board.id, (room) => boardInk(room.doc).size)) === 1, 'ink stored');
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server.close();
});

const get = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } });

describe('annotations in exports', () => {
  it("prints a card's ink over its work in the PDF report, in the drawer's colour", async () => {
    const response = await get(`/api/boards/${board.id}/export.pdf`);
    expect(response.status).toBe(200);
    const fills = await pathFills(await response.arrayBuffer());
    expect(fills.some((fill) => fill === '#d7263d' || fill === '215,38,61')).toBe(true);
  });

  it('reads pin citations in a pile description as the pin’s words and the student, names hidden or not', async () => {
    const shown = (await (await get(`/api/boards/${board.id}/export.json`)).json()) as { piles: { description: string }[] };
    expect(shown.piles[0]?.description).toBe('They regroup “carries the ten here” (Ana Vega).');
    const hidden = (await (await get(`/api/boards/${board.id}/export.json?names=hidden`)).json()) as { piles: { description: string }[] };
    expect(hidden.piles[0]?.description).toBe('They regroup “carries the ten here” (Student 1).');
  });
});
