// Links and deletion on one process with the embedded storage: the owner link rotates like the
// others, tokens are kept only as keyed hashes (boards made before that keep working), no token
// reaches a log line, only the named proxy is believed about addresses, and a board deleted while
// its upload is running leaves nothing in the data folder.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { boardCards } from '#shared/schema/board.js';
import { createCard } from '#shared/schema/card.js';
import { CLOSE_CODES } from '#shared/syncWire.js';
import { ConfigError, loadConfig } from '../../server/config.js';
import { BOARD_DELETED_REASON } from '../../server/sync/revocation.js';
import { startServerProcess } from '../fixtures/process.js';
import { uploadForm, uprightPage } from '../fixtures/scans.js';
import {
  type CreatedBoard,
  connectClient,
  createBoard,
  startServer,
  type TestServer,
  tempDataDir,
  waitFor,
  waitForSync,
} from '../fixtures/server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const started = await startServer(env, dataDir);
  cleanups.push(() => started.close());
  return started;
}

function client(target: TestServer, boardId: string, token: string) {
  const connection = connectClient(target.wsUrl, boardId, token);
  const closes: { code: number; reason: string }[] = [];
  connection.provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  cleanups.push(() => connection.provider.destroy());
  return { ...connection, closes };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function rotate(target: TestServer, board: CreatedBoard, role: string, token: string): Promise<Response> {
  return fetch(`${target.url}/api/boards/${board.id}/tokens/${role}/rotate`, { method: 'POST', headers: bearer(token) });
}

/** Every file under `dir` that holds `needle` (the SQLite file, its write-ahead log, page images…). */
function filesHolding(dir: string, needle: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => fs.readFileSync(file).includes(Buffer.from(needle)));
}

describe('the owner link', () => {
  it('rotates: the old owner link answers 401 and its sockets close, the other links keep working', async () => {
    const target = await server();
    const board = await createBoard(target.url);
    const owner = client(target, board.id, board.tokens.owner);
    const editor = client(target, board.id, board.tokens.editor);
    await Promise.all([waitForSync(owner.provider), waitForSync(editor.provider)]);

    const response = await rotate(target, board, 'owner', board.tokens.owner);
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(token).not.toBe(board.tokens.owner);

    await waitFor(() => owner.closes.some((close) => close.code === CLOSE_CODES.tokenRevoked), 'the old owner link’s socket closes');
    expect((await fetch(`${target.url}/api/boards/${board.id}`, { headers: bearer(board.tokens.owner) })).status).toBe(401);
    expect((await fetch(`${target.url}/api/boards/${board.id}`, { headers: bearer(token) })).status).toBe(200);
    expect(editor.provider.wsconnected).toBe(true);
    // The new owner sees the same editor and viewer links, which still open the board.
    const links = (await (await fetch(`${target.url}/api/boards/${board.id}/tokens`, { headers: bearer(token) })).json()) as {
      tokens: Record<string, string>;
    };
    expect(links.tokens).toEqual({ owner: token, editor: board.tokens.editor, viewer: board.tokens.viewer });
    expect((await fetch(`${target.url}/api/boards/${board.id}`, { headers: bearer(board.tokens.viewer) })).status).toBe(200);
  });

  it('only the owner rotates links, and the old owner link rotates nothing', async () => {
    const target = await server();
    const board = await createBoard(target.url);
    expect((await rotate(target, board, 'owner', board.tokens.editor)).status).toBe(403);
    const { token } = (await (await rotate(target, board, 'owner', board.tokens.owner)).json()) as { token: string };
    expect((await rotate(target, board, 'viewer', board.tokens.owner)).status).toBe(401);
    expect((await rotate(target, board, 'viewer', token)).status).toBe(200);
  });
});

