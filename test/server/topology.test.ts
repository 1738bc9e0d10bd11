// Several server processes on PostgreSQL and Redis, started as docker-compose.yml declares them:
// clients on different processes sort together, and losing a process or Redis loses nothing.
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardCards } from '#shared/schema/board.js';
import { createCard, getCard, placeCard } from '#shared/schema/card.js';
import { type ServerProcess, startServerProcess } from '../fixtures/process.js';
import { connectClient, createBoard, tempDataDir, waitFor, waitForSync } from '../fixtures/server.js';
import { dropSchema, isolatedNames, POSTGRES_URL, REDIS_URL, scaleOutServicesAvailable } from '../fixtures/services.js';
import { composeEnvironment, NGINX, readCompose, startNginx, startPrivateRedis, startRedisLink } from '../fixtures/topology.js';

const servicesUp = await scaleOutServicesAvailable();
if (servicesUp && !NGINX) {
  if (process.env.CI === 'true') throw new Error('CI needs nginx (apt-get install -y nginx) to test the compose topology.');
  console.warn('\n!!! nginx is not installed: the load-balancer tests are skipped. !!!\n');
}

const { schema, prefix } = isolatedNames();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  if (servicesUp) await dropSchema(schema);
});

async function startReplica(service: 'app1' | 'app2', redisUrl = REDIS_URL): Promise<ServerProcess> {
  const env = composeEnvironment(service, {
    databaseUrl: POSTGRES_URL,
    databaseSchema: schema,
    redisUrl,
    redisKeyPrefix: prefix,
    dataDir: tempDataDir(),
  });
  const server = await startServerProcess(env);
  cleanups.push(() => server.stop('SIGKILL'));
  return server;
}

function client(wsUrl: string, boardId: string, token: string) {
  const connection = connectClient(wsUrl, boardId, token);
  cleanups.push(() => connection.provider.destroy());
  return connection;
}

const portOf = (url: string) => Number(new URL(url).port);

/** The board as PostgreSQL holds it, read past every server process. */
async function storedBoard(boardId: string): Promise<Y.Doc> {
  const database = new pg.Client({ connectionString: POSTGRES_URL });
  await database.connect();
  try {
    const { rows } = await database.query<{ data: Buffer }>(`SELECT data FROM "${schema}".updates WHERE board_id = $1 ORDER BY seq`, [
      boardId,
    ]);
    const doc = new Y.Doc();
    for (const row of rows) Y.applyUpdate(doc, row.data);
    return doc;
  } finally {
    await database.end();
  }
}

