// A class's boards read together (contract v2 "Classes"): each student's year across three boards,
// who moved between strategies, the next steps a new board inherits as a checklist, and the same
// task compared across classrooms.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClassComparison } from '#shared/classComparison.js';
import type { ExportModel } from '#shared/exportModel.js';
import { type ClassMovement, flowsBetween } from '#shared/movement.js';
import { createCard, placeCard } from '#shared/schema/card.js';
import { listCarriedSteps, setCarriedStepDone } from '#shared/schema/carriedSteps.js';
import { addPin } from '#shared/schema/comments.js';
import { createPile, pileText } from '#shared/schema/pile.js';
import type { HistoryEntry } from '#shared/studentHistory.js';
import { setTrajectory } from '#shared/trajectory.js';
import { addClassBoard, type ClassBoard, changeBoard, createClassWith, type SeededClass, studentIdOf } from '../fixtures/classBoards.js';
import { connectClient, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { dropSchema, isolatedNames, POSTGRES_URL, scaleOutServicesAvailable } from '../fixtures/services.js';

let server: TestServer;

const servicesUp = await scaleOutServicesAvailable();
const { schema } = isolatedNames();
afterAll(async () => {
  if (servicesUp) await dropSchema(schema);
});

/** The same story on each storage engine: the class's tables and the boards' documents differ by engine. */
const ENGINES: { name: string; available: boolean; env: Record<string, string> }[] = [
  { name: 'SQLite', available: true, env: {} },
  { name: 'PostgreSQL', available: servicesUp, env: { DATABASE_URL: POSTGRES_URL, DATABASE_SCHEMA: schema } },
];

async function get<T>(path: string, token: string | null): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as T };
}

const pile = (title: string, nextSteps = '') => ({ title, x: 0, y: 0, w: 300, h: 200, nextSteps });

/**
 * Three boards of one class: Ada counts all, then counts on, then (after a rename of her roster
 * entry) decomposes; Alan is absent from the second board; the first board's "Counts all" pile is
 * renamed "Counting all" on the third.
 */
async function aYear(): Promise<{
  seeded: SeededClass;
  boards: string[];
  boardTokens: string[];
  ada: string;
  alan: string;
  grace: string;
}> {
  const seeded = await createClassWith(server.url, 'Room 12', [
    { name: 'Ada Lovelace', id: '1001' },
    { name: 'Alan Turing', id: '1002' },
    { name: 'Grace Hopper', id: '1003' },
  ]);
  const ada = studentIdOf(seeded, 'Ada Lovelace');
  const alan = studentIdOf(seeded, 'Alan Turing');
  const grace = studentIdOf(seeded, 'Grace Hopper');
  const boards: ClassBoard[] = [];
  boards.push(await addClassBoard(server.url, seeded, 'September: 48 + 27', 'Solve 48 + 27 two ways'));
  await changeBoard(server.app, (boards[0] as ClassBoard).id, (doc) => {
    const countsAll = createPile(doc, pile('Counts all', '- Count on from the larger number\n- Ten frames'));
    const countsOn = createPile(doc, pile('Counts on', 'Jumps of ten on a number line'));
    const adaCard = createCard(doc, { student: 'Ada Lovelace', pages: ['page-a1', 'page-a2'], studentId: ada, pileId: countsAll });
    addPin(doc, {
      cardId: adaCard,
      page: 'page-a1',
      region: { x: 0.1, y: 0.2, w: 0.3, h: 0.2 },
      text: 'Draws 75 tallies',
      author: { name: 'Ms. Rivera', color: '#336699' },
    });
    createCard(doc, { student: 'Alan Turing', pages: ['page-b1'], studentId: alan, pileId: countsOn });
    createCard(doc, { student: 'Grace Hopper', pages: ['page-c1'], studentId: grace, pileId: countsOn });
  });
  boards.push(await addClassBoard(server.url, seeded, 'October: 63 + 29', 'Solve 63 + 29'));
  await changeBoard(server.app, (boards[1] as ClassBoard).id, (doc) => {
    const countsOn = createPile(doc, pile('Counts on'));
    const decomposes = createPile(doc, pile('Decomposes by place value'));
    createCard(doc, { student: 'Ada Lovelace', pages: ['page-a3'], studentId: ada, pileId: countsOn });
    createCard(doc, { student: 'Grace Hopper', pages: ['page-c2'], studentId: grace, pileId: decomposes });
  });
  // Ada's preferred name goes on the roster; she keeps her studentId.
  const renamed = await fetch(`${server.url}/api/classes/${seeded.id}/students`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${seeded.tokens.editor}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      students: [
        { name: 'Ada King', id: '1001' },
        { name: 'Alan Turing', id: '1002' },
        { name: 'Grace Hopper', id: '1003' },
      ],
    }),
  });
  expect(renamed.status).toBe(200);
  boards.push(await addClassBoard(server.url, seeded, 'November: 56 + 38', 'Solve 56 + 38'));
  await changeBoard(server.app, (boards[2] as ClassBoard).id, (doc) => {
    const countingAll = createPile(doc, pile('Counting all'));
    const decomposes = createPile(doc, pile('Decomposes by place value'));
    createCard(doc, { student: 'Ada King', pages: ['page-a4'], studentId: ada, pileId: decomposes });
    createCard(doc, { student: 'Alan Turing', pages: ['page-b2'], studentId: alan, pileId: countingAll });
    createCard(doc, { student: 'Grace Hopper', pages: ['page-c3'], studentId: grace, pileId: null });
  });
  return { seeded, boards: boards.map((board) => board.id), boardTokens: boards.map((board) => board.tokens.viewer), ada, alan, grace };
}

