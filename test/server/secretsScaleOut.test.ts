// Links and deletion across a deployment: two server processes on PostgreSQL and Redis, started
// with docker-compose.yml's environment, behind its nginx. Rotating any link or deleting a board
// on one process closes the sockets on the other within two seconds; a dump of the database holds
// no token and nothing of a deleted board; nginx logs no token and lets no client pick its address.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createCard } from '#shared/schema/card.js';
import { CLOSE_CODES } from '#shared/syncWire.js';
import { BOARD_DELETED_REASON } from '../../server/sync/revocation.js';
import { type ServerProcess, startServerProcess } from '../fixtures/process.js';
import { uploadForm, uprightPage } from '../fixtures/scans.js';
import { type CreatedBoard, connectClient, createBoard, tempDataDir, waitFor, waitForSync } from '../fixtures/server.js';
import { dropSchema, isolatedNames, POSTGRES_URL, REDIS_URL, scaleOutServicesAvailable } from '../fixtures/services.js';
import { composeEnvironment, NGINX, startNginx, startPrivateRedis } from '../fixtures/topology.js';

const servicesUp = await scaleOutServicesAvailable();
const PG_DUMP = ['/usr/bin/pg_dump', '/usr/lib/postgresql/16/bin/pg_dump'].find((candidate) => fs.existsSync(candidate)) ?? null;

const { schema, prefix } = isolatedNames();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  if (servicesUp) await dropSchema(schema);
});

async function replica(service: 'app1' | 'app2', extra: Record<string, string> = {}, redisUrl = REDIS_URL): Promise<ServerProcess> {
  const env = composeEnvironment(service, {
    databaseUrl: POSTGRES_URL,
    databaseSchema: schema,
    redisUrl,
    redisKeyPrefix: prefix,
    dataDir: tempDataDir(),
  });
  const server = await startServerProcess({ ...env, ...extra });
  cleanups.push(() => server.stop('SIGKILL'));
  return server;
}

function client(wsUrl: string, boardId: string, token: string) {
  const connection = connectClient(wsUrl, boardId, token);
  const closes: { code: number; reason: string; at: number }[] = [];
  connection.provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason, at: Date.now() });
  });
  cleanups.push(() => connection.provider.destroy());
  return { ...connection, closes };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function pgDump(): string {
  if (!PG_DUMP) throw new Error('pg_dump is not installed');
  const url = new URL(POSTGRES_URL);
  const result = spawnSync(
    PG_DUMP,
    ['-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres', '-n', schema, url.pathname.slice(1)],
    { encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 },
  );
  if (result.status !== 0) throw new Error(`pg_dump failed: ${result.stderr}`);
  return result.stdout;
}

/** Whether a dump holds `text`, as text or inside a bytea column (which pg_dump writes in hex). */
const holds = (dump: string, text: string) => dump.includes(text) || dump.includes(Buffer.from(text).toString('hex'));

