// "Who is this?" on the server (README, "Classes"): a class board's roster for the people naming
// its cards, and the printed name read from a card's name region, ranked against that roster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedWorksheetsPdf } from '../fixtures/classSets.js';
import { uploadForm } from '../fixtures/scans.js';
import { createBoard, startServer, type TestServer } from '../fixtures/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const ROSTER = [{ name: 'María López' }, { name: 'Marco Lopes' }, { name: 'Dmitri Ivanov', id: '2003' }, { name: 'Aisha Bello' }];

async function call(path: string, token: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

async function classBoard() {
  const created = await fetch(`${server.url}/api/classes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Period 2', students: ROSTER }),
  });
  const team = (await created.json()) as {
    id: string;
    tokens: { editor: string; viewer: string };
    students: { studentId: string; name: string }[];
  };
  const board = await fetch(`${server.url}/api/classes/${team.id}/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${team.tokens.editor}` },
    body: JSON.stringify({ title: 'Fractions' }),
  });
  return { team, board: (await board.json()) as { id: string; tokens: { owner: string; editor: string; viewer: string } } };
}

describe('naming cards from the roster', { timeout: 60_000 }, () => {
  it('a class board gives its roster to its editors, with the board’s own link or the class’s', async () => {
    const { team, board } = await classBoard();
    for (const token of [board.tokens.editor, team.tokens.editor]) {
      const response = await call(`/api/boards/${board.id}/roster`, token);
      expect(response.status).toBe(200);
      const roster = (await response.json()) as { classId: string; title: string; students: { studentId: string; name: string }[] };
      expect(roster).toMatchObject({ classId: team.id, title: 'Period 2' });
      expect(roster.students).toEqual(team.students);
    }
    // A viewer (the projector) never receives the roster.
    expect((await call(`/api/boards/${board.id}/roster`, board.tokens.viewer)).status).toBe(403);
    expect((await call(`/api/boards/${board.id}/roster`, team.tokens.viewer)).status).toBe(403);
  });

  it('a board of no class has no roster: a clear 404', async () => {
    const board = await createBoard(server.url);
    const response = await call(`/api/boards/${board.id}/roster`, board.tokens.editor);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_in_class' });
  });

  it('the name printed on a page is read and the right student is suggested first, the card left unnamed', async () => {
    const { team, board } = await classBoard();
    const pdf = await namedWorksheetsPdf(['Maria Lopez', 'Dmitri Ivanov', 'Aisha Bello']);
    const upload = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.editor}` },
      body: uploadForm([{ name: 'scan.pdf', bytes: pdf }]),
    });
    expect(upload.status).toBe(201);
    const { cards } = (await upload.json()) as { cards: { id: string; student: string }[] };
    expect(cards.map((card) => card.student)).toEqual(['', '', '']);

    const expected = ['María López', 'Dmitri Ivanov', 'Aisha Bello'];
    for (const [i, card] of cards.entries()) {
      const response = await call(`/api/boards/${board.id}/cards/${card.id}/name-reading`, board.tokens.editor);
      expect(response.status).toBe(200);
      const reading = (await response.json()) as { cardId: string; text: string; suggestions: { studentId: string; name: string }[] };
      expect(reading.cardId).toBe(card.id);
      expect(reading.suggestions[0]?.name).toBe(expected[i]);
      expect(reading.suggestions[0]?.studentId).toBe(team.students.find((student) => student.name === expected[i])?.studentId);
    }
    // "Marco Lopes" is close to "Maria Lopez" but ranks after her.
    const first = (await (await call(`/api/boards/${board.id}/cards/${cards[0]?.id}/name-reading`, board.tokens.editor)).json()) as {
      suggestions: { name: string; score: number }[];
    };
    const names = first.suggestions.map((suggestion) => suggestion.name);
    if (names.includes('Marco Lopes')) expect(names.indexOf('Marco Lopes')).toBeGreaterThan(names.indexOf('María López'));

    // Reading suggests; it never names: the cards are still unnamed on the board.
    const exported = (await (await call(`/api/boards/${board.id}/export.json`, board.tokens.viewer)).json()) as {
      unsorted: { student: string }[];
    };
    expect(exported.unsorted.map((card) => card.student)).toEqual(['', '', '']);
    // A viewer cannot read names through this call either.
    expect((await call(`/api/boards/${board.id}/cards/${cards[0]?.id}/name-reading`, board.tokens.viewer)).status).toBe(403);
    expect((await call(`/api/boards/${board.id}/cards/nope/name-reading`, board.tokens.editor)).status).toBe(404);
  });
});
