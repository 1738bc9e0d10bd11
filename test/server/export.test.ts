// Exports a team takes away: the CSV for the gradebook, the JSON for other tools, the PDF report
// for the team's log, of the live board or of a snapshot; and the comparison of two sorts.
import { parse } from 'csv-parse/sync';
import { unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type ExportModel, ExportModelSchema } from '#shared/exportModel.js';
import { boardCards } from '#shared/schema/board.js';
import { createCard, placeCard } from '#shared/schema/card.js';
import { createPile } from '#shared/schema/pile.js';
import { pageAssetId, storePageImage } from '../../server/assets/pageImages.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

/** A page of student work: paper, a few pencil strokes; no text, so it needs no fonts. */
async function workPage(seed: number): Promise<Buffer> {
  const strokes = Array.from({ length: 6 }, (_, i) => {
    const y = 120 + i * 110 + (seed % 7) * 5;
    return `<path d="M 80 ${y} q 120 ${-40 - seed} 240 0 t 240 0" stroke="#333" stroke-width="5" fill="none"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="850" height="1100"><rect width="100%" height="100%" fill="#fbfaf4"/>${strokes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

const STUDENTS = [
  'Zoë Martínez',
  'Ngọc Trần',
  'Дмитрий Иванов',
  '李小龙',
  'O"Brien, Jr.',
  'Two\nLines',
  '=HYPERLINK("http://x.example","hi")',
  '+1',
  '-2',
  '@cmd',
];

let server: TestServer;
let board: CreatedBoard;
let piles: { placeValue: string; counting: string };
let firstSortId: string;
const cleanups: (() => unknown)[] = [];

/** GET as a viewer, or with another token, or with none (`null`). */
function get(path: string, token: string | null = board.tokens.viewer): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

async function pdfText(bytes: ArrayBuffer): Promise<{ pages: number; text: string }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, text: texts.join('\n') };
}

beforeAll(async () => {
  server = await startServer();
  board = await createBoard(server.url, {
    title: 'Solve 48 + 27 — Grade 2 «Room 14»',
    task: 'Solve 48 + 27 two ways. Show your thinking.',
  });
  const images = await Promise.all(STUDENTS.map((_, i) => workPage(i)));
  const assetIds: string[] = [];
  for (const image of images) assetIds.push((await storePageImage(server.app.assets, board.id, image, pageAssetId(image))).assetId);

  const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
  cleanups.push(() => editor.provider.destroy());
  await waitForSync(editor.provider);
  const doc = editor.doc;
  piles = {
    placeValue: createPile(doc, {
      title: 'Decomposes by place value',
      x: 0,
      y: 0,
      w: 500,
      h: 300,
      color: '#0072b2',
      description: 'Splits 48 and 27 into tens and ones, adds the tens, then the ones. 김민준 showed it with blocks.',
      nextSteps: 'Number talk with base-ten blocks; re-assess with 57 + 36.',
    }),
    counting: createPile(doc, { title: 'Counts on by ones', x: 600, y: 0, w: 500, h: 300, color: '#e69f00' }),
  };
  STUDENTS.forEach((student, i) => {
    const pileId = i < 4 ? piles.placeValue : i < 7 ? piles.counting : null;
    createCard(doc, { student, pages: [assetIds[i] as string], pileId, order: i, tags: i === 0 ? ['regroups', '=tag'] : [] });
  });
  // Cards whose pages cannot be drawn: none at all, an image that was never stored, a bogus id.
  createCard(doc, { student: 'No Pages', pages: [], order: 20 });
  createCard(doc, { student: 'Missing Image', pages: ['0123456789abcdef0123456789abcdef'], order: 21 });
  createCard(doc, { student: 'Bogus Page', pages: ['../../etc/passwd'], pileId: piles.counting, order: 22 });
  await waitFor(
    async () => (await server.app.rooms.withRoom(board.id, (room) => boardCards(room.doc).size)) === STUDENTS.length + 3,
    'cards stored',
  );

  const saved = await fetch(`${server.url}/api/boards/${board.id}/snapshots`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.tokens.editor}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'after first sort' }),
  });
  firstSortId = ((await saved.json()) as { id: string }).id;

  // After the snapshot, the team moves two students and adds one.
  const cards = [...boardCards(doc).entries()];
  const byStudent = (name: string) => cards.find(([, map]) => map.get('student') === name)?.[0] as string;
  placeCard(doc, byStudent('Zoë Martínez'), { pileId: piles.counting, x: 0, y: 0, order: 100 });
  placeCard(doc, byStudent('+1'), { pileId: piles.placeValue, x: 0, y: 0, order: 101 });
  createCard(doc, { student: 'Late Arrival', pages: [], pileId: piles.counting, order: 102 });
  await waitFor(
    async () => (await server.app.rooms.withRoom(board.id, (room) => boardCards(room.doc).size)) === STUDENTS.length + 4,
    'changes stored',
  );
}, 60_000);

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server.close();
});

describe('CSV export', () => {
  it('is UTF-8 CSV a real parser reads: contract columns, one row per card, names in every script, formulas neutralised', async () => {
    const response = await get(`/api/boards/${board.id}/export.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(bytes, { bom: true }) as string[][];
    expect(header?.slice(0, 5)).toEqual(['student', 'pile', 'tags', 'card_id', 'pile_id']);
    expect(rows).toHaveLength(STUDENTS.length + 4);

    const records = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    const byStudent = new Map(records.map((record) => [record.student, record]));
    for (const name of ['Zoë Martínez', 'Ngọc Trần', 'Дмитрий Иванов', '李小龙', 'O"Brien, Jr.', 'Two\nLines'])
      expect(byStudent.has(name)).toBe(true);
    for (const formula of ['=HYPERLINK("http://x.example","hi")', '+1', '-2', '@cmd']) {
      expect(byStudent.has(formula)).toBe(false);
      expect(byStudent.has(`'${formula}`)).toBe(true);
    }
    expect(byStudent.get('Zoë Martínez')).toMatchObject({ pile: 'Counts on by ones', pile_id: piles.counting, tags: "regroups; '=tag" });
    expect(byStudent.get('Дмитрий Иванов')).toMatchObject({ pile: 'Decomposes by place value', pile_id: piles.placeValue });
    expect(byStudent.get('No Pages')).toMatchObject({ pile: '', pile_id: '' });
  });

  it('?bom=false leaves the byte-order mark out and nothing else: the same rows as with it', async () => {
    const withMark = Buffer.from(await (await get(`/api/boards/${board.id}/export.csv`)).arrayBuffer());
    const response = await get(`/api/boards/${board.id}/export.csv?bom=false`);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...withMark.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(0, 7).toString()).toBe('student');
    expect(bytes.equals(withMark.subarray(3))).toBe(true);
    // The movement table too.
    const compare = Buffer.from(
      await (await get(`/api/boards/${board.id}/compare?from=${firstSortId}&format=csv&bom=false`)).arrayBuffer(),
    );
    expect(compare[0]).not.toBe(0xef);
    const compareWithMark = Buffer.from(await (await get(`/api/boards/${board.id}/compare?from=${firstSortId}&format=csv`)).arrayBuffer());
    expect(compare.equals(compareWithMark.subarray(3))).toBe(true);
  });

  it('downloads under the board title, with the exact title in filename* (RFC 6266)', async () => {
    const response = await get(`/api/boards/${board.id}/export.csv`);
    const disposition = response.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.csv"; filename\*=UTF-8''/);
    expect(disposition).not.toMatch(/filename="[^"]*[\\/]/);
    const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '';
    expect(decodeURIComponent(encoded)).toBe('Solve 48 + 27 — Grade 2 «Room 14».csv');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('hides names as Student 1, 2, … with ?names=hidden, keeping the same number for a card across formats', async () => {
    const csv = parse(Buffer.from(await (await get(`/api/boards/${board.id}/export.csv?names=hidden`)).arrayBuffer()), {
      bom: true,
      columns: true,
    }) as Record<string, string>[];
    expect(csv.every((row) => /^Student \d+$/.test(row.student ?? ''))).toBe(true);
    expect(new Set(csv.map((row) => row.student)).size).toBe(csv.length);
    const json = (await (await get(`/api/boards/${board.id}/export.json?names=hidden`)).json()) as ExportModel;
    const jsonLabels = new Map([...json.piles.flatMap((pile) => pile.cards), ...json.unsorted].map((card) => [card.id, card.student]));
    for (const row of csv) expect(jsonLabels.get(row.card_id ?? '')).toBe(row.student);
    expect(json.namesHidden).toBe(true);
    expect(JSON.stringify(json)).not.toMatch(/Zoë|Дмитрий|李小龙/);
  });
});