async function pdfText(bytes: ArrayBuffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await pdf.destroy();
  return texts.join('\n');
}

function aClassOverTheYear(): void {
  describe('a student’s history', () => {
    it('lists the card on each board, oldest first, with its pile, next steps, pins and pages, across a roster rename', async () => {
      const { seeded, boards, ada, alan } = await aYear();
      const { status, body } = await get<HistoryEntry[]>(`/api/classes/${seeded.id}/students/${ada}/history`, seeded.tokens.viewer);
      expect(status).toBe(200);
      expect(body.map((entry) => [entry.boardId, entry.student, entry.pile?.title])).toEqual([
        [boards[0], 'Ada Lovelace', 'Counts all'],
        [boards[1], 'Ada Lovelace', 'Counts on'],
        [boards[2], 'Ada King', 'Decomposes by place value'],
      ]);
      expect(body[0]?.task).toBe('Solve 48 + 27 two ways');
      expect(body[0]?.pages).toEqual(['page-a1', 'page-a2']);
      expect(body[0]?.pile?.nextSteps).toBe('- Count on from the larger number\n- Ten frames');
      expect(body[0]?.pins).toEqual([
        expect.objectContaining({ page: 'page-a1', text: 'Draws 75 tallies', region: { x: 0.1, y: 0.2, w: 0.3, h: 0.2 }, resolved: false }),
      ]);

      // Alan has no card on the second board: his history skips it. A renamed pile is that board's own title.
      const alanHistory = await get<HistoryEntry[]>(`/api/classes/${seeded.id}/students/${alan}/history`, seeded.tokens.viewer);
      expect(alanHistory.body.map((entry) => [entry.boardId, entry.pile?.title])).toEqual([
        [boards[0], 'Counts on'],
        [boards[2], 'Counting all'],
      ]);
    });

    it('hides the name on every board when asked, with the class’s own numbering', async () => {
      const { seeded, ada } = await aYear();
      const { body } = await get<HistoryEntry[]>(`/api/classes/${seeded.id}/students/${ada}/history?names=hidden`, seeded.tokens.viewer);
      const labels = new Set(body.map((entry) => entry.student));
      expect(labels.size).toBe(1);
      expect([...labels][0]).toMatch(/^Student [123]$/);
      expect(JSON.stringify(body)).not.toMatch(/Ada|Lovelace|King/);
    });

    it('is readable only with a token of the class: none is 401, another class’s is 401, a board’s own token is 401', async () => {
      const { seeded, boardTokens, ada } = await aYear();
      const other = await createClassWith(server.url, 'Room 14', ['Katherine Johnson']);
      const path = `/api/classes/${seeded.id}/students/${ada}/history`;
      expect((await get(path, null)).status).toBe(401);
      expect((await get(path, other.tokens.owner)).status).toBe(401);
      expect((await get(path, boardTokens[0] as string)).status).toBe(401);
      expect((await get(`/api/classes/${seeded.id}/movement`, null)).status).toBe(401);
    });
  });

  describe('movement between strategies', () => {
    it('answers every board’s piles and each student’s place on it, and the flows follow students, not labels', async () => {
      const { seeded, boards, ada, alan, grace } = await aYear();
      const { status, body } = await get<ClassMovement>(`/api/classes/${seeded.id}/movement`, seeded.tokens.viewer);
      expect(status).toBe(200);
      expect(body.boards.map((board) => board.id)).toEqual(boards);
      expect(body.students.map((student) => student.label)).toEqual(['Ada King', 'Alan Turing', 'Grace Hopper']);
      const alanPath = body.students.find((student) => student.studentId === alan);
      expect(alanPath?.placements[1]).toBeNull();

      const describeFlows = (from: number, to: number) =>
        flowsBetween(body, from, to).map((flow) => {
          const name = (stop: (typeof flow)['from']) => (stop.kind === 'pile' ? stop.pile.title : stop.kind);
          return `${name(flow.from)} → ${name(flow.to)}: ${flow.students.map((one) => one.studentId).join(',')}`;
        });
      expect(describeFlows(0, 1)).toEqual([
        `Counts all → Counts on: ${ada}`,
        `Counts on → Decomposes by place value: ${grace}`,
        `Counts on → absent: ${alan}`,
      ]);
      // The renamed pile is the third board's own; Ada's renamed roster entry is still Ada.
      expect(describeFlows(1, 2)).toEqual([
        `Counts on → Decomposes by place value: ${ada}`,
        `Decomposes by place value → unsorted: ${grace}`,
        `absent → Counting all: ${alan}`,
      ]);

      const hidden = await get<ClassMovement>(`/api/classes/${seeded.id}/movement?names=hidden`, seeded.tokens.viewer);
      expect(hidden.body.namesHidden).toBe(true);
      expect(hidden.body.students.map((student) => student.label).sort()).toEqual(['Student 1', 'Student 2', 'Student 3']);
      expect(JSON.stringify(hidden.body)).not.toMatch(/Ada|Alan|Grace/);
    });
  });

  describe('the PDF report of a class’s board', () => {
    it('shows who moved where since the class’s previous board, names hidden when asked; the first board has no such section', async () => {
      const { seeded, boards } = await aYear();
      const report = async (boardId: string, query = '') => {
        const response = await fetch(`${server.url}/api/boards/${boardId}/export.pdf${query}`, {
          headers: { authorization: `Bearer ${seeded.tokens.viewer}` },
        });
        expect(response.status).toBe(200);
        return pdfText(await response.arrayBuffer());
      };
      const second = await report(boards[1] as string);
      expect(second).toContain('Movement since September: 48 + 27');
      expect(second).toMatch(/Counts all → Counts on \(1\): Ada King/);
      expect(second).toMatch(/Counts on → No work on that board \(1\): Alan Turing/);
      const hidden = await report(boards[1] as string, '?names=hidden');
      expect(hidden).toContain('Movement since September: 48 + 27');
      expect(hidden).not.toMatch(/Ada|Alan|Grace/);
      expect(await report(boards[0] as string)).not.toContain('Movement since');
    });
  });

  describe('next steps carried forward', () => {
    it('a new board of the class lists the previous board’s next steps per pile, and the team’s ticks are kept with it', async () => {
      const seeded = await createClassWith(server.url, 'Room 15', ['Ada Lovelace']);
      const { id: first } = await addClassBoard(server.url, seeded, 'Before', 'Solve 48 + 27');
      await changeBoard(server.app, first, (doc) => {
        const later = createPile(doc, pile('Decomposes', 'Try compensation'));
        const earlier = createPile(doc, pile('Counts all', '1. Count on from the larger number\n2. Ten frames\n'));
        createPile(doc, pile('Nobody here'));
        // The team's trajectory puts counting before decomposing.
        setTrajectory(doc, [earlier, later]);
        pileText(doc, later, 'description')?.insert(0, 'Splits tens and ones');
      });
      const { id: second } = await addClassBoard(server.url, seeded, 'After', 'Solve 63 + 29');

      const client = connectClient(server.wsUrl, second, seeded.tokens.editor);
      await waitForSync(client.provider);
      const steps = listCarriedSteps(client.doc);
      expect(steps.map((step) => [step.pileTitle, step.text, step.done, step.fromBoardTitle])).toEqual([
        ['Counts all', 'Count on from the larger number', false, 'Before'],
        ['Counts all', 'Ten frames', false, 'Before'],
        ['Decomposes', 'Try compensation', false, 'Before'],
      ]);
      setCarriedStepDone(client.doc, steps[1]?.id as string, true);
      await waitFor(
        () => server.app.rooms.withRoom(second, (room) => listCarriedSteps(room.doc).some((step) => step.done)),
        'the tick reaches the server',
      );
      client.provider.destroy();

      // Kept with the new board: a later visitor sees the tick; the first board has no checklist.
      const again = connectClient(server.wsUrl, second, seeded.tokens.viewer);
      await waitForSync(again.provider);
      expect(listCarriedSteps(again.doc).map((step) => step.done)).toEqual([false, true, false]);
      again.provider.destroy();
      // The exports carry the checklist as ticked: the JSON, and the PDF report's first page.
      const viewer = { authorization: `Bearer ${seeded.tokens.viewer}` };
      const exported = (await (await fetch(`${server.url}/api/boards/${second}/export.json`, { headers: viewer })).json()) as ExportModel;
      expect(exported.carriedSteps?.map((step) => [step.pileTitle, step.text, step.done])).toEqual([
        ['Counts all', 'Count on from the larger number', false],
        ['Counts all', 'Ten frames', true],
        ['Decomposes', 'Try compensation', false],
      ]);
      const pdf = await fetch(`${server.url}/api/boards/${second}/export.pdf`, { headers: viewer });
      const text = await pdfText(await pdf.arrayBuffer());
      expect(text).toContain('Next steps from Before');
      expect(text).toContain('1 of 3 done');
      expect(text).toContain('Try compensation');
      const firstExport = (await (await fetch(`${server.url}/api/boards/${first}/export.json`, { headers: viewer })).json()) as ExportModel;
      expect(firstExport.carriedSteps).toBeUndefined();

      const before = connectClient(server.wsUrl, first, seeded.tokens.viewer);
      await waitForSync(before.provider);
      expect(listCarriedSteps(before.doc)).toEqual([]);
      before.provider.destroy();
    });
  });

  describe('the same task across classrooms', () => {
    async function classWithBoard(title: string, task: string, sort: (pileTitle: string) => number[]): Promise<SeededClass> {
      const names = Array.from({ length: 6 }, (_, index) => `${title} student ${index + 1}`);
      const seeded = await createClassWith(server.url, title, names);
      const { id: boardId } = await addClassBoard(server.url, seeded, `${title}: addition`, task);
      await changeBoard(server.app, boardId, (doc) => {
        const piles = ['Counts all', 'Decomposes'].map((pileTitle) => ({ id: createPile(doc, pile(pileTitle)), members: sort(pileTitle) }));
        seeded.students.forEach((student, index) => {
          const card = createCard(doc, { student: student.name, pages: [], studentId: student.studentId });
          const home = piles.find((one) => one.members.includes(index));
          if (home) placeCard(doc, card, { pileId: home.id, x: 0, y: 0, order: index });
        });
      });
      return seeded;
    }

    it('lines up each class’s board of the task as counts per strategy, names hidden unless asked', async () => {
      const roomA = await classWithBoard('Room A', 'Solve 48 + 27 two ways', (title) => (title === 'Counts all' ? [0, 1, 2, 3] : [4]));
      const roomB = await classWithBoard('Room B', '  solve 48 + 27   TWO ways ', (title) =>
        title === 'Counts all' ? [0] : [1, 2, 3, 4, 5],
      );
      await addClassBoard(server.url, roomB, 'Something else', 'Measure the classroom');
      const compare = (body: unknown) =>
        fetch(`${server.url}/api/classes/comparison`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });

      const response = await compare({
        classes: [
          { classId: roomA.id, token: roomA.tokens.viewer },
          { classId: roomB.id, token: roomB.tokens.viewer },
        ],
      });
      expect(response.status).toBe(200);
      const comparison = (await response.json()) as ClassComparison;
      expect(comparison.namesHidden).toBe(true);
      const shared = comparison.tasks[0];
      expect(shared?.boards.map((board) => board.classTitle)).toEqual(['Room A', 'Room B']);
      expect(shared?.boards.map((board) => [board.total, board.unsorted, board.piles.map((one) => `${one.title}:${one.count}`)])).toEqual([
        [6, 1, ['Counts all:4', 'Decomposes:1']],
        [6, 0, ['Counts all:1', 'Decomposes:5']],
      ]);
      expect(comparison.tasks.map((task) => task.boards.length)).toEqual([2, 1]);
      expect(JSON.stringify(comparison)).not.toContain('student 1');

      const named = (await (
        await compare({ classes: [{ classId: roomA.id, token: roomA.tokens.viewer }], names: 'shown' })
      ).json()) as ClassComparison;
      expect(named.tasks[0]?.boards[0]?.piles[1]?.students).toEqual(['Room A student 5']);

      // A class's token opens that class only.
      const refused = await compare({
        classes: [
          { classId: roomA.id, token: roomA.tokens.viewer },
          { classId: roomB.id, token: roomA.tokens.owner },
        ],
      });
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ error: 'class_unauthorized' });
    });
  });
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`on ${engine.name}`, () => {
    beforeAll(async () => {
      server = await startServer(engine.env);
    });
    afterAll(async () => {
      await server.close();
    });
    aClassOverTheYear();
  });
}
