// The optional retention period deletes boards nobody used for RETENTION_DAYS, with their files.
import { afterEach, describe, expect, it } from 'vitest';
import { sweepExpiredBoards } from '../../server/retention.js';
import { connectClient, createBoard, startServer, waitForSync } from '../fixtures/server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const DAY = 24 * 60 * 60 * 1000;

describe('retention', () => {
  it('boards untouched past the period are deleted; used ones and open ones are kept', async () => {
    const server = await startServer({ RETENTION_DAYS: '30' });
    cleanups.push(() => server.close());
    const forgotten = await createBoard(server.url, { title: 'Last spring' });
    const recent = await createBoard(server.url, { title: 'This week' });
    const open = await createBoard(server.url, { title: 'On the projector' });
    const longAgo = Date.now() - 45 * DAY;
    await server.app.storage.touchBoard(forgotten.id, longAgo);
    await server.app.storage.touchBoard(open.id, longAgo);
    const viewer = connectClient(server.wsUrl, open.id, open.tokens.viewer);
    cleanups.push(() => viewer.provider.destroy());
    await waitForSync(viewer.provider);
    await server.app.storage.touchBoard(open.id, longAgo); // as if opened long ago and left open

    expect(await sweepExpiredBoards(server.app)).toBe(1);
    const status = async (board: { id: string; tokens: { owner: string } }) =>
      (await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.owner}` } })).status;
    expect(await status(forgotten)).toBe(401);
    expect(await status(recent)).toBe(200);
    expect(await status(open)).toBe(200);
  });

  it('without a retention period nothing is ever swept', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const board = await createBoard(server.url);
    await server.app.storage.touchBoard(board.id, 0);
    expect(await sweepExpiredBoards(server.app)).toBe(0);
  });
});
