// Comparing two boards of the same class (the fall sort against the winter sort): students are
// matched by label, the other board's link is checked like any other, and no token ever shows up
// in an answer or in the server's log. The server runs as a real process so its log can be read.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { boardCards } from '#shared/schema/board.js';
import { createCard } from '#shared/schema/card.js';
import { setFocusStudent } from '#shared/schema/focus.js';
import { createPile } from '#shared/schema/pile.js';
import { type ServerProcess, startServerProcess } from '../fixtures/process.js';
import { type CreatedBoard, connectClient, createBoard, tempDataDir, waitFor, waitForSync } from '../fixtures/server.js';

let server: ServerProcess;
let log = '';
let fall: CreatedBoard;
let winter: CreatedBoard;
let stranger: CreatedBoard;
const providers: WebsocketProvider[] = [];

interface Comparison {
  crossBoard: boolean;
  from: { title: string };
  to: { title: string; snapshot: { name: string } | null };
  movements: { student: string; focus: boolean; moved: boolean; before: { title: string }; after: { title: string } }[];
  matrix: { rows: { title: string }[]; columns: { title: string }[]; counts: number[][] };
  onlyBefore: { student: string; pile: { title: string } }[];
  onlyAfter: { student: string; pile: { title: string } }[];
  summary: Record<string, number>;
}

/** GET a comparison of the fall board with another board, as a viewer of both unless told otherwise. */
function compare(
  query: string,
  tokens: { own?: string | null; other?: string | null } = {},
  path = `/api/boards/${fall.id}/compare`,
): Promise<Response> {
  const own = tokens.own === undefined ? fall.tokens.viewer : tokens.own;
  const other = tokens.other === undefined ? winter.tokens.viewer : tokens.other;
  return fetch(`${server.url}${path}?${query}`, {
    headers: { ...(own ? { authorization: `Bearer ${own}` } : {}), ...(other ? { 'x-other-board-token': other } : {}) },
  });
}

/** Fills a board through a stock client: piles by title, then students by pile (null = unsorted). */
async function sortBoard(board: CreatedBoard, students: [name: string, pile: string | null][], focus: string[] = []): Promise<Y.Doc> {
  const { doc, provider } = connectClient(server.wsUrl, board.id, board.tokens.editor);
  providers.push(provider);
  await waitForSync(provider);
  const piles = new Map<string, string>();
  for (const [index, title] of ['Counting on', 'Place value'].entries()) {
    piles.set(title, createPile(doc, { title, x: index * 500, y: 0, w: 400, h: 300 }));
  }
  const ids = new Map<string, string>();
  for (const [order, [student, pile]] of students.entries()) {
    ids.set(student, createCard(doc, { student, pages: [], pileId: pile ? (piles.get(pile) ?? null) : null, order }));
  }
  for (const [at, student] of focus.entries()) setFocusStudent(doc, ids.get(student) as string, true, at + 1);
  await waitFor(async () => {
    const response = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } });
    return ((await response.json()) as { cards: number }).cards === students.length;
  }, `the cards of ${board.title} are on the server`);
  return doc;
}

beforeAll(async () => {
  server = await startServerProcess({ DATA_DIR: tempDataDir(), LOG_LEVEL: 'debug' });
  server.child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  server.child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  [fall, winter, stranger] = await Promise.all([
    createBoard(server.url, { title: 'Room 12 · fall' }),
    createBoard(server.url, { title: 'Room 12 · winter' }),
    createBoard(server.url, { title: 'Another class' }),
  ]);
  await sortBoard(fall, [
    ['Ana Ruiz', 'Counting on'],
    ['Ben Okafor', 'Counting on'],
    ['Zoë Martínez', 'Place value'],
    ['Dee Only-Fall', null],
  ]);
  const winterDoc = await sortBoard(
    winter,
    [
      // New scans, new cards: only the labels say who is who (case and spacing aside).
      ['ana ruiz', 'Place value'],
      ['Ben  Okafor', 'Counting on'],
      ['ZOË MARTÍNEZ', 'Place value'],
      ['Eve New-In-Winter', 'Counting on'],
    ],
    ['ZOË MARTÍNEZ'],
  );
  // Winter cards have their own ids.
  const winterIds = [...boardCards(winterDoc).keys()];
  const fallResponse = await fetch(`${server.url}/api/boards/${fall.id}/export.json`, {
    headers: { authorization: `Bearer ${fall.tokens.viewer}` },
  });
  const fallModel = (await fallResponse.json()) as { piles: { cards: { id: string }[] }[]; unsorted: { id: string }[] };
  const fallIds = [...fallModel.piles.flatMap((pile) => pile.cards), ...fallModel.unsorted].map((card) => card.id);
  expect(fallIds.some((id) => winterIds.includes(id))).toBe(false);
}, 60_000);

afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await server?.stop();
});

