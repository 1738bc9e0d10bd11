// Lesson study in the exports: the focus students come first in the JSON, the CSV and the PDF
// report (their cards marked), and the report prints each card's evidence pins with their replies.
import { parse } from 'csv-parse/sync';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { type ExportModel, ExportModelSchema } from '#shared/exportModel.js';
import { createCard } from '#shared/schema/card.js';
import { addPin, replyToPin } from '#shared/schema/comments.js';
import { boardFocus, readFocusStudents, setFocusStudent } from '#shared/schema/focus.js';
import { createPile } from '#shared/schema/pile.js';
import { pageAssetId, storePageImage } from '../../server/assets/pageImages.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

let server: TestServer;
let board: CreatedBoard;
let editorDoc: Y.Doc;
const ids = new Map<string, string>();
const cleanups: (() => unknown)[] = [];

/** A page of work: paper and a few pencil lines, as JPEG. */
async function workPage(seed: number): Promise<Buffer> {
  const lines = Array.from(
    { length: 5 },
    (_, i) => `<path d="M 80 ${150 + i * 120 + seed * 3} h 600" stroke="#333" stroke-width="5"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="850" height="1100"><rect width="100%" height="100%" fill="#fbfaf4"/>${lines}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

function get(path: string, token = board.tokens.viewer): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

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

async function focusOnServer(): Promise<string[]> {
  return server.app.rooms.withRoom(board.id, (room) => readFocusStudents(room.doc));
}

beforeAll(async () => {
  server = await startServer();
  board = await createBoard(server.url, { title: 'Fractions · lesson study', task: 'Place 3/4 on the number line.' });
  const pages: string[] = [];
  for (let i = 0; i < 6; i++) {
    const image = await workPage(i);
    pages.push((await storePageImage(server.app.assets, board.id, image, pageAssetId(image))).assetId);
  }
  const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
  cleanups.push(() => editor.provider.destroy());
  await waitForSync(editor.provider);
  editorDoc = editor.doc;
  const benchmarks = createPile(editorDoc, { title: 'Uses benchmarks', x: 0, y: 0, w: 500, h: 300, color: '#0072b2' });
  const parts = createPile(editorDoc, { title: 'Counts equal parts', x: 600, y: 0, w: 500, h: 300, color: '#e69f00' });
  const students: [string, string | null, string[]][] = [
    ['Ana Ruiz', benchmarks, [pages[0] as string]],
    ['Ben Okafor', benchmarks, [pages[1] as string]],
    ['Ngọc Trần', parts, [pages[2] as string, pages[3] as string]],
    ['Dee Park', parts, [pages[4] as string]],
    ['Eli Stone', null, [pages[5] as string]],
  ];
  for (const [order, [student, pileId, cardPages]] of students.entries()) {
    ids.set(student, createCard(editorDoc, { student, pages: cardPages, pileId, order }));
  }
  // The team follows Dee, then Ben.
  setFocusStudent(editorDoc, ids.get('Dee Park') as string, true, 1);
  setFocusStudent(editorDoc, ids.get('Ben Okafor') as string, true, 2);
  const author = { name: 'Ms. Rivera', color: '#2451b7' };
  const pin = addPin(editorDoc, {
    cardId: ids.get('Ben Okafor') as string,
    page: pages[1] as string,
    region: { x: 0.2, y: 0.3, w: 0.3, h: 0.1 },
    text: 'Halves the whole first, then halves again',
    author,
    createdAt: 1,
  });
  replyToPin(editorDoc, pin as string, 'Same move as in the fall sort', { name: 'Mr. Chen', color: '#009e73' }, 2);
  addPin(editorDoc, {
    cardId: ids.get('Ngọc Trần') as string,
    page: pages[3] as string,
    region: { x: 0.5, y: 0.5, w: 0.2, h: 0.2 },
    text: 'Checks 3/4 against 1/2 on the back page',
    author,
    createdAt: 3,
  });
  await waitFor(async () => (await focusOnServer()).length === 2, 'the focus students are on the server');
  await waitFor(
    async () => server.app.rooms.withRoom(board.id, (room) => room.doc.getMap('comments').size === 2),
    'the pins are on the server',
  );
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server.close();
});

describe('focus students in the exports', () => {
  it('JSON marks each card and lists the focus students in the order they were marked, first in their pile', async () => {
    const model = (await (await get(`/api/boards/${board.id}/export.json`)).json()) as ExportModel;
    expect(Value.Check(ExportModelSchema, model)).toBe(true);
    expect(model.focusStudents).toEqual([ids.get('Dee Park'), ids.get('Ben Okafor')]);
    const cards = model.piles.map((pile) => pile.cards.map((card) => `${card.student}${card.focus ? ' (focus)' : ''}`));
    expect(cards).toEqual([
      ['Ben Okafor (focus)', 'Ana Ruiz'],
      ['Dee Park (focus)', 'Ngọc Trần'],
    ]);
    expect(model.unsorted).toEqual([expect.objectContaining({ student: 'Eli Stone', focus: false })]);
  });

  it('CSV keeps the contract’s five columns first, adds a focus column, and lists the focus students first', async () => {
    const bytes = Buffer.from(await (await get(`/api/boards/${board.id}/export.csv`)).arrayBuffer());
    const [header] = parse(bytes, { bom: true, to: 1 }) as string[][];
    expect(header?.slice(0, 5)).toEqual(['student', 'pile', 'tags', 'card_id', 'pile_id']);
    expect(header?.indexOf('focus')).toBeGreaterThanOrEqual(5);
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.student, row.focus])).toEqual([
      ['Dee Park', 'yes'],
      ['Ben Okafor', 'yes'],
      ['Ana Ruiz', 'no'],
      ['Ngọc Trần', 'no'],
      ['Eli Stone', 'no'],
    ]);
    // Hidden names hide focus students' names too, and keep the marks.
    const hidden = parse(Buffer.from(await (await get(`/api/boards/${board.id}/export.csv?names=hidden`)).arrayBuffer()), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(hidden.filter((row) => row.focus === 'yes').map((row) => row.student)).toEqual([
      expect.stringMatching(/^Student \d$/),
      expect.stringMatching(/^Student \d$/),
    ]);
  });

  it('the PDF report opens with a Focus students section, and marks their cards in the piles', async () => {
    const response = await get(`/api/boards/${board.id}/export.pdf`);
    expect(response.status).toBe(200);
    const pages = await pdfPages(await response.arrayBuffer());
    const text = pages.join('\n');
    const focusAt = text.indexOf('Focus students');
    expect(focusAt).toBeGreaterThan(text.indexOf('Place 3/4 on the number line.'));
    expect(focusAt).toBeLessThan(text.indexOf('Piles'));
    // Dee then Ben in the focus section, each with the pile they are in.
    const section = text.slice(focusAt, text.indexOf('Piles'));
    expect(section.indexOf('Dee Park')).toBeGreaterThan(-1);
    expect(section.indexOf('Dee Park')).toBeLessThan(section.indexOf('Ben Okafor'));
    expect(section).toContain('Counts equal parts');
    expect(section).not.toContain('Ana Ruiz');
    // Two marks in the focus section and two in the piles.
    expect(text.match(/★ FOCUS/g)).toHaveLength(4);
  });

  it('a viewer cannot change who the focus students are', async () => {
    const viewer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => viewer.provider.destroy());
    await waitForSync(viewer.provider);
    setFocusStudent(viewer.doc, ids.get('Dee Park') as string, false);
    setFocusStudent(viewer.doc, ids.get('Eli Stone') as string, true);
    expect(readFocusStudents(viewer.doc)).not.toContain(ids.get('Dee Park'));
    // An editor's change after the viewer's reaches the server; the viewer's never does.
    boardFocus(editorDoc).set('marker-of-order', 1);
    await waitFor(
      async () => server.app.rooms.withRoom(board.id, (room) => boardFocus(room.doc).has('marker-of-order')),
      'the editor’s later change is on the server',
    );
    expect(await focusOnServer()).toEqual([ids.get('Dee Park'), ids.get('Ben Okafor')]);
    boardFocus(editorDoc).delete('marker-of-order');
  });
});

describe('evidence pins in the PDF report', () => {
  it('prints each pin’s words with its author, page and replies under the pile of its card', async () => {
    const pages = await pdfPages(await (await get(`/api/boards/${board.id}/export.pdf`)).arrayBuffer());
    const text = pages.join('\n');
    expect(text).toContain('EVIDENCE PINS');
    expect(text).toContain('“Halves the whole first, then halves again”');
    expect(text).toContain('Ms. Rivera · page 1');
    expect(text).toContain('↳ Same move as in the fall sort — Mr. Chen');
    // A pin on the second page of a card says so.
    expect(text).toContain('“Checks 3/4 against 1/2 on the back page”');
    expect(text).toContain('Ms. Rivera · page 2');
    // Each pin is listed in its card's pile, after the pile's heading.
    const benchmarks = text.lastIndexOf('Uses benchmarks');
    const parts = text.lastIndexOf('Counts equal parts');
    expect(text.indexOf('Halves the whole first')).toBeGreaterThan(benchmarks);
    expect(text.indexOf('Halves the whole first')).toBeLessThan(parts);
    expect(text.indexOf('Checks 3/4 against 1/2')).toBeGreaterThan(parts);
  });

  it('with names hidden still prints the pins, under numbered students', async () => {
    const text = (await pdfPages(await (await get(`/api/boards/${board.id}/export.pdf?names=hidden`)).arrayBuffer())).join('\n');
    expect(text).toContain('Halves the whole first, then halves again');
    expect(text).not.toContain('Ben Okafor');
  });
});
