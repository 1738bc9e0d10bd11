// The server as `npm start` runs it: the built bundle in server/dist, whose lazily loaded parts
// (the ingest pipeline, its worker thread, contact sheets) live in files of their own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { npmStartSettings, type ServerProcess, startServerProcess } from '../fixtures/process.js';
import { encryptPdf, rotatedPagePdf, uploadForm } from '../fixtures/scans.js';
import { createBoard, tempDataDir, waitFor } from '../fixtures/server.js';
import { readCompose } from '../fixtures/topology.js';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess({ DATA_DIR: tempDataDir() });
});
afterAll(() => server?.stop());

describe('the built server', () => {
  it('reads a PDF page with pdf.js in its worker thread and serves the page and its contact sheet', async () => {
    const board = await createBoard(server.url);
    // Encrypted, the scan's JPEG cannot be taken as it is: the worker thread renders the page.
    const pdf = await encryptPdf(await rotatedPagePdf(), '');
    const response = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.editor}` },
      body: uploadForm([{ name: 'Ben T.pdf', bytes: pdf }]),
    });
    expect(response.status).toBe(201);
    const { cards } = (await response.json()) as { cards: { student: string; pages: string[] }[] };
    expect(cards.map((card) => card.student)).toEqual(['Ben T.']);
    const page = cards[0]?.pages[0] as string;

    const full = await fetch(`${server.url}/api/boards/${board.id}/assets/${page}?token=${board.tokens.viewer}`);
    expect([full.status, full.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    const sheet = await fetch(`${server.url}/api/boards/${board.id}/sheets?assets=${page}&size=tiny&token=${board.tokens.viewer}`);
    expect([sheet.status, JSON.parse(sheet.headers.get('x-sheet-cells') ?? '[]').length]).toEqual([200, 1]);
  });

  it('logs requests without their tokens: the log shows [redacted] where a token was, and no token anywhere', async () => {
    const log: string[] = [];
    server.child.stdout?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    const board = await createBoard(server.url);
    await fetch(`${server.url}/api/boards/${board.id}/export.json?token=${board.tokens.viewer}`);
    await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.owner}` } });
    const socket = new WebSocket(`${server.wsUrl}/sync/${board.id}?token=${board.tokens.editor}`);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.close();
    // The requests are logged (LOG_LEVEL=info) with the token's place marked: the redaction ran.
    const lines = () => log.join('').split('\n');
    await waitFor(
      () => lines().filter((line) => line.includes(board.id) && line.includes('token=[redacted]')).length >= 2,
      'the export and the sync upgrade are logged with their tokens redacted',
    );
    await waitFor(() => lines().some((line) => line.includes(`/api/boards/${board.id}"`)), 'the read with a bearer token is logged');
    for (const token of Object.values(board.tokens)) expect(log.join(''), 'a token in the log').not.toContain(token);
  });

  it('the image runs node with the flags and malloc settings of npm start, which tests and benchmarks use', () => {
    const dockerfile = fs.readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]') as string[];
    const { nodeFlags, env } = npmStartSettings();
    expect(nodeFlags.length).toBeGreaterThan(0);
    expect(cmd).toEqual(['node', ...nodeFlags, 'server/dist/main.cjs']);
    expect(Object.keys(env)).toEqual(['MALLOC_ARENA_MAX', 'MALLOC_MMAP_THRESHOLD_']);
    for (const [name, value] of Object.entries(env))
      expect(new RegExp(`^ENV .*\\b${name}=(\\d+)`, 'm').exec(dockerfile)?.[1], name).toBe(value);
  });

  it('the health checks the Dockerfile and docker-compose.yml declare pass against it, and fail with nothing listening', () => {
    const port = new URL(server.url).port;
    // The Dockerfile's HEALTHCHECK command, run as Docker would: `node -e "…"` with the image's PORT.
    const dockerfile = fs.readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
    const docker = /^HEALTHCHECK .* CMD node -e "(.+)"$/m.exec(dockerfile)?.[1];
    expect(docker).toContain('/healthz');
    // The compose file's check for the app replicas, with the container's port moved to this one.
    const compose = readCompose().services.app1?.healthcheck?.test ?? [];
    expect(compose.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(compose[3]).toContain('http://127.0.0.1:3000/readyz');
    const run = (script: string, env: Record<string, string>) =>
      spawnSync(process.execPath, ['-e', script], { env: { ...process.env, ...env }, timeout: 10_000 }).status;
    expect(run(docker as string, { PORT: port })).toBe(0);
    expect(run((compose[3] as string).replace('127.0.0.1:3000', `127.0.0.1:${port}`), {})).toBe(0);
    // Nothing on the port: both checks report unhealthy rather than hang or pass.
    expect(run(docker as string, { PORT: '1' })).toBe(1);
    expect(run((compose[3] as string).replace('127.0.0.1:3000', '127.0.0.1:1'), {})).toBe(1);
  });
});
