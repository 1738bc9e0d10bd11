// Cover sheets end to end (contract v2 "Classes"): the class's cover sheets are printed from the
// server's PDF, put on top of each student's pages, and the stack is uploaded as a 200-dpi copier
// PDF or as phone photos (turned, askew, unevenly lit, JPEG quality 60). Every page must land on
// the right student's card, named from the roster, with the cover sheets left out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCards } from '#shared/schema/card.js';
import { pageAssetId } from '../../server/assets/pageImages.js';
import { copierPdf, phonePhotoOfPage, renderPdfPages, workPage } from '../fixtures/classSets.js';
import { uploadForm } from '../fixtures/scans.js';
import { connectClient, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

const STUDENTS = 30;
const PAGES_PER_STUDENT = 2;
const SCAN_DPI = 200;

let server: TestServer;
let classId: string;
let tokens: { owner: string; editor: string; viewer: string };
let students: { studentId: string; name: string }[];
/** The printed cover sheets, one PNG per student at SCAN_DPI. */
let coverSheets: Buffer[];
/** Each student's pages of work, PNGs at SCAN_DPI. */
let work: Buffer[][];

async function json<T>(response: Response, status: number): Promise<T> {
  if (response.status !== status) throw new Error(`answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

beforeAll(async () => {
  server = await startServer();
  const roster = Array.from({ length: STUDENTS }, (_, i) => ({
    name: `Student ${String(i + 1).padStart(2, '0')} Example`,
    id: `S${1000 + i}`,
  }));
  const created = await json<{ id: string; tokens: typeof tokens; students: typeof students }>(
    await fetch(`${server.url}/api/classes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Grade 4, room 12', students: roster }),
    }),
    201,
  );
  classId = created.id;
  tokens = created.tokens;
  students = created.students;
  const sheets = await fetch(`${server.url}/api/classes/${classId}/cover-sheets.pdf?paper=letter`, {
    headers: { authorization: `Bearer ${tokens.editor}` },
  });
  expect(sheets.status).toBe(200);
  coverSheets = await renderPdfPages(new Uint8Array(await sheets.arrayBuffer()), SCAN_DPI);
  work = await Promise.all(
    students.map((_, i) =>
      Promise.all(Array.from({ length: PAGES_PER_STUDENT }, (_, page) => workPage(i * PAGES_PER_STUDENT + page, SCAN_DPI))),
    ),
  );
}, 120_000);

afterAll(async () => {
  await server.close();
});

async function boardInClass(title: string): Promise<string> {
  const board = await json<{ id: string }>(
    await fetch(`${server.url}/api/classes/${classId}/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.editor}` },
      body: JSON.stringify({ title }),
    }),
    201,
  );
  return board.id;
}

interface UploadedCard {
  id: string;
  student: string;
  studentId?: string;
  pages: string[];
}

async function upload(boardId: string, files: { name: string; bytes: Uint8Array }[]): Promise<UploadedCard[]> {
  const response = await fetch(`${server.url}/api/boards/${boardId}/uploads`, {
    method: 'POST',
    // The class's editor link: the team's one link works on every board of the class.
    headers: { authorization: `Bearer ${tokens.editor}` },
    body: uploadForm(files),
  });
  return (await json<{ cards: UploadedCard[] }>(response, 201)).cards;
}

/** Every student has exactly one card, named from the roster, holding exactly their pages in order. */
function expectEveryPageOnItsStudent(cards: UploadedCard[], expectedPages: string[][]): void {
  expect(cards).toHaveLength(STUDENTS);
  const byStudent = new Map(cards.map((card) => [card.studentId, card]));
  students.forEach((student, i) => {
    const card = byStudent.get(student.studentId);
    expect(card, `a card for ${student.name}`).toBeDefined();
    expect(card?.student).toBe(student.name);
    expect(card?.pages, `the pages of ${student.name}`).toEqual(expectedPages[i]);
  });
}

describe('cover sheets', () => {
  it('a 200-dpi copier PDF of the class with cover sheets becomes one named card per student, cover sheets left out', async () => {
    const boardId = await boardInClass('Place value');
    const pages = students.flatMap((_, i) => [coverSheets[i] as Buffer, ...(work[i] as Buffer[])]);
    const pdf = await copierPdf(pages);
    const cards = await upload(boardId, [{ name: 'scan0001.pdf', bytes: pdf }]);
    const stride = PAGES_PER_STUDENT + 1;
    const expected = students.map((_, i) =>
      Array.from({ length: PAGES_PER_STUDENT }, (_, page) => pageAssetId(pdf, i * stride + 1 + page)),
    );
    expectEveryPageOnItsStudent(cards, expected);

    // A second participant sees the named cards, with the roster's student ids, in the document.
    const client = connectClient(server.wsUrl, boardId, tokens.viewer);
    await waitForSync(client.provider);
    await waitFor(() => listCards(client.doc).length === STUDENTS, 'the cards reach the second client');
    for (const card of listCards(client.doc)) {
      const student = students.find((one) => one.studentId === card.studentId);
      expect(student?.name).toBe(card.student);
    }
    client.provider.destroy();
  }, 240_000);

  it('phone photos of the stack (turned 90/180/270, askew, uneven light, JPEG q60) put every page on the right student', async () => {
    const boardId = await boardInClass('Place value, photographed');
    const files: { name: string; bytes: Buffer }[] = [];
    const expected: string[][] = [];
    let shot = 0;
    for (let i = 0; i < STUDENTS; i++) {
      const pages = [coverSheets[i] as Buffer, ...(work[i] as Buffer[])];
      const ids: string[] = [];
      for (const [index, page] of pages.entries()) {
        shot++;
        const bytes = await phonePhotoOfPage(page, {
          // Every cover sheet is photographed turned: a quarter, a half or three quarters.
          quarterTurns: ((shot % 3) + 1) as 1 | 2 | 3,
          skewDegrees: ((shot * 37) % 9) - 4,
          shade: 0.2 + ((shot * 13) % 30) / 100,
        });
        files.push({ name: `IMG_${String(4000 + shot)}.jpg`, bytes });
        if (index > 0) ids.push(pageAssetId(bytes, 0));
      }
      expected.push(ids);
    }
    const cards = await upload(boardId, files);
    expectEveryPageOnItsStudent(cards, expected);
  }, 300_000);
});