describe.skipIf(!servicesUp)('links and deletion on two processes (PostgreSQL + Redis)', () => {
  it('rotating the link of each role, owner included, closes its sockets on the other process within 2 s', {
    timeout: 90_000,
  }, async () => {
    const [one, two] = await Promise.all([replica('app1'), replica('app2')]);
    const board: CreatedBoard = await createBoard(one.url, { title: 'District PD' });
    let owner = board.tokens.owner;
    for (const role of ['viewer', 'editor', 'owner'] as const) {
      const old = role === 'owner' ? owner : board.tokens[role];
      const onTwo = client(two.wsUrl, board.id, old);
      await waitForSync(onTwo.provider);
      const started = Date.now();
      const response = await fetch(`${one.url}/api/boards/${board.id}/tokens/${role}/rotate`, { method: 'POST', headers: bearer(owner) });
      expect(response.status).toBe(200);
      const { token } = (await response.json()) as { token: string };
      await waitFor(
        () => onTwo.closes.some((close) => close.code === CLOSE_CODES.tokenRevoked),
        `the ${role} socket on the other process closes`,
        2000,
      );
      expect((onTwo.closes[0]?.at ?? Number.POSITIVE_INFINITY) - started).toBeLessThan(2000);
      expect((await fetch(`${two.url}/api/boards/${board.id}`, { headers: bearer(old) })).status).toBe(401);
      expect((await fetch(`${two.url}/api/boards/${board.id}`, { headers: bearer(token) })).status).toBe(200);
      onTwo.provider.destroy();
      if (role === 'owner') owner = token;
    }
  });

  it('a link rotated while Redis is down still closes its sockets on the other process soon after Redis is back', {
    timeout: 90_000,
  }, async () => {
    let redis = await startPrivateRedis();
    const port = redis.port;
    cleanups.push(() => redis.stop());
    const [one, two] = await Promise.all([replica('app1', {}, redis.url), replica('app2', {}, redis.url)]);
    const board = await createBoard(one.url);
    const onTwo = client(two.wsUrl, board.id, board.tokens.viewer);
    await waitForSync(onTwo.provider);
    await redis.stop();
    const rotated = await fetch(`${one.url}/api/boards/${board.id}/tokens/viewer/rotate`, {
      method: 'POST',
      headers: bearer(board.tokens.owner),
    });
    expect(rotated.status).toBe(200);
    redis = await startPrivateRedis(port);
    // Well before the 15-s periodic re-check: the other process re-checks as soon as Redis is back.
    await waitFor(
      () => onTwo.closes.some((close) => close.code === CLOSE_CODES.tokenRevoked),
      'the socket on the other process closes',
      6000,
    );
  });

  it('deleting a board closes its sockets on the other process within 2 s, and a dump of the database holds no token and nothing of it', {
    timeout: 90_000,
  }, async () => {
    const [one, two] = await Promise.all([replica('app1'), replica('app2')]);
    const kept = await createBoard(one.url, { title: 'Kept board' });
    const board = await createBoard(one.url, { title: 'Board to delete' });
    const name = 'Philippa Zonderwater';
    const onTwo = client(two.wsUrl, board.id, board.tokens.editor);
    await waitForSync(onTwo.provider);
    createCard(onTwo.doc, { student: name, pages: [] });
    await fetch(`${two.url}/api/boards/${board.id}/snapshots`, {
      method: 'POST',
      headers: { ...bearer(board.tokens.editor), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Before' }),
    });
    await waitFor(() => holds(pgDump(), name), 'the name is stored', 10_000);

    const started = Date.now();
    const deleted = await fetch(`${one.url}/api/boards/${board.id}`, { method: 'DELETE', headers: bearer(board.tokens.owner) });
    expect(deleted.status).toBe(204);
    await waitFor(() => onTwo.closes.length > 0, 'the socket on the other process closes', 2000);
    expect(onTwo.closes[0]).toMatchObject({ code: CLOSE_CODES.tokenRevoked, reason: BOARD_DELETED_REASON });
    expect((onTwo.closes[0]?.at ?? Number.POSITIVE_INFINITY) - started).toBeLessThan(2000);
    expect((await fetch(`${two.url}/api/boards/${board.id}`, { headers: bearer(board.tokens.owner) })).status).toBe(401);

    const dump = pgDump();
    expect(holds(dump, name)).toBe(false);
    expect(holds(dump, board.id)).toBe(false);
    expect(holds(dump, kept.id)).toBe(true);
    for (const token of [...Object.values(board.tokens), ...Object.values(kept.tokens)]) expect(holds(dump, token)).toBe(false);
    // The space of the deleted rows is reclaimed at once, not whenever autovacuum comes round.
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    cleanups.push(() => db.end());
    await waitFor(async () => {
      const { rows } = await db.query<{ vacuumed: number }>(
        "SELECT count(*)::int AS vacuumed FROM pg_stat_user_tables WHERE schemaname = $1 AND relname IN ('updates', 'snapshots', 'assets', 'board_tokens') AND last_vacuum >= to_timestamp($2 / 1000.0)",
        [schema, started],
      );
      return rows[0]?.vacuumed === 4;
    }, 'the deleted rows are vacuumed');
  });
});

describe.skipIf(!servicesUp)('a deletion racing an upload on PostgreSQL', () => {
  it('an upload still running on one process when the board is deleted on the other leaves nothing behind', {
    timeout: 90_000,
  }, async () => {
    const [one, two] = await Promise.all([replica('app1'), replica('app2')]);
    const board = await createBoard(one.url);
    const name = 'Wilhelmina Oyelaran';
    const files = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => ({
        name: `${name} ${String.fromCharCode(65 + i)}.jpg`,
        bytes: await uprightPage({ pageNumber: i + 1 }),
        type: 'image/jpeg',
      })),
    );
    const uploading = fetch(`${two.url}/api/boards/${board.id}/uploads`, {
      method: 'POST',
      headers: bearer(board.tokens.editor),
      body: uploadForm(files),
    });
    const db = new pg.Client({ connectionString: POSTGRES_URL });
    await db.connect();
    cleanups.push(() => db.end());
    const storedPages = async () =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".assets WHERE board_id = $1`, [board.id])).rows[0]?.n ?? 0;
    // Delete once the first page is stored: the rest of the upload is still on its way.
    await waitFor(async () => (await storedPages()) > 0, 'the first page is stored', 30_000);
    const deleted = await fetch(`${one.url}/api/boards/${board.id}`, { method: 'DELETE', headers: bearer(board.tokens.owner) });
    expect(deleted.status).toBe(204);
    const answer = await uploading;
    // The person uploading is told what happened, not that the server failed.
    expect({ status: answer.status, error: ((await answer.json()) as { error?: string }).error }).toEqual({
      status: 410,
      error: 'board_deleted',
    });
    expect(await storedPages()).toBe(0);
    const dump = pgDump();
    expect(holds(dump, name)).toBe(false);
    expect(holds(dump, board.id)).toBe(false);
  });
});

