// "Moved by" in a comparison: two teachers move cards between two snapshots, each from their own
// laptop; the comparison says who moved each card, read from the document's own record of who
// wrote what, and a card nobody moved names nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SortComparison } from '#shared/compare.js';
import { registerAuthor } from '#shared/schema/authors.js';
import { createCard, getCard, placeCard } from '#shared/schema/card.js';
import { createPile } from '#shared/schema/pile.js';
import { type CreatedBoard, connectClient, createBoard, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

let server: TestServer;
let board: CreatedBoard;
const cleanups: (() => unknown)[] = [];

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api/boards/${board.id}${path}`, {
    method,
    headers: { authorization: `Bearer ${board.tokens.editor}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  expect(response.ok, `${method} ${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

beforeAll(async () => {
  server = await startServer();
  cleanups.push(() => server.close());
  board = await createBoard(server.url);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('who moved a card', () => {
  it('each move between two snapshots is attributed to the teacher who made it', async () => {
    const maria = connectClient(server.wsUrl, board.id, board.tokens.editor);
    const jamal = connectClient(server.wsUrl, board.id, board.tokens.editor);
    cleanups.push(
      () => maria.provider.destroy(),
      () => jamal.provider.destroy(),
    );
    await Promise.all([waitForSync(maria.provider), waitForSync(jamal.provider)]);
    registerAuthor(maria.doc, { name: 'Maria (teacher)', color: '#0072b2' });
    registerAuthor(jamal.doc, { name: 'Jamal (interventionist)', color: '#d55e00' });
    const ids = { ana: '', ben: '', cai: '', countingOn: '', placeValue: '' };
    maria.doc.transact(() => {
      ids.countingOn = createPile(maria.doc, { title: 'Counts on', x: 0, y: 0, w: 400, h: 300 });
      ids.placeValue = createPile(maria.doc, { title: 'Place value', x: 500, y: 0, w: 400, h: 300 });
      ids.ana = createCard(maria.doc, { student: 'Ana', pages: [], pileId: ids.countingOn });
      ids.ben = createCard(maria.doc, { student: 'Ben', pages: [], pileId: ids.countingOn });
      ids.cai = createCard(maria.doc, { student: 'Cai', pages: [], pileId: ids.countingOn });
    });
    await waitFor(() => getCard(jamal.doc, ids.cai) !== null, 'Jamal sees the cards');
    const first = await call<{ id: string }>('POST', '/snapshots', { name: 'first sort' });

    placeCard(maria.doc, ids.ana, { pileId: ids.placeValue, x: 0, y: 0 });
    placeCard(jamal.doc, ids.ben, { pileId: ids.placeValue, x: 0, y: 0 });
    await waitFor(() => getCard(maria.doc, ids.ben)?.pileId === ids.placeValue, 'Maria sees Jamal’s move');
    await waitFor(async () => {
      const live = await call<SortComparison>('GET', `/compare?from=${first.id}&to=live`);
      return live.summary.moved === 2;
    }, 'the server has both moves');
    const second = await call<{ id: string }>('POST', '/snapshots', { name: 'after talking' });

    const comparison = await call<SortComparison>('GET', `/compare?from=${first.id}&to=${second.id}`);
    const movedBy = Object.fromEntries(comparison.movements.map((movement) => [movement.student, movement.movedBy]));
    expect(movedBy).toEqual({ Ana: 'Maria (teacher)', Ben: 'Jamal (interventionist)', Cai: null });

    const csv = await (
      await fetch(`${server.url}/api/boards/${board.id}/compare?from=${first.id}&to=${second.id}&format=csv&bom=false`, {
        headers: { authorization: `Bearer ${board.tokens.viewer}` },
      })
    ).text();
    expect(csv.split('\r\n')[0]?.endsWith(',moved_by')).toBe(true);
    expect(csv).toContain('Jamal (interventionist)');
  });
});