describe('tokens at rest', () => {
  it('no token of any role, old or new, is readable anywhere in the data folder', async () => {
    const target = await server();
    const board = await createBoard(target.url);
    const { token: viewer } = (await (await rotate(target, board, 'viewer', board.tokens.owner)).json()) as { token: string };
    const { token: owner } = (await (await rotate(target, board, 'owner', board.tokens.owner)).json()) as { token: string };
    const all = [...Object.values(board.tokens), viewer, owner];
    for (const token of all) expect(filesHolding(target.dataDir, token)).toEqual([]);
    expect((await fetch(`${target.url}/api/boards/${board.id}`, { headers: bearer(viewer) })).status).toBe(200);
  });

  it('boards stored with plain tokens keep their links after the upgrade, and the plain tokens are gone', async () => {
    const dataDir = tempDataDir();
    const plain = {
      owner: 'legacy-owner-token-0123456789abcdef',
      editor: 'legacy-editor-token-0123456789abcd',
      viewer: 'legacy-viewer-token-0123456789abcd',
    };
    // The database as the previous release left it (schema steps 1-3: plain `tokens` table).
    {
      const seeding = await startServer({}, dataDir);
      const board = await createBoard(seeding.url, { title: 'Before hashing' });
      await seeding.close();
      const db = new Database(path.join(dataDir, 'worksort.sqlite'));
      // Back to schema step 3: tables of later steps go too.
      db.exec(`DROP TABLE board_tokens;
        DROP TABLE IF EXISTS sequence_shares;
        CREATE TABLE tokens (token TEXT PRIMARY KEY, board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE, role TEXT NOT NULL, UNIQUE (board_id, role));`);
      for (const [role, token] of Object.entries(plain)) db.prepare('INSERT INTO tokens VALUES (?, ?, ?)').run(token, board.id, role);
      db.pragma('user_version = 3');
      db.close();
      expect(filesHolding(dataDir, plain.owner).length).toBeGreaterThan(0);
      fs.writeFileSync(path.join(dataDir, 'board-id'), board.id);
    }
    const boardId = fs.readFileSync(path.join(dataDir, 'board-id'), 'utf8');
    fs.rmSync(path.join(dataDir, 'board-id'));
    const target = await server({}, dataDir);
    for (const token of Object.values(plain)) {
      expect((await fetch(`${target.url}/api/boards/${boardId}`, { headers: bearer(token) })).status).toBe(200);
    }
    const links = (await (await fetch(`${target.url}/api/boards/${boardId}/tokens`, { headers: bearer(plain.owner) })).json()) as {
      tokens: Record<string, string>;
    };
    expect(links.tokens).toEqual(plain);
    for (const token of Object.values(plain)) expect(filesHolding(dataDir, token)).toEqual([]);
  });
});

describe('the token key', () => {
  it('tokens are checked under the key they were hashed with: another TOKEN_KEY opens nothing', async () => {
    expect(() => loadConfig({ TOKEN_KEY: 'too short' })).toThrow(ConfigError);
    const dataDir = tempDataDir();
    const key = 'k'.repeat(40);
    const first = await startServer({ TOKEN_KEY: key }, dataDir);
    const board = await createBoard(first.url);
    await first.close();
    const status = async (env: Record<string, string>) => {
      const target = await startServer(env, dataDir);
      try {
        return (await fetch(`${target.url}/api/boards/${board.id}`, { headers: bearer(board.tokens.viewer) })).status;
      } finally {
        await target.close();
      }
    };
    expect(await status({ TOKEN_KEY: 'x'.repeat(40) })).toBe(401);
    // Unset, the server uses the key file it generated in the data folder: not the one hashed under.
    expect(await status({})).toBe(401);
    expect(await status({ TOKEN_KEY: key })).toBe(200);
  });
});

describe('logs', () => {
  it('no token reaches a line the server logs, whatever the request', { timeout: 60_000 }, async () => {
    const dataDir = tempDataDir();
    const process = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
    cleanups.push(() => process.stop('SIGKILL'));
    let output = '';
    process.child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process.child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const board = await createBoard(process.url);
    const base = `${process.url}/api/boards/${board.id}`;
    await fetch(`${base}/assets/${'0'.repeat(32)}?size=thumb&token=${board.tokens.viewer}`);
    await fetch(`${base}/sheets?assets=${'1'.repeat(32)}&token=${board.tokens.editor}`);
    await fetch(`${base}?token=${board.tokens.owner}&x=1`);
    await fetch(`${base}/nowhere?token=${board.tokens.owner}`);
    await fetch(`${base}`, { headers: bearer(`${board.tokens.editor}x`) });
    const { token: rotated } = (await (
      await fetch(`${base}/tokens/editor/rotate`, { method: 'POST', headers: bearer(board.tokens.owner) })
    ).json()) as {
      token: string;
    };
    const socket = connectClient(process.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => socket.provider.destroy());
    await waitForSync(socket.provider);
    await fetch(`${base}`, { method: 'DELETE', headers: bearer(board.tokens.owner) });
    await waitFor(() => output.includes('DELETE'), 'the deletion is logged');
    expect(output).toContain('/assets/');
    for (const token of [...Object.values(board.tokens), rotated])
      expect(output.split('\n').filter((line) => line.includes(token))).toEqual([]);
  });
});