describe('comparing two boards of the same class', () => {
  it('matches students by label across boards: who moved, pile to pile, and who is on one board only', async () => {
    const response = await compare(`from=live&toBoard=${winter.id}`);
    expect(response.status).toBe(200);
    const result = (await response.json()) as Comparison;
    expect(result.crossBoard).toBe(true);
    expect(result.from.title).toBe('Room 12 · fall');
    expect(result.to.title).toBe('Room 12 · winter');
    expect(result.summary).toEqual({ matched: 3, moved: 1, stayed: 2, onlyBefore: 1, onlyAfter: 1 });
    // The winter board's focus student leads the table.
    expect(result.movements.map((m) => [m.student, m.focus, m.moved, `${m.before.title} → ${m.after.title}`])).toEqual([
      ['ZOË MARTÍNEZ', true, false, 'Place value → Place value'],
      ['ana ruiz', false, true, 'Counting on → Place value'],
      ['Ben  Okafor', false, false, 'Counting on → Counting on'],
    ]);
    expect(result.onlyBefore.map((o) => `${o.student} (${o.pile.title})`)).toEqual(['Dee Only-Fall (Unsorted)']);
    expect(result.onlyAfter.map((o) => `${o.student} (${o.pile.title})`)).toEqual(['Eve New-In-Winter (Counting on)']);
    const cell = (from: string, to: string) =>
      result.matrix.counts[result.matrix.rows.findIndex((r) => r.title === from)]?.[result.matrix.columns.findIndex((c) => c.title === to)];
    expect(cell('Counting on', 'Place value')).toBe(1);
    expect(cell('Counting on', 'Counting on')).toBe(1);
    expect(cell('Place value', 'Place value')).toBe(1);
    expect(result.matrix.counts.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('compares with a snapshot of the other board, and downloads the table as CSV', async () => {
    const saved = await fetch(`${server.url}/api/boards/${winter.id}/snapshots`, {
      method: 'POST',
      headers: { authorization: `Bearer ${winter.tokens.editor}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'January' }),
    });
    const snapshot = (await saved.json()) as { id: string };
    const json = (await (await compare(`from=live&toBoard=${winter.id}&to=${snapshot.id}`)).json()) as Comparison;
    expect(json.to.snapshot?.name).toBe('January');
    expect(json.summary.matched).toBe(3);

    const response = await compare(`from=live&toBoard=${winter.id}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('Room 12');
    const rows = parse(Buffer.from(await response.arrayBuffer()), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => [row.student, row.status, row.focus])).toEqual([
      ['ZOË MARTÍNEZ', 'same', 'yes'],
      ['ana ruiz', 'moved', 'no'],
      ['Ben  Okafor', 'same', 'no'],
      ['Dee Only-Fall', 'only_before', 'no'],
      ['Eve New-In-Winter', 'only_after', 'no'],
    ]);
  });

  it('with names hidden, shows each student under one number on both boards and no name at all', async () => {
    const response = await compare(`from=live&toBoard=${winter.id}&names=hidden`);
    const text = await response.text();
    for (const name of ['Ana', 'ana ruiz', 'Okafor', 'MART', 'Dee', 'Eve']) expect(text).not.toContain(name);
    const result = JSON.parse(text) as Comparison;
    const labels = [...result.movements, ...result.onlyBefore, ...result.onlyAfter].map((entry) => entry.student);
    expect(new Set(labels).size).toBe(5);
    expect(labels.every((label) => /^Student [1-5]$/.test(label))).toBe(true);
  });

  it('refuses without a valid link to the other board, with a JSON error that says which link failed', async () => {
    const cases: [string, { own?: string | null; other?: string | null }, number, string][] = [
      ['no link to the other board', { other: null }, 401, 'other_board_unauthorized'],
      ['a made-up link', { other: 'not-a-real-token-at-all' }, 401, 'other_board_unauthorized'],
      ['the link of this same board', { other: fall.tokens.owner }, 401, 'other_board_unauthorized'],
      ['the link of a third board', { other: stranger.tokens.owner }, 401, 'other_board_unauthorized'],
      ['no link to this board', { own: null }, 401, 'unauthorized'],
      ['the other board’s link in place of this one’s', { own: winter.tokens.owner, other: winter.tokens.owner }, 401, 'unauthorized'],
    ];
    for (const [what, tokens, status, error] of cases) {
      const response = await compare(`from=live&toBoard=${winter.id}`, tokens);
      expect(response.status, what).toBe(status);
      expect(response.headers.get('content-type'), what).toMatch(/^application\/json/);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error, what).toBe(error);
      expect(body.message.length, what).toBeGreaterThan(20);
    }
    const missing = (await (await compare(`from=live&toBoard=${winter.id}`, { other: null })).json()) as { message: string };
    expect(missing.message).toMatch(/other board/);

    // A link the owner has replaced stops working for comparisons too.
    const rotated = await fetch(`${server.url}/api/boards/${winter.id}/tokens/viewer/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${winter.tokens.owner}` },
    });
    const { token: newViewer } = (await rotated.json()) as { token: string };
    expect((await compare(`from=live&toBoard=${winter.id}`, { other: winter.tokens.viewer })).status).toBe(401);
    expect((await compare(`from=live&toBoard=${winter.id}`, { other: newViewer })).status).toBe(200);
    winter.tokens.viewer = newViewer;
  });

  it('never puts a token in an answer or in the server log', async () => {
    const tokens = [fall, winter, stranger].flatMap((board) => Object.values(board.tokens));
    const answers = await Promise.all([
      compare(`from=live&toBoard=${winter.id}`).then((r) => r.text()),
      compare(`from=live&toBoard=${winter.id}&format=csv`).then((r) => r.text()),
      compare(`from=live&toBoard=${winter.id}`, { other: 'not-a-real-token-at-all' }).then((r) => r.text()),
    ]);
    await waitFor(() => log.includes('/compare'), 'the server logged the comparisons');
    for (const token of [...tokens, 'not-a-real-token-at-all']) {
      for (const answer of answers) expect(answer).not.toContain(token);
      expect(log).not.toContain(token);
    }
  });
});
