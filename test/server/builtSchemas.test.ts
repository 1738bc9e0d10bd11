// The built server validates and serializes with the code its build generated from the routes'
// schemas (server/dist/schemas, server/lazySchemas.ts), answering as the server run from its
// sources does, which compiles them with Ajv and fast-json-stringify, and without loading either.
// A route part without generated code compiles on its first request, as it did before.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOfBuild } from '../fixtures/buildServer.js';
import { loadedModules, loadedModulesProbe, type ServerProcess, startServerProcess } from '../fixtures/process.js';
import {
  type CreatedBoard,
  connectClient,
  createBoard,
  startServer,
  type TestServer,
  tempDataDir,
  waitForSync,
} from '../fixtures/server.js';

const root = path.resolve(new URL('../..', import.meta.url).pathname);
const nodeModules = path.join(root, 'node_modules');

/** The files of Ajv, fast-json-stringify and Fastify's two compilers that `files` holds, from node_modules. */
function compilerFiles(files: string[]): string[] {
  return files
    .filter((file) => file.startsWith(nodeModules))
    .map((file) => path.relative(nodeModules, file))
    .filter((file) => /^(ajv|ajv-formats|fast-json-stringify|@fastify\/ajv-compiler|@fastify\/fast-json-stringify-compiler)\//.test(file));
}

/** What generated code may require: Ajv's small runtime helpers and the serializer Fastify already bundles. */
const RUNTIME_HELPERS = /^(ajv\/dist\/runtime\/\w+|ajv-formats\/dist\/formats|fast-json-stringify\/lib\/(serializer|v8))(\.js)?$/;

type Answer = { status: number; body: unknown };

async function ask(baseUrl: string, method: string, url: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${baseUrl}${url}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

/** Requests each schema refuses (a body, path parameters, a query string), built from a board of the server asked. */
const badRequests = (board: CreatedBoard): [method: string, url: string, body?: unknown][] => [
  ['POST', '/api/boards', {}],
  ['POST', '/api/boards', { title: '' }],
  ['POST', '/api/boards', { title: 'x'.repeat(201) }],
  ['POST', '/api/boards', { title: 'Fractions', template: 'no such template' }],
  ['POST', '/api/boards', { title: { text: 'Fractions' } }],
  ['POST', '/api/boards', ['Fractions']],
  ['GET', `/api/boards/${'x'.repeat(65)}`],
  ['GET', '/api/boards/Not-An-Id'],
  ['GET', `/api/boards/${board.id}/sheets?assets=a&size=huge&token=${board.tokens.viewer}`],
  ['POST', '/api/classes', { title: 'Year 4', students: 'Ann' }],
];

/**
 * The answers of `baseUrl` to the bad requests, and to requests it accepts: a board whose title
 * and task are numbers, and a class's view (whose `role` is an anyOf).
 */
async function answers(baseUrl: string): Promise<{ refused: Answer[]; accepted: Answer[] }> {
  const board = await createBoard(baseUrl);
  const refused: Answer[] = [];
  for (const [method, url, body] of badRequests(board)) refused.push(await ask(baseUrl, method, url, body));
  // Coerced to strings, as Ajv's coerceTypes does.
  const coerced = await ask(baseUrl, 'POST', '/api/boards', { title: 48, task: 27 });
  const created = await ask(baseUrl, 'POST', '/api/classes', { title: 'Year 4', students: [] });
  const { id, tokens } = created.body as { id: string; tokens: { owner: string } };
  const view = await fetch(`${baseUrl}/api/classes/${id}`, { headers: { authorization: `Bearer ${tokens.owner}` } });
  const accepted = [
    { status: coerced.status, body: { title: (coerced.body as CreatedBoard).title } },
    { status: view.status, body: { ...((await view.json()) as object), id: 'the class' } },
  ];
  return { refused, accepted };
}

let fromSources: TestServer;
const servers: ServerProcess[] = [];
const copies: string[] = [];

/** The built server (or a copy of it) with the probe that reports which modules it loaded. */
async function startBuilt(launcher?: string): Promise<{ server: ServerProcess; report: string }> {
  const dataDir = tempDataDir();
  const report = path.join(dataDir, 'loaded-modules.json');
  const env = { DATA_DIR: dataDir, LOADED_MODULES_FILE: report, BOARD_CREATIONS_PER_MINUTE: '1000' };
  const server = await startServerProcess(env, 30_000, loadedModulesProbe, launcher);
  servers.push(server);
  return { server, report };
}

beforeAll(async () => {
  fromSources = await startServer({ BOARD_CREATIONS_PER_MINUTE: '1000' });
});

afterAll(async () => {
  await fromSources?.close();
  for (const server of servers) await server.stop();
  for (const copy of copies) fs.rmSync(copy, { recursive: true, force: true });
});

describe("the built server's generated schema code", () => {
  it('answers as the compiled schemas do, and a board created and visited loads no Ajv nor fast-json-stringify compiler', async () => {
    const { server, report } = await startBuilt();
    const expected = await answers(fromSources.url);
    expect(expected.refused.map((answer) => answer.status)).toEqual(expected.refused.map(() => 400));
    expect(expected.accepted.map((answer) => answer.status)).toEqual([201, 200]);
    expect(await answers(server.url)).toEqual(expected);

    // A board visit: its information, its links, and a y-websocket client joining it.
    const board = await createBoard(server.url);
    const info = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.owner}` } });
    expect(await info.json()).toEqual({ id: board.id, title: 'Solve 48 + 27 two ways', task: '', role: 'owner', cards: 0, piles: 0 });
    const links = await fetch(`${server.url}/api/boards/${board.id}/tokens`, {
      headers: { authorization: `Bearer ${board.tokens.owner}` },
    });
    expect(((await links.json()) as { tokens: unknown }).tokens).toEqual(board.tokens);
    const { provider } = connectClient(server.wsUrl, board.id, board.tokens.editor);
    try {
      await waitForSync(provider);
    } finally {
      provider.destroy();
    }

    const { files } = await loadedModules(server, report);
    const generated = files
      .filter((file) => file.startsWith(path.join(root, 'server', 'dist', 'schemas')))
      .map((file) => path.basename(file));
    for (const part of ['POST_api_boards_body', 'POST_api_boards_201', 'GET_api_boards_boardId_200', 'GET_api_classes_classId_200'])
      expect(
        generated.some((name) => name.startsWith(`${part}.`)),
        `${part}'s code loaded`,
      ).toBe(true);
    // Only small helpers the generated code requires: no compiler, no Ajv instance.
    const loaded = compilerFiles(files);
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.filter((file) => !RUNTIME_HELPERS.test(file))).toEqual([]);
  });

  it('requires only small runtime helpers: response schemas with anyOf carry their validators inlined', () => {
    const folder = path.join(root, 'server', 'dist', 'schemas');
    const files = fs.readdirSync(folder);
    // Every route part: a POST body, a path's parameters, a query string, a response.
    for (const part of [
      'POST_api_boards_body',
      'GET_api_boards_boardId_params',
      'GET_api_boards_boardId_sheets_querystring',
      'POST_api_boards_201',
    ])
      expect(
        files.some((name) => name.startsWith(`${part}.`)),
        `${part}'s code generated`,
      ).toBe(true);
    const required = new Set<string>();
    for (const file of files)
      for (const [, name] of fs.readFileSync(path.join(folder, file), 'utf8').matchAll(/require\(["']([^"']+)["']\)/g))
        required.add(name as string);
    expect([...required].filter((name) => !RUNTIME_HELPERS.test(name))).toEqual([]);
  });

  it('a route part without generated code is compiled on its first request, and answers as before', async () => {
    const copy = copyOfBuild();
    copies.push(copy);
    for (const file of fs.readdirSync(path.join(copy, 'schemas')))
      if (file.startsWith('POST_api_boards_body.') || file.startsWith('POST_api_boards_201.')) fs.rmSync(path.join(copy, 'schemas', file));
    const { server, report } = await startBuilt(path.join(copy, 'main.cjs'));
    const board = await createBoard(fromSources.url);
    const refusals = badRequests(board).filter(([method, url]) => method === 'POST' && url === '/api/boards');
    for (const [method, url, body] of refusals)
      expect(await ask(server.url, method, url, body)).toEqual(await ask(fromSources.url, method, url, body));
    const created = await createBoard(server.url, { title: 'Fractions' });
    expect(Object.keys(created)).toEqual(['id', 'title', 'tokens']);

    const loaded = compilerFiles((await loadedModules(server, report)).files);
    expect(loaded).toContain('ajv/dist/core.js');
    expect(loaded).toContain('fast-json-stringify/index.js');
  });
});