describe('JSON export', () => {
  it('matches the contract schema: piles with their cards in display order, unsorted last, pileless cards unsorted', async () => {
    const response = await get(`/api/boards/${board.id}/export.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"/);
    const model = (await response.json()) as ExportModel;
    expect([...Value.Errors(ExportModelSchema, model)]).toEqual([]);
    expect(model.board).toEqual({
      id: board.id,
      title: 'Solve 48 + 27 — Grade 2 «Room 14»',
      task: 'Solve 48 + 27 two ways. Show your thinking.',
    });
    expect(model.snapshot).toBeNull();
    expect(Number.isNaN(Date.parse(model.exportedAt))).toBe(false);
    expect(model.piles.map((pile) => pile.title)).toEqual(['Decomposes by place value', 'Counts on by ones']);
    expect(model.piles[0]?.cards.map((card) => card.student)).toEqual(['Ngọc Trần', 'Дмитрий Иванов', '李小龙', '+1']);
    expect(model.piles[1]?.cards.map((card) => card.student)).toEqual([
      'O"Brien, Jr.',
      'Two\nLines',
      '=HYPERLINK("http://x.example","hi")',
      'Bogus Page',
      'Zoë Martínez',
      'Late Arrival',
    ]);
    expect(model.unsorted.map((card) => card.student)).toEqual(['-2', '@cmd', 'No Pages', 'Missing Image']);
  });

  it('never contains a token, in any format', async () => {
    for (const path of ['export.json', 'export.csv', 'export.pdf', `snapshots/${firstSortId}/export.json`]) {
      const body = Buffer.from(await (await get(`/api/boards/${board.id}/${path}`, board.tokens.owner)).arrayBuffer()).toString('latin1');
      for (const token of Object.values(board.tokens)) expect(body).not.toContain(token);
    }
  });
});

describe('exports of a snapshot', () => {
  it('show the board as it was saved, whatever happened since', async () => {
    const model = (await (await get(`/api/boards/${board.id}/snapshots/${firstSortId}/export.json`)).json()) as ExportModel;
    expect(model.snapshot).toMatchObject({ id: firstSortId, name: 'after first sort' });
    expect(model.piles[0]?.cards.map((card) => card.student)).toEqual(['Zoë Martínez', 'Ngọc Trần', 'Дмитрий Иванов', '李小龙']);
    expect(JSON.stringify(model)).not.toContain('Late Arrival');
    const csv = await get(`/api/boards/${board.id}/snapshots/${firstSortId}/export.csv`);
    expect(csv.headers.get('content-disposition')).toContain(encodeURIComponent('after first sort'));
  });

  it('answer 404 for a snapshot that does not exist or belongs to another board, 401 without a token', async () => {
    const other = await createBoard(server.url);
    expect((await get(`/api/boards/${board.id}/snapshots/doesnotexist/export.csv`)).status).toBe(404);
    expect((await get(`/api/boards/${other.id}/snapshots/${firstSortId}/export.csv`, other.tokens.viewer)).status).toBe(404);
    expect((await get(`/api/boards/${board.id}/export.csv`, null)).status).toBe(401);
    expect((await get(`/api/boards/${board.id}/export.pdf`, other.tokens.owner)).status).toBe(401);
  });
});

describe('PDF report', () => {
  it('prints the title, task, every pile with its texts, and students in any script; missing images get a placeholder', async () => {
    const response = await get(`/api/boards/${board.id}/export.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.pdf"/);
    const bytes = await response.arrayBuffer();
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    const { pages, text } = await pdfText(bytes);
    expect(pages).toBeGreaterThanOrEqual(2);
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of [
      'Solve 48 + 27 — Grade 2 «Room 14»',
      'Solve 48 + 27 two ways. Show your thinking.',
      'Decomposes by place value',
      'Counts on by ones',
      'Splits 48 and 27 into tens and ones',
      'Number talk with base-ten blocks',
      'Not yet sorted',
      'Zoë Martínez',
      'Ngọc Trần',
      'Дмитрий Иванов',
      // Drawn with the Noto Sans CJK fonts from npm (@fontsource/noto-sans-*), no system font needed.
      '李小龙',
      '김민준',
      'No pages',
      'Image not available',
      `Page 1 of ${pages}`,
    ]) {
      expect(flat).toContain(expected);
    }
  });

  it('of a snapshot with names hidden shows numbers instead of names and names the snapshot', async () => {
    const { text } = await pdfText(
      await (await get(`/api/boards/${board.id}/snapshots/${firstSortId}/export.pdf?names=hidden`)).arrayBuffer(),
    );
    expect(text).toContain('Student 1');
    expect(text).toContain('after first sort');
    expect(text).not.toMatch(/Zoë|Дмитрий|Ngọc/);
  });

  it('of the live board names who is connected at export, from their presence', async () => {
    const guest = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    try {
      guest.provider.awareness.setLocalState({ user: { name: 'Ms. Rivera', color: '#d7263d' } });
      await waitForSync(guest.provider);
      await waitFor(
        () => server.app.rooms.withRoom(board.id, (room) => room.presence.stateOf(guest.doc.clientID) !== null),
        'her presence reaches the room',
      );
      const { text } = await pdfText(await (await get(`/api/boards/${board.id}/export.pdf`)).arrayBuffer());
      expect(text.replace(/\s+/g, ' ')).toContain('Connected at export: Ms. Rivera');
    } finally {
      guest.provider.destroy();
    }
  });

  it('embeds each stored thumbnail as an image', async () => {
    const bytes = Buffer.from(await (await get(`/api/boards/${board.id}/export.pdf`)).arrayBuffer()).toString('latin1');
    expect(bytes.match(/\/Subtype\s*\/Image/g)?.length).toBe(STUDENTS.length);
    expect(bytes).toContain('/DCTDecode');
  });
});

