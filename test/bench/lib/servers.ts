// The three servers under comparison, each started in a process of its own on the server core,
// with durable storage in a fresh temporary place, and a way to make boards on them.
import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess } from '../../fixtures/process.js';
import { freePort } from '../../fixtures/topology.js';
import { pin, SERVER_CPU, sleep, track, untrack } from './proc.js';

export type ServerKind = 'worksort' | 'y-websocket-server' | 'hocuspocus';
export const SERVER_KINDS: readonly ServerKind[] = ['worksort', 'y-websocket-server', 'hocuspocus'];

/** Short names for table rows. */
export const LABEL: Record<ServerKind, string> = {
  worksort: 'worksort',
  'y-websocket-server': 'y-ws-server',
  hocuspocus: 'hocuspocus',
};

/** Which client library speaks to a server. */
export type Protocol = 'worksort' | 'y-websocket' | 'hocuspocus';

export interface BoardRef {
  /** Board id (ours) or document name (peers). */
  name: string;
  /** Editor token (ours); peers have no access control configured. */
  token: string | null;
}

export interface RunningServer {
  kind: ServerKind;
  protocol: Protocol;
  /** The server's process: CPU, memory and kill -9 go here. */
  pid: number;
  port: number;
  httpUrl: string;
  wsUrl: string;
  /** Where its data lives (folder or file); kept across restarts. */
  dataPath: string;
  /** Milliseconds from spawn until it accepted connections. */
  startMs: number;
  createBoard(): Promise<BoardRef>;
  /** SIGKILL to the server's process; resolves once it is gone. */
  kill9(): Promise<void>;
  /** Graceful stop (SIGTERM), then SIGKILL after a few seconds. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Fixed port (to restart in place); a free one otherwise. */
  port?: number;
  /** Reuse this data folder/file (restart after a crash). */
  dataPath?: string;
  /** Extra environment (ours: PostgreSQL, Redis). */
  env?: Record<string, string>;
  /** Extra Node flags (ours only: a CPU profile). */
  nodeFlags?: string[];
}

const root = path.resolve(new URL('../../..', import.meta.url).pathname);

/**
 * Our limits per address are production settings for browsers behind many addresses; here every
 * client comes from 127.0.0.1, so they are raised. Everything else is `npm start` as shipped.
 */
export const OURS_BENCH_ENV: Record<string, string> = {
  MAX_CONNECTIONS_PER_ADDRESS: '100000',
  MAX_CONNECTIONS_PER_BOARD: '100000',
  BOARD_CREATIONS_PER_MINUTE: '100000',
  HTTP_REQUESTS_PER_MINUTE: '1000000',
};

export function tempPath(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `worksort-bench-${prefix}-`));
}

export async function startServer(kind: ServerKind, options: StartOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  if (kind === 'worksort') return startOurs(port, options);
  return startPeer(kind, port, options);
}

async function startOurs(port: number, options: StartOptions): Promise<RunningServer> {
  const dataPath = options.dataPath ?? tempPath('worksort');
  const began = performance.now();
  const proc = await startServerProcess(
    { DATA_DIR: dataPath, PORT: String(port), ...OURS_BENCH_ENV, ...options.env },
    60_000,
    options.nodeFlags,
  );
  const startMs = performance.now() - began;
  const pid = proc.child.pid ?? 0;
  track(pid);
  pin(pid, SERVER_CPU);
  proc.child.once('exit', () => untrack(pid));
  const exited = waitExit(proc.child);
  const httpUrl = proc.url;
  return {
    kind: 'worksort',
    protocol: 'worksort',
    pid,
    port,
    httpUrl,
    wsUrl: proc.wsUrl,
    dataPath,
    startMs,
    async createBoard() {
      const response = await fetch(`${httpUrl}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Benchmark board' }),
      });
      if (response.status !== 201) throw new Error(`board creation answered ${response.status}: ${await response.text()}`);
      const board = (await response.json()) as { id: string; tokens: { editor: string } };
      return { name: board.id, token: board.tokens.editor };
    },
    kill9: () => killHard(proc.child, exited),
    stop: () => stopGently(proc.child, exited),
  };
}

async function startPeer(kind: Exclude<ServerKind, 'worksort'>, port: number, options: StartOptions): Promise<RunningServer> {
  const launcher = path.join(root, 'test/bench/peers', kind === 'hocuspocus' ? 'hocuspocus.mjs' : 'y-websocket-server.mjs');
  const dataPath =
    options.dataPath ?? (kind === 'hocuspocus' ? path.join(tempPath('hocuspocus'), 'documents.sqlite') : tempPath('leveldb'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), HOST: '127.0.0.1', PORT: String(port), ...options.env };
  if (kind === 'hocuspocus') env.HOCUSPOCUS_DB = dataPath;
  else env.YPERSISTENCE = dataPath;
  const began = performance.now();
  // Plain JavaScript run by node, as ours runs its built bundle: nobody pays for a TypeScript loader.
  const child = spawn(process.execPath, [launcher], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid ?? 0;
  track(pid);
  const exited = waitExit(child);
  child.once('exit', () => untrack(pid));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${kind} did not start:\n${output}`)), 60_000);
    const ready = kind === 'hocuspocus' ? /hocuspocus listening on \d+/ : /running at .* on port \d+/;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with ${code} before listening:\n${output}`));
    });
  });
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stderr?.resume();
  const startMs = performance.now() - began;
  pin(pid, SERVER_CPU);
  return {
    kind,
    protocol: kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket',
    pid,
    port,
    httpUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    dataPath,
    startMs,
    async createBoard() {
      return { name: `bench-${crypto.randomBytes(6).toString('hex')}`, token: null };
    },
    kill9: () => killHard(child, exited),
    stop: () => stopGently(child, exited),
  };
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function killHard(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await exited;
  untrack(child.pid ?? 0);
}

async function stopGently(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(8000).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
  untrack(child.pid ?? 0);
}

/** Removes a server's data (folder, or the folder holding its file). */
export function removeData(server: Pick<RunningServer, 'kind' | 'dataPath'>): void {
  const target = server.kind === 'hocuspocus' ? path.dirname(server.dataPath) : server.dataPath;
  if (target.startsWith(os.tmpdir())) fs.rmSync(target, { recursive: true, force: true });
}