describe('client addresses', () => {
  it('TRUST_PROXY names proxies, never a whole private range or a keyword', () => {
    expect(loadConfig({ TRUST_PROXY: '172.28.0.10, 10.1.2.0/28, fd00::5' }).trustProxy).toEqual(['172.28.0.10', '10.1.2.0/28', 'fd00::5']);
    for (const wide of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'loopback', 'true', '*', 'fd00::/8', 'nginx']) {
      expect(() => loadConfig({ TRUST_PROXY: wide }), wide).toThrow(ConfigError);
    }
  });

  it('a client that is not the named proxy cannot pick its address with X-Forwarded-For', async () => {
    // The proxy the operator named is elsewhere: this client's own header is not believed.
    const target = await server({ TRUST_PROXY: '127.0.0.2', HTTP_REQUESTS_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${target.url}/readyz`, { headers: { 'x-forwarded-for': `203.0.113.${i + 1}` } });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429]);
  });
});

describe('deletion', () => {
  it('a board deleted while its upload is running leaves no page and no name in the data folder', { timeout: 60_000 }, async () => {
    const target = await server();
    const board = await createBoard(target.url);
    const name = 'Zebulonia Quartermaine';
    const files = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => ({
        name: `${name} ${String.fromCharCode(65 + i)}.jpg`,
        bytes: await uprightPage({ pageNumber: i + 1 }),
      })),
    );
    const uploading = fetch(`${target.url}/api/boards/${board.id}/uploads`, {
      method: 'POST',
      headers: bearer(board.tokens.editor),
      body: uploadForm(files.map((file) => ({ ...file, type: 'image/jpeg' }))),
    });
    // Delete as soon as the first page is on disk: the rest of the upload is still being written.
    const assetsDir = path.join(target.dataDir, 'assets', board.id);
    await waitFor(() => fs.existsSync(assetsDir) && fs.readdirSync(assetsDir, { recursive: true }).length > 0, 'the first page is stored');
    const deleted = await fetch(`${target.url}/api/boards/${board.id}`, { method: 'DELETE', headers: bearer(board.tokens.owner) });
    expect(deleted.status).toBe(204);
    const answer = await uploading;
    expect({ status: answer.status, error: ((await answer.json()) as { error?: string }).error }).toEqual({
      status: 410,
      error: 'board_deleted',
    });
    // Whatever the upload still did after the deletion, nothing of it stayed.
    await waitFor(() => target.app.rooms.loadedCount === 0, 'the board is unloaded');
    expect(fs.existsSync(assetsDir)).toBe(false);
    expect(filesHolding(target.dataDir, 'Zebulonia')).toEqual([]);
    expect(await target.app.storage.loadUpdates(board.id)).toEqual([]);
  });

  it('open connections are closed as revoked and told the board was deleted (the app then drops its offline copy)', async () => {
    const target = await server();
    const board = await createBoard(target.url);
    const editor = client(target, board.id, board.tokens.editor);
    await waitForSync(editor.provider);
    createCard(editor.doc, { student: 'Ottoline Vasquez', pages: [] });
    await waitFor(async () => (await target.app.rooms.loaded(board.id))?.doc.getMap('cards').size === 1, 'the card is stored');
    await fetch(`${target.url}/api/boards/${board.id}`, { method: 'DELETE', headers: bearer(board.tokens.owner) });
    await waitFor(() => editor.closes.length > 0, 'the socket closes');
    expect(editor.closes[0]).toEqual({ code: CLOSE_CODES.tokenRevoked, reason: BOARD_DELETED_REASON });
    expect(boardCards(editor.doc).size).toBe(1);
  });
});