describe('comparing sorts', () => {
  it('counts who moved between a snapshot and the live board, pile to pile', async () => {
    const response = await get(`/api/boards/${board.id}/compare?from=${firstSortId}&to=live`);
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      from: { snapshot: { name: string } | null };
      movements: { student: string; moved: boolean; before: { title: string }; after: { title: string } }[];
      matrix: { rows: { title: string }[]; columns: { title: string }[]; counts: number[][] };
      onlyAfter: { student: string }[];
      summary: Record<string, number>;
    };
    expect(result.from.snapshot?.name).toBe('after first sort');
    expect(result.summary).toEqual({ matched: STUDENTS.length + 3, moved: 2, stayed: STUDENTS.length + 1, onlyBefore: 0, onlyAfter: 1 });
    expect(
      result.movements
        .filter((m) => m.moved)
        .map((m) => `${m.student}: ${m.before.title} → ${m.after.title}`)
        .sort(),
    ).toEqual(['+1: Unsorted → Decomposes by place value', 'Zoë Martínez: Decomposes by place value → Counts on by ones']);
    expect(result.onlyAfter.map((o) => o.student)).toEqual(['Late Arrival']);
    const cell = (from: string, to: string) =>
      result.matrix.counts[result.matrix.rows.findIndex((r) => r.title === from)]?.[result.matrix.columns.findIndex((c) => c.title === to)];
    expect(cell('Decomposes by place value', 'Decomposes by place value')).toBe(3);
    expect(cell('Decomposes by place value', 'Counts on by ones')).toBe(1);
    expect(cell('Unsorted', 'Decomposes by place value')).toBe(1);
    expect(cell('Unsorted', 'Unsorted')).toBe(4);
  });

  it('downloads the movement table as CSV', async () => {
    const response = await get(`/api/boards/${board.id}/compare?from=${firstSortId}&format=csv`);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parse(Buffer.from(await response.arrayBuffer()), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.filter((row) => row.status === 'moved')).toHaveLength(2);
    expect(rows.find((row) => row.student === 'Late Arrival')).toMatchObject({ status: 'only_after', pile_after: 'Counts on by ones' });
  });

  it('answers each student’s pile in every snapshot, oldest first', async () => {
    const response = await get(`/api/boards/${board.id}/students/history?live=true`);
    const history = (await response.json()) as {
      columns: { name: string }[];
      students: { student: string; piles: ({ title: string } | null)[] }[];
    };
    expect(history.columns.map((column) => column.name)).toEqual(['after first sort', 'Now']);
    expect(history.students.find((s) => s.student === 'Zoë Martínez')?.piles.map((p) => p?.title)).toEqual([
      'Decomposes by place value',
      'Counts on by ones',
    ]);
    expect(history.students.find((s) => s.student === 'Late Arrival')?.piles).toEqual([
      null,
      expect.objectContaining({ title: 'Counts on by ones' }),
    ]);
  });
});

