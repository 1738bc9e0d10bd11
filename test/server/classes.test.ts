// Classes over HTTP (contract v2 "Classes"): a roster that keeps each student's identity through
// edits, boards made in the class, one team link per role for all of them, and deletion of it all.
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCard } from '#shared/schema/card.js';
import { createPile } from '#shared/schema/pile.js';
import { connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

interface CreatedClass {
  id: string;
  title: string;
  tokens: { owner: string; editor: string; viewer: string };
  students: { studentId: string; name: string; id?: string }[];
}

async function call(method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function createClass(students = [{ name: 'Ada Lovelace', id: '1001' }, { name: 'Alan Turing' }]): Promise<CreatedClass> {
  const response = await call('POST', '/api/classes', null, { title: 'Period 3 math', students });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedClass;
}

describe('classes', () => {
  it('a new class answers its tokens and a roster with server-assigned student ids', async () => {
    const created = await createClass();
    expect(created.title).toBe('Period 3 math');
    expect(Object.keys(created.tokens).sort()).toEqual(['editor', 'owner', 'viewer']);
    expect(created.students.map((student) => student.name)).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(created.students[0]?.id).toBe('1001');
    expect(new Set(created.students.map((student) => student.studentId)).size).toBe(2);

    const view = await call('GET', `/api/classes/${created.id}`, created.tokens.viewer);
    expect(view.status).toBe(200);
    expect(await view.json()).toEqual({ id: created.id, title: 'Period 3 math', role: 'viewer', students: created.students, boards: [] });
    const asOwner = (await (await call('GET', `/api/classes/${created.id}`, created.tokens.owner)).json()) as { role: string };
    expect(asOwner.role).toBe('owner');
  });

  it('the owner link shows the class’s three links again, and no other link does', async () => {
    const created = await createClass();
    const response = await call('GET', `/api/classes/${created.id}/tokens`, created.tokens.owner);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ tokens: created.tokens });
    expect((await call('GET', `/api/classes/${created.id}/tokens`, created.tokens.editor)).status).toBe(403);
    expect((await call('GET', `/api/classes/${created.id}/tokens`, created.tokens.viewer)).status).toBe(403);
    const other = await createClass();
    expect((await call('GET', `/api/classes/${created.id}/tokens`, other.tokens.owner)).status).toBe(401);
  });

  it('a row edited on the class page keeps its student even when both name and school id change', async () => {
    const created = await createClass([{ name: 'Jon Smith' }, { name: 'Ana Ruiz', id: '77' }]);
    const [jon, ana] = created.students;
    const response = await call('PUT', `/api/classes/${created.id}/students`, created.tokens.editor, {
      students: [
        { name: 'Jonathan Smyth', studentId: jon?.studentId },
        { name: 'Ana Ruiz Soto', id: '78', studentId: ana?.studentId },
        // A studentId the class never had is no identity: the row is a newcomer.
        { name: 'Lee Park', studentId: 'made-up' },
      ],
    });
    expect(response.status).toBe(200);
    const { students } = (await response.json()) as CreatedClass;
    expect(students[0]).toEqual({ studentId: jon?.studentId, name: 'Jonathan Smyth' });
    expect(students[1]).toEqual({ studentId: ana?.studentId, name: 'Ana Ruiz Soto', id: '78' });
    expect(students[2]?.studentId).not.toBe('made-up');
    expect([jon?.studentId, ana?.studentId]).not.toContain(students[2]?.studentId);
  });

  it('a class needs one of its own tokens: none is 401, a viewer cannot edit (403), another class’s token is unknown', async () => {
    const created = await createClass();
    const other = await createClass();
    expect((await call('GET', `/api/classes/${created.id}`, null)).status).toBe(401);
    expect((await call('GET', `/api/classes/${created.id}`, other.tokens.owner)).status).toBe(401);
    const put = await call('PUT', `/api/classes/${created.id}/students`, created.tokens.viewer, { students: [] });
    expect(put.status).toBe(403);
    expect(await put.json()).toMatchObject({ error: 'forbidden' });
    expect((await call('DELETE', `/api/classes/${created.id}`, created.tokens.editor)).status).toBe(403);
  });

  it('replacing the roster keeps a student found by school id or by name, and gives newcomers new ids', async () => {
    const created = await createClass([{ name: 'Ada Lovelace', id: '1001' }, { name: 'Alan Turing' }, { name: 'Grace Hopper' }]);
    const [ada, alan] = created.students;
    const response = await call('PUT', `/api/classes/${created.id}/students`, created.tokens.editor, {
      students: [{ name: 'Ada King', id: '1001' }, { name: '  alan   TURING ' }, { name: 'Katherine Johnson' }],
    });
    expect(response.status).toBe(200);
    const { students } = (await response.json()) as CreatedClass;
    expect(students[0]).toEqual({ studentId: ada?.studentId, name: 'Ada King', id: '1001' });
    expect(students[1]).toEqual({ studentId: alan?.studentId, name: 'alan TURING' });
    expect(created.students.map((student) => student.studentId)).not.toContain(students[2]?.studentId);
    const view = (await (await call('GET', `/api/classes/${created.id}`, created.tokens.viewer)).json()) as CreatedClass;
    expect(view.students).toEqual(students);
  });

  it('a board made in the class has meta.classId, is listed oldest first, and takes the class’s tokens with their roles', async () => {
    const created = await createClass();
    const first = await call('POST', `/api/classes/${created.id}/boards`, created.tokens.editor, {
      title: 'Fractions',
      task: 'Compare 3/4 and 5/8',
    });
    expect(first.status).toBe(201);
    const board = (await first.json()) as { id: string; title: string; tokens: { owner: string; editor: string; viewer: string } };
    expect(Object.keys(board.tokens).sort()).toEqual(['editor', 'owner', 'viewer']);
    const second = (await (
      await call('POST', `/api/classes/${created.id}/boards`, created.tokens.owner, { title: 'Decimals' })
    ).json()) as {
      id: string;
    };

    const view = (await (await call('GET', `/api/classes/${created.id}`, created.tokens.viewer)).json()) as {
      boards: { id: string; title: string; task: string; createdAt: number }[];
    };
    expect(view.boards.map((one) => [one.id, one.title, one.task])).toEqual([
      [board.id, 'Fractions', 'Compare 3/4 and 5/8'],
      [second.id, 'Decimals', ''],
    ]);

    // The class viewer link opens the board as a viewer, the editor link as an editor.
    const asViewer = await call('GET', `/api/boards/${board.id}`, created.tokens.viewer);
    expect(asViewer.status).toBe(200);
    expect(await asViewer.json()).toMatchObject({ role: 'viewer' });
    expect(await (await call('GET', `/api/boards/${board.id}`, created.tokens.editor)).json()).toMatchObject({ role: 'editor' });
    expect((await call('DELETE', `/api/boards/${board.id}`, created.tokens.editor)).status).toBe(403);
    // A board token stays on its board; a class token is unknown on boards outside the class.
    expect((await call('GET', `/api/boards/${second.id}`, board.tokens.owner)).status).toBe(401);
    const outside = await createBoard(server.url);
    expect((await call('GET', `/api/boards/${outside.id}`, created.tokens.owner)).status).toBe(401);

    // Live sync with the class link: the document says which class the board is for.
    const client = connectClient(server.wsUrl, board.id, created.tokens.viewer);
    await waitForSync(client.provider);
    expect(client.doc.getMap('meta').get('classId')).toBe(created.id);
    client.provider.destroy();
  });

  it('a live connection opened with the class link survives the re-check of open links', async () => {
    const created = await createClass();
    const board = (await (await call('POST', `/api/classes/${created.id}/boards`, created.tokens.editor, { title: 'Live' })).json()) as {
      id: string;
      tokens: { viewer: string };
    };
    const team = connectClient(server.wsUrl, board.id, created.tokens.editor);
    const own = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    await Promise.all([waitForSync(team.provider), waitForSync(own.provider)]);
    // The fallback that closes revoked links on every process (server/sync/revocation.ts).
    expect(await server.app.revocation.recheck()).toBe(0);
    expect(team.provider.wsconnected).toBe(true);
    expect(own.provider.wsconnected).toBe(true);
    team.provider.destroy();
    own.provider.destroy();
  });

  it('deleting a class deletes every board of it; their tokens and the class’s then answer 401', async () => {
    const created = await createClass();
    const board = (await (await call('POST', `/api/classes/${created.id}/boards`, created.tokens.editor, { title: 'Area' })).json()) as {
      id: string;
      tokens: { owner: string };
    };
    expect((await call('DELETE', `/api/classes/${created.id}`, created.tokens.owner)).status).toBe(204);
    expect((await call('GET', `/api/classes/${created.id}`, created.tokens.owner)).status).toBe(401);
    expect((await call('GET', `/api/boards/${board.id}`, board.tokens.owner)).status).toBe(401);
    expect(await server.app.storage.getBoard(board.id)).toBeNull();
  });

  it('cover sheets are a PDF of one page per student, on US Letter or A4', async () => {
    const created = await createClass([{ name: 'Ada Lovelace' }, { name: 'Nguyễn Thị Minh Khai' }, { name: 'Alan Turing' }]);
    expect((await call('GET', `/api/classes/${created.id}/cover-sheets.pdf`, created.tokens.viewer)).status).toBe(403);
    for (const [paper, width] of [
      ['letter', 612],
      ['a4', 595.28],
    ] as const) {
      const response = await call('GET', `/api/classes/${created.id}/cover-sheets.pdf?paper=${paper}`, created.tokens.editor);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      const pdf = await PDFDocument.load(new Uint8Array(await response.arrayBuffer()));
      expect(pdf.getPageCount()).toBe(3);
      expect(pdf.getPage(0).getWidth()).toBeCloseTo(width, 1);
    }
    expect((await call('GET', `/api/classes/${created.id}/cover-sheets.pdf?paper=legal`, created.tokens.editor)).status).toBe(400);
  });

  it('a student’s history lists their card and its pile on each board of the class, oldest first', async () => {
    const created = await createClass();
    const ada = created.students[0]?.studentId as string;
    const boards: string[] = [];
    for (const title of ['Area', 'Perimeter']) {
      const board = (await (await call('POST', `/api/classes/${created.id}/boards`, created.tokens.editor, { title })).json()) as {
        id: string;
      };
      boards.push(board.id);
    }
    // A teammate sorts on each board with the class's editor link.
    const cardIds: string[] = [];
    for (const [index, boardId] of boards.entries()) {
      const client = connectClient(server.wsUrl, boardId, created.tokens.editor);
      await waitForSync(client.provider);
      client.doc.transact(() => {
        const pileId =
          index === 0
            ? createPile(client.doc, { title: 'Counts squares', x: 0, y: 0, w: 300, h: 200, nextSteps: 'Rows times columns' })
            : null;
        cardIds.push(createCard(client.doc, { student: 'Ada Lovelace', pages: [], studentId: ada, pileId }));
        createCard(client.doc, { student: 'Alan Turing', pages: [], studentId: created.students[1]?.studentId });
      });
      await waitFor(async () => {
        const entries = (await (
          await call('GET', `/api/classes/${created.id}/students/${ada}/history`, created.tokens.viewer)
        ).json()) as unknown[];
        return entries.length === index + 1;
      }, 'the card reaches the server');
      client.provider.destroy();
    }
    const history = await call('GET', `/api/classes/${created.id}/students/${ada}/history`, created.tokens.viewer);
    const entries = (await history.json()) as {
      boardId: string;
      boardTitle: string;
      cardId: string;
      pile: { title: string; nextSteps: string } | null;
    }[];
    expect(entries.map((entry) => [entry.boardId, entry.boardTitle, entry.cardId])).toEqual([
      [boards[0], 'Area', cardIds[0]],
      [boards[1], 'Perimeter', cardIds[1]],
    ]);
    expect(entries[0]?.pile).toMatchObject({ title: 'Counts squares', nextSteps: 'Rows times columns' });
    expect(entries[1]?.pile).toBeNull();
    expect((await call('GET', `/api/classes/${created.id}/students/nobody/history`, created.tokens.viewer)).status).toBe(404);
  });

  it('an existing board moves into a class with the board’s owner link, and the class’s links then open it', async () => {
    const created = await createClass();
    const board = await createBoard(server.url);
    const move = (token: string | null) =>
      fetch(`${server.url}/api/classes/${created.id}/boards/${board.id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${created.tokens.editor}`, ...(token ? { 'x-board-token': token } : {}) },
      });
    expect((await move(null)).status).toBe(401);
    expect((await move(board.tokens.editor)).status).toBe(403);
    expect((await call('GET', `/api/boards/${board.id}`, created.tokens.viewer)).status).toBe(401);
    const moved = await move(board.tokens.owner);
    expect(moved.status).toBe(200);
    expect(await moved.json()).toEqual({ id: board.id, classId: created.id });
    expect(await (await call('GET', `/api/boards/${board.id}`, created.tokens.viewer)).json()).toMatchObject({ role: 'viewer' });
    const view = (await (await call('GET', `/api/classes/${created.id}`, created.tokens.viewer)).json()) as { boards: { id: string }[] };
    expect(view.boards.map((one) => one.id)).toEqual([board.id]);
    const client = connectClient(server.wsUrl, board.id, created.tokens.viewer);
    await waitForSync(client.provider);
    expect(client.doc.getMap('meta').get('classId')).toBe(created.id);
    client.provider.destroy();
    // A board belongs to one class.
    const other = await createClass();
    const again = await fetch(`${server.url}/api/classes/${other.id}/boards/${board.id}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${other.tokens.editor}`, 'x-board-token': board.tokens.owner },
    });
    expect(again.status).toBe(409);
  });
});