describe.skipIf(!servicesUp)('compose topology on PostgreSQL and Redis', () => {
  let one: ServerProcess;
  let two: ServerProcess;
  beforeAll(() => {
    // The processes below run with exactly the variables the compose file gives the replicas.
    const declared = Object.keys(readCompose().services.app1?.environment ?? {}).sort();
    expect(declared).toEqual(['DATABASE_URL', 'DATA_DIR', 'HOST', 'LOG_LEVEL', 'PORT', 'REDIS_KEY_PREFIX', 'REDIS_URL', 'TRUST_PROXY']);
  });

  it('clients on two processes see each other’s edits and cursors live', { timeout: 60_000 }, async () => {
    [one, two] = await Promise.all([startReplica('app1'), startReplica('app2')]);
    const board = await createBoard(one.url, { title: 'District PD', task: '48 + 27' });
    const a = client(one.wsUrl, board.id, board.tokens.editor);
    const b = client(two.wsUrl, board.id, board.tokens.editor);
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)]);

    const fromA = createCard(a.doc, { student: 'Ana M.', pages: [] });
    const fromB = createCard(b.doc, { student: 'Mei L.', pages: [] });
    await waitFor(() => getCard(b.doc, fromA) !== null && getCard(a.doc, fromB) !== null, 'edits cross processes');
    placeCard(b.doc, fromA, { pileId: null, x: 300, y: 40 });
    await waitFor(() => getCard(a.doc, fromA)?.x === 300, 'a move crosses processes');

    a.provider.awareness.setLocalState({ user: { name: 'Facilitator', color: '#1b998b', role: 'owner' }, cursor: { x: 1, y: 2 } });
    await waitFor(
      () => [...b.provider.awareness.getStates().values()].some((state) => state.user?.name === 'Facilitator'),
      'a cursor crosses processes',
    );
    const healthy = await fetch(`${two.url}/readyz`);
    expect(healthy.status).toBe(200);
    expect(await (await fetch(`${one.url}/metrics`)).text()).toContain('worksort_connections');
  });

  it('both processes loading one cold board at once converge and store everything', { timeout: 60_000 }, async () => {
    [one, two] = await Promise.all([startReplica('app1'), startReplica('app2')]);
    const board = await createBoard(one.url);
    const clients = [one, two, one, two].map((server) => client(server.wsUrl, board.id, board.tokens.editor));
    await Promise.all(clients.map((c) => waitForSync(c.provider)));
    const ids = clients.map((c, i) => createCard(c.doc, { student: `Student ${i}`, pages: [] }));
    await waitFor(() => clients.every((c) => ids.every((id) => getCard(c.doc, id))), 'every client has every card');
    for (const c of clients) c.provider.destroy();

    const late = client(two.wsUrl, board.id, board.tokens.viewer);
    await waitForSync(late.provider);
    await waitFor(() => ids.every((id) => getCard(late.doc, id)), 'storage holds every card');
  });

  it.skipIf(!NGINX)(
    'kill -9 of one process: its clients come back through nginx to the other and lose nothing',
    { timeout: 90_000 },
    async () => {
      [one, two] = await Promise.all([startReplica('app1'), startReplica('app2')]);
      const proxy = await startNginx([portOf(one.url), portOf(two.url)]);
      cleanups.push(() => proxy.stop());
      const board = await createBoard(proxy.url);
      const team = [0, 1, 2, 3].map(() => client(proxy.wsUrl, board.id, board.tokens.editor));
      await Promise.all(team.map((c) => waitForSync(c.provider)));
      const before = team.map((c, i) => createCard(c.doc, { student: `Before ${i}`, pages: [] }));
      await waitFor(() => team.every((c) => before.every((id) => getCard(c.doc, id))), 'everyone has everything before the crash');

      await one.stop('SIGKILL');
      // Everyone keeps working; those who were on the dead process reconnect through nginx.
      const after = team.map((c, i) => createCard(c.doc, { student: `After ${i}`, pages: [] }));
      await waitFor(
        () => team.every((c) => [...before, ...after].every((id) => getCard(c.doc, id))),
        'everyone converges after the crash',
        30_000,
      );
      const reader = client(two.wsUrl, board.id, board.tokens.viewer);
      await waitForSync(reader.provider);
      await waitFor(() => [...before, ...after].every((id) => getCard(reader.doc, id)), 'the survivor stored every card');
    },
  );

  /** Replicas one and two on these Redis addresses, an editor on each, and a card seen to cross live. */
  async function editorsOnTwoReplicas(redisOfOne: string, redisOfTwo: string) {
    [one, two] = await Promise.all([startReplica('app1', redisOfOne), startReplica('app2', redisOfTwo)]);
    const board = await createBoard(one.url);
    const a = client(one.wsUrl, board.id, board.tokens.editor);
    const b = client(two.wsUrl, board.id, board.tokens.editor);
    await Promise.all([waitForSync(a.provider), waitForSync(b.provider)]);
    const first = createCard(a.doc, { student: 'Before the outage', pages: [] });
    await waitFor(() => getCard(b.doc, first) !== null, 'live sync through Redis');
    return { board, a, b };
  }

  it('Redis restarting during editing slows sync down but loses and diverges nothing', { timeout: 90_000 }, async () => {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const { a, b } = await editorsOnTwoReplicas(redis.url, redis.url);

    await redis.stop();
    const during = [createCard(a.doc, { student: 'During A', pages: [] }), createCard(b.doc, { student: 'During B', pages: [] })];
    // Without Redis the processes poll storage: slower, but the edits still cross.
    await waitFor(() => during.every((id) => getCard(a.doc, id) && getCard(b.doc, id)), 'edits cross while Redis is down', 30_000);

    const restarted = await startPrivateRedis(redis.port);
    cleanups.push(() => restarted.stop());
    const later = createCard(b.doc, { student: 'After the outage', pages: [] });
    await waitFor(() => getCard(a.doc, later) !== null, 'live sync recovers', 30_000);
    expect(boardCards(a.doc).size).toBe(boardCards(b.doc).size);
  });

  it('a change stored while one process had lost Redis reaches the other once it is back', { timeout: 60_000 }, async () => {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const link = await startRedisLink(redis.port);
    cleanups.push(() => link.stop());
    const { board, a, b } = await editorsOnTwoReplicas(redis.url, link.url);

    // Process two loses Redis; process one keeps it, so it has no reason to poll storage.
    await link.cut();
    await waitFor(async () => (await fetch(`${two.url}/readyz`)).status === 503, 'process two knows it lost Redis');
    const cutOff = createCard(b.doc, { student: 'While two was cut off', pages: [] });
    await waitFor(async () => getCard(await storedBoard(board.id), cutOff) !== null, 'process two stored the card');
    expect(getCard(a.doc, cutOff)).toBeNull();

    // Two could not publish it, and one never polled: only two saying "read storage" once it is
    // back brings it across.
    await link.restore();
    await waitFor(() => getCard(a.doc, cutOff) !== null, 'the card reaches process one', 15_000);
    expect(boardCards(a.doc).size).toBe(boardCards(b.doc).size);
  });
});