describe('download everything (owner)', () => {
  it('zips the board, its document, every snapshot and every full-size page, for the owner only', async () => {
    expect((await get(`/api/boards/${board.id}/archive.zip`, board.tokens.editor)).status).toBe(403);
    expect((await get(`/api/boards/${board.id}/archive.zip`, null)).status).toBe(401);

    const response = await get(`/api/boards/${board.id}/archive.zip`, board.tokens.owner);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename=".*everything\.zip"/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const names = Object.keys(files);
    const text = (name: string) => new TextDecoder().decode(files[name]);

    expect(names).toEqual(expect.arrayContaining(['README.txt', 'board.json', 'board.csv', 'document.yjs']));
    const live = JSON.parse(text('board.json')) as ExportModel;
    expect(live.piles.find((pile) => pile.title === 'Counts on by ones')?.cards.map((card) => card.student)).toContain('Late Arrival');
    expect(text('board.csv')).toContain('Zoë Martínez');

    // The document reads back into the same board, with what exports do not show.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, files['document.yjs'] as Uint8Array);
    expect(boardCards(doc).size).toBe(STUDENTS.length + 4);

    const snapshotJson = names.filter((name) => /^snapshots\/.+\.json$/.test(name));
    expect(snapshotJson).toHaveLength(1);
    expect(snapshotJson[0]).toContain('after first sort');
    expect(names).toContain((snapshotJson[0] as string).replace(/\.json$/, '.yjs'));
    expect(text(snapshotJson[0] as string)).not.toContain('Late Arrival');

    // Every stored page at full size, byte for byte what the asset API serves.
    const pages = names.filter((name) => name.startsWith('pages/'));
    expect(pages).toHaveLength(STUDENTS.length);
    const someId = (pages[0] as string).slice('pages/'.length, -'.jpg'.length);
    const served = Buffer.from(await (await get(`/api/boards/${board.id}/assets/${someId}?size=full`)).arrayBuffer());
    expect(Buffer.from(files[pages[0] as string] as Uint8Array).equals(served)).toBe(true);

    const everything = Buffer.concat(Object.values(files).map((bytes) => Buffer.from(bytes))).toString('latin1');
    for (const token of Object.values(board.tokens)) expect(everything).not.toContain(token);
  });
});
