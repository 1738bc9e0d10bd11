// The demo board: a generated class set brought in through real ingest (a copier PDF and photos).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCards } from '#shared/schema/card.js';
import { connectClient, startServer, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('demo board', () => {
  it('arrives with 28 named, unsorted student cards whose pages are served', { timeout: 120_000 }, async () => {
    const response = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    expect(response.status).toBe(201);
    const board = (await response.json()) as { id: string; tokens: { viewer: string } };
    const { doc, provider } = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    try {
      await waitForSync(provider);
      await waitFor(() => listCards(doc).length === 28, 'the class set is on the board');
      const cards = listCards(doc);
      expect(cards.every((card) => card.pileId === null && card.pages.length === 1 && card.student !== '')).toBe(true);
      expect(new Set(cards.map((card) => card.student)).size).toBe(28);
      const thumb = await fetch(
        `${server.url}/api/boards/${board.id}/assets/${cards[0]?.pages[0]}?size=thumb&token=${board.tokens.viewer}`,
      );
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get('content-type')).toBe('image/jpeg');
    } finally {
      provider.destroy();
    }
  });
});
