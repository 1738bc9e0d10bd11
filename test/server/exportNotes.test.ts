// Sticky notes travel into the exports: the JSON lists every note with words on it (with the pile
// it is stuck on), and the PDF report prints a pile's notes under that pile and the board's own
// notes after the piles.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportModel } from '#shared/exportModel.js';
import { addNote } from '#shared/schema/notes.js';
import { createPile, deletePile } from '#shared/schema/pile.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

let server: TestServer;
let board: CreatedBoard;
let pileId: string;
const notes: Record<'onPile' | 'onBoard' | 'empty' | 'orphan', string> = { onPile: '', onBoard: '', empty: '', orphan: '' };
const cleanups: (() => unknown)[] = [];

const get = (path: string) =>
  fetch(`${server.url}/api/boards/${board.id}/${path}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } });

async function pdfPages(bytes: ArrayBuffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return pages;
}

beforeAll(async () => {
  server = await startServer();
  cleanups.push(() => server.close());
  board = await createBoard(server.url, { title: 'Notes board', task: 'Add 48 + 27' });
  const { doc, provider } = connectClient(server.wsUrl, board.id, board.tokens.editor);
  cleanups.push(() => provider.destroy());
  await waitForSync(provider);
  doc.transact(() => {
    pileId = createPile(doc, { title: 'Counts on', x: 0, y: 0, w: 400, h: 300 });
    const gone = createPile(doc, { title: 'Deleted later', x: 500, y: 0, w: 400, h: 300 });
    notes.onPile = addNote(doc, { pileId, x: 10, y: 10, text: 'Ask them to count on from the larger number', color: '#ffd6e0' });
    notes.onBoard = addNote(doc, { x: 900, y: 900, text: 'Bring base-ten blocks on Tuesday' });
    notes.empty = addNote(doc, { x: 0, y: 600, text: '   ' });
    notes.orphan = addNote(doc, { pileId: gone, x: 5, y: 5, text: 'Was on a pile that is gone' });
    deletePile(doc, gone);
  });
  await waitFor(async () => ((await (await get('export.json')).json()) as ExportModel).notes?.length === 3, 'the notes reach the server');
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('sticky notes in the exports', () => {
  it('the JSON lists the notes with words, with their pile; a note of a deleted pile is on the board', async () => {
    const model = (await (await get('export.json')).json()) as ExportModel;
    // Notes made in the same millisecond have no order between them: compare as a set.
    const byText = (a: { text: string }, b: { text: string }) => a.text.localeCompare(b.text);
    expect([...model.notes].sort(byText)).toEqual(
      [
        { id: notes.onPile, text: 'Ask them to count on from the larger number', color: '#ffd6e0', pileId },
        { id: notes.onBoard, text: 'Bring base-ten blocks on Tuesday', color: '#fff3a3', pileId: null },
        { id: notes.orphan, text: 'Was on a pile that is gone', color: '#fff3a3', pileId: null },
      ].sort(byText),
    );
  });

  it('the PDF prints a pile’s notes with the pile and the board’s notes after the piles', async () => {
    const pages = (await pdfPages(await (await get('export.pdf')).arrayBuffer())).join('\n');
    const pile = pages.lastIndexOf('Counts on');
    const onPile = pages.indexOf('Ask them to count on from the larger number');
    const boardHeading = pages.indexOf('NOTES ON THE BOARD');
    expect(onPile).toBeGreaterThan(pile);
    expect(pages.indexOf('STICKY NOTES ON THIS PILE')).toBeGreaterThan(pile);
    expect(boardHeading).toBeGreaterThan(onPile);
    expect(pages.indexOf('Bring base-ten blocks on Tuesday')).toBeGreaterThan(boardHeading);
    expect(pages.indexOf('Was on a pile that is gone')).toBeGreaterThan(boardHeading);
  });
});
