// Blank pages in a class set without cover sheets: a blank sheet can separate students, and a
// student whose pages are all blank gets a card in the "No work shown" pile, never dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCard } from '#shared/schema/card.js';
import { NO_WORK_SHOWN_PILE_ID } from '#shared/schema/noWorkShown.js';
import { listPiles } from '#shared/schema/pile.js';
import { pageAssetId } from '../../server/assets/pageImages.js';
import { scannedPdf, uploadForm } from '../fixtures/scans.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function upload(board: CreatedBoard, bytes: Uint8Array, fields: Record<string, string>) {
  const response = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.tokens.editor}` },
    body: uploadForm([{ name: 'class.pdf', bytes }], fields),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { cards: { id: string; pages: string[] }[]; skippedBlankPages: number };
}

describe('blank pages', () => {
  it('with splitAtBlankPages, a blank sheet ends one student’s pages and the next page starts the next student', async () => {
    const board = await createBoard(server.url);
    const pdf = await scannedPdf({ pages: 7, blankPages: [2, 5] });
    const body = await upload(board, pdf, { splitAtBlankPages: 'true' });
    const ids = (indices: number[]) => indices.map((index) => pageAssetId(pdf, index));
    expect(body.cards.map((card) => card.pages)).toEqual([ids([0, 1]), ids([3, 4]), ids([6])]);
    expect(body.skippedBlankPages).toBe(2);
  });

  it('a student whose pages are all blank gets a card in the "No work shown" pile that everyone sees', async () => {
    const board = await createBoard(server.url);
    // Two pages a student, one-sided: the second student handed in two blank sheets.
    const pdf = await scannedPdf({ pages: 6, blankPages: [2, 3] });
    const client = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    await waitForSync(client.provider);
    const body = await upload(board, pdf, { pagesPerStudent: '2' });
    expect(body.cards).toHaveLength(3);
    const empty = body.cards[1] as { id: string; pages: string[] };
    expect(empty.pages).toEqual([pageAssetId(pdf, 2), pageAssetId(pdf, 3)]);
    await waitFor(() => getCard(client.doc, empty.id) !== null, 'the cards reach the client');
    expect(getCard(client.doc, empty.id)?.pileId).toBe(NO_WORK_SHOWN_PILE_ID);
    expect(listPiles(client.doc).find((pile) => pile.id === NO_WORK_SHOWN_PILE_ID)?.title).toBe('No work shown');
    expect(getCard(client.doc, body.cards[0]?.id as string)?.pileId).toBeNull();
    client.provider.destroy();
  });
});
