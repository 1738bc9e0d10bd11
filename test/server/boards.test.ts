// The HTTP API of boards, tokens and roles, against a real server and a real SQLite file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoard, startServer, type TestServer } from '../fixtures/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

function get(path: string, token?: string): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
}

describe('boards', () => {
  it('creating a board answers its id, title and three distinct unguessable tokens', async () => {
    const board = await createBoard(server.url, { title: 'Solve 48 + 27 two ways', task: 'Show two strategies.' });
    expect(board.title).toBe('Solve 48 + 27 two ways');
    const tokens = Object.values(board.tokens);
    expect(new Set(tokens).size).toBe(3);
    for (const token of tokens) expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('every role can read the board and learns its own role', async () => {
    const board = await createBoard(server.url, { title: 'Fractions on a number line', task: 'Place 3/4.' });
    for (const role of ['owner', 'editor', 'viewer'] as const) {
      const response = await get(`/api/boards/${board.id}`, board.tokens[role]);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        id: board.id,
        title: 'Fractions on a number line',
        task: 'Place 3/4.',
        role,
        cards: 0,
        piles: 0,
      });
    }
  });

  it('the token may ride in the query string, for WebSockets and images', async () => {
    const board = await createBoard(server.url);
    expect((await get(`/api/boards/${board.id}?token=${board.tokens.viewer}`)).status).toBe(200);
  });

  it('no token, an unknown token, or a token of another board answers 401 in the contract shape', async () => {
    const board = await createBoard(server.url);
    const other = await createBoard(server.url);
    for (const token of [undefined, 'not-a-token', other.tokens.owner]) {
      const response = await get(`/api/boards/${board.id}`, token);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: string; message: string };
      expect(body.error).toBe('unauthorized');
      expect(body.message).toMatch(/link/);
    }
  });

  it('a token too weak for the call answers 403', async () => {
    const board = await createBoard(server.url);
    for (const token of [board.tokens.editor, board.tokens.viewer]) {
      const response = await fetch(`${server.url}/api/boards/${board.id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(403);
    }
  });

  it('an invalid creation request is refused with a clear 400', async () => {
    const response = await fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ task: 'no title' }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('bad_request');
  });

  it('deleting a board makes all its tokens answer 401', async () => {
    const board = await createBoard(server.url);
    const response = await fetch(`${server.url}/api/boards/${board.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${board.tokens.owner}` },
    });
    expect(response.status).toBe(204);
    for (const token of Object.values(board.tokens)) expect((await get(`/api/boards/${board.id}`, token)).status).toBe(401);
  });

  it('rotating a role token retires the old one and the new one works', async () => {
    const board = await createBoard(server.url);
    const response = await fetch(`${server.url}/api/boards/${board.id}/tokens/viewer/rotate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.owner}` },
    });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect((await get(`/api/boards/${board.id}`, board.tokens.viewer)).status).toBe(401);
    expect((await get(`/api/boards/${board.id}`, token)).status).toBe(200);
    expect((await get(`/api/boards/${board.id}`, board.tokens.editor)).status).toBe(200);
  });

  it('a malformed id in any path is a 400 in the contract shape before any lookup', async () => {
    const board = await createBoard(server.url, { title: 'Ids' });
    const owner = board.tokens.owner;
    // One validator for every id: uppercase, punctuation and over-long ids are refused alike.
    const paths = [
      `/api/boards/${board.id.toUpperCase()}`,
      `/api/boards/${board.id}-x/snapshots`,
      `/api/boards/${board.id}/snapshots/a.b/restore`,
      `/api/boards/${'a'.repeat(65)}/tokens`,
      `/api/boards/${board.id}/export.json?names=shown`.replace(board.id, `${board.id}_`),
      '/api/classes/Class_1',
    ];
    for (const path of paths) {
      const method = path.endsWith('/restore') ? 'POST' : 'GET';
      const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${owner}` } });
      expect(response.status, path).toBe(400);
      expect(await response.json(), path).toMatchObject({ error: 'bad_request', message: expect.any(String) });
    }
    // The well-formed id still answers.
    expect((await get(`/api/boards/${board.id}`, owner)).status).toBe(200);
  });

  it('answers carry the contract fields and nothing else', async () => {
    const board = await createBoard(server.url, { title: 'Contract' });
    const links = await (await get(`/api/boards/${board.id}/tokens`, board.tokens.owner)).json();
    expect(links).toEqual({ tokens: board.tokens });
    expect(Object.keys(board).sort()).toEqual(['id', 'title', 'tokens']);
  });

  it('health answers without a token', async () => {
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('creation key', () => {
  it('when the server sets a creation key, creating a board needs it', async () => {
    const guarded = await startServer({ CREATION_KEY: 'district-secret' });
    try {
      const post = (key?: string) =>
        fetch(`${guarded.url}/api/boards`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
          body: JSON.stringify({ title: 'Guarded' }),
        });
      expect((await post()).status).toBe(401);
      expect((await post('wrong')).status).toBe(401);
      expect((await post('district-secret')).status).toBe(201);
    } finally {
      await guarded.close();
    }
  });
});