describe.skipIf(!servicesUp || !NGINX)('the compose proxy', () => {
  it('logs requests without their query strings, so no token', { timeout: 60_000 }, async () => {
    const one = await replica('app1');
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worksort-nginx-log-'));
    const accessLog = path.join(logDir, 'access.log');
    const proxy = await startNginx([Number(new URL(one.url).port), Number(new URL(one.url).port)], { accessLog });
    cleanups.push(() => proxy.stop());
    const board = await createBoard(proxy.url);
    await fetch(`${proxy.url}/api/boards/${board.id}/assets/${'0'.repeat(32)}?size=thumb&token=${board.tokens.viewer}`);
    await fetch(`${proxy.url}/api/boards/${board.id}?token=${board.tokens.owner}`, {
      headers: { referer: `http://x/b/1#token=${board.tokens.editor}` },
    });
    const socket = client(proxy.wsUrl, board.id, board.tokens.editor);
    await waitForSync(socket.provider);
    socket.provider.destroy();
    await waitFor(() => fs.existsSync(accessLog) && fs.readFileSync(accessLog, 'utf8').includes('/sync/'), 'the socket is logged');
    const log = fs.readFileSync(accessLog, 'utf8');
    expect(log).toContain(`/api/boards/${board.id}/assets/`);
    expect(log).not.toContain('token=');
    for (const token of Object.values(board.tokens)) expect(log).not.toContain(token);
  });

  it('a client cannot pick its own address with X-Forwarded-For to escape the limits', { timeout: 60_000 }, async () => {
    const one = await replica('app1', { HTTP_REQUESTS_PER_MINUTE: '3' });
    const port = Number(new URL(one.url).port);
    const proxy = await startNginx([port, port]);
    cleanups.push(() => proxy.stop());
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await fetch(`${proxy.url}/readyz`, { headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});
