// Server configuration: every setting comes from an environment variable, read here and nowhere
// else, with defaults that run out of the box. Invalid values stop the start with a clear message.
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './paths.js';

export interface Config {
  host: string;
  port: number;
  /**
   * Addresses (or CIDR ranges) of the proxies the operator runs in front of the server (nginx):
   * only a request arriving from one of them has its X-Forwarded-For believed, for rate and
   * connection limits. Empty: no proxy is believed. Never a whole private range: any client on a
   * school network would then name its own address and escape every limit.
   */
  trustProxy: string[];
  /** Folder of the embedded storage: the SQLite database and uploaded assets. */
  dataDir: string;
  /** PostgreSQL instead of the embedded SQLite (several server processes share it). */
  databaseUrl: string | null;
  /** The PostgreSQL schema Worksort's tables live in. */
  databaseSchema: string;
  /** Redis for live traffic between server processes; unset with one process. */
  redisUrl: string | null;
  /** Prefix of every Redis channel, so deployments can share one Redis. */
  redisKeyPrefix: string;
  /** Folder of the built client (index.html and assets); null serves the API only. */
  clientDir: string | null;
  /** When set, `POST /api/boards` requires `Authorization: Bearer <creationKey>`. */
  creationKey: string | null;
  /**
   * The key tokens are hashed under at rest (TOKEN_KEY, at least 32 characters). Unset: a key
   * generated once, kept in DATA_DIR/token.key (SQLite) or in the database (PostgreSQL). Changing
   * it invalidates every existing link.
   */
  tokenKey: Buffer | null;
  /** Compact a board's update log into one state once it holds this many updates. */
  compactAfterUpdates: number;
  /** Largest WebSocket message accepted, in bytes. */
  maxMessageBytes: number;
  /**
   * Most memory a board's document may take, estimated as its stored bytes plus 512 bytes per
   * item it holds (an item is an object of 200–500 bytes in memory, however few bytes it stores).
   */
  maxDocumentBytes: number;
  /** Largest awareness (presence) state one participant may publish, in bytes. */
  maxAwarenessBytes: number;
  /** Sustained messages per second one connection may send (bursts of twice that pass). */
  maxMessagesPerSecond: number;
  maxConnectionsPerBoard: number;
  /** Live connections from one address: a whole school is one address, so this only stops one host taking the process. */
  maxConnectionsPerAddress: number;
  /** Live connections of this process over all boards. */
  maxConnections: number;
  /** HTTP requests per minute per address that carry no valid board token (page images excepted). */
  httpRequestsPerMinute: number;
  /** HTTP requests per minute per board token (everyone with that link together). */
  httpRequestsPerMinutePerToken: number;
  boardCreationsPerMinute: number;
  /** Largest upload file accepted, in bytes. */
  maxUploadBytes: number;
  /** Most files one upload may carry. */
  maxUploadFiles: number;
  /** Most bytes of all the files of one upload together (they are held in memory while read). */
  maxUploadTotalBytes: number;
  /** Uploads read at once by this process; more wait their turn (their bytes not yet received). */
  concurrentUploads: number;
  /** Uploads that may wait for a turn; past that, `503` with Retry-After. */
  waitingUploads: number;
  /** Uploads one board may have running or waiting; past that, `429` with Retry-After. */
  uploadsPerBoard: number;
  /** Bytes all uploads in progress may hold in memory together; past that, `503` with Retry-After. */
  uploadMemoryBytes: number;
  /**
   * Resident memory of the process past which running ingest tasks (PDF pages, HEIC photos) are
   * stopped: the backstop for whatever a decoder allocates outside the worker's heap limit.
   */
  ingestMemoryBytes: number;
  /** Most pages (PDF and TIFF pages, photos) one upload may turn into cards. */
  maxPagesPerUpload: number;
  /** Longest one PDF page or HEIC photo may take to read before it is given up (its worker is stopped). */
  pageRenderTimeoutMs: number;
  /** Worker threads that read PDFs and HEIC photos off the main thread. */
  ingestThreads: number;
  /** Most snapshots one board keeps. */
  snapshotsPerBoard: number;
  /** Most bytes one board's snapshots take together (each is a full copy of the board's document). */
  snapshotBytesPerBoard: number;
  /** When set, `GET /metrics` requires `Authorization: Bearer <metricsToken>`; unset, it is open. */
  metricsToken: string | null;
  /** Delete boards nobody opened or changed for this many days; 0 keeps them until deleted. */
  retentionDays: number;
  logLevel: string;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}; it is "${raw}".`);
  }
  return value;
}

function text(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function identifier(env: Env, name: string, fallback: string): string {
  const value = text(env, name) ?? fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(value))
    throw new ConfigError(`${name} must be a plain SQL name (letters, digits, _); it is "${value}".`);
  return value;
}

function secretKey(env: Env, name: string): Buffer | null {
  const value = text(env, name);
  if (value === null) return null;
  if (value.length < 32) {
    throw new ConfigError(`${name} must be at least 32 characters (for example the output of \`openssl rand -base64 32\`).`);
  }
  return Buffer.from(value, 'utf8');
}

/**
 * TRUST_PROXY: a comma-separated list of the proxies' addresses, or CIDR ranges no wider than a
 * /24 (IPv4) or /64 (IPv6). Names such as `loopback` or `true`, and wide ranges, are refused.
 */
function trustedProxies(env: Env): string[] {
  const entries = (text(env, 'TRUST_PROXY') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = net.isIP(address);
    const widest = family === 4 ? 24 : 64;
    const bits = prefix === undefined ? null : Number(prefix);
    const valid =
      family !== 0 &&
      rest.length === 0 &&
      (bits === null || (/^\d+$/.test(prefix ?? '') && bits >= widest && bits <= (family === 4 ? 32 : 128)));
    if (!valid) {
      throw new ConfigError(
        `TRUST_PROXY must list the address of each proxy in front of the server (for example 172.28.0.10), or a range no wider than /${widest}; "${entry}" is not one.`,
      );
    }
  }
  return entries;
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = path.resolve(text(env, 'DATA_DIR') ?? './data');
  const clientDir = text(env, 'CLIENT_DIR');
  return {
    host: text(env, 'HOST') ?? '127.0.0.1',
    port: integer(env, 'PORT', 3000, 0, 65535),
    trustProxy: trustedProxies(env),
    dataDir,
    databaseUrl: text(env, 'DATABASE_URL'),
    databaseSchema: identifier(env, 'DATABASE_SCHEMA', 'public'),
    redisUrl: text(env, 'REDIS_URL'),
    redisKeyPrefix: text(env, 'REDIS_KEY_PREFIX') ?? 'worksort:',
    clientDir: clientDir === 'none' ? null : path.resolve(clientDir ?? path.join(projectRoot, 'client', 'dist')),
    creationKey: text(env, 'CREATION_KEY'),
    tokenKey: secretKey(env, 'TOKEN_KEY'),
    compactAfterUpdates: integer(env, 'COMPACT_AFTER_UPDATES', 500, 1, 1_000_000),
    maxMessageBytes: integer(env, 'MAX_MESSAGE_BYTES', 2 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    maxDocumentBytes: integer(env, 'MAX_DOCUMENT_BYTES', 64 * 1024 * 1024, 64 * 1024, 2 * 1024 * 1024 * 1024),
    maxAwarenessBytes: integer(env, 'MAX_AWARENESS_BYTES', 16 * 1024, 256, 1024 * 1024),
    maxMessagesPerSecond: integer(env, 'MAX_MESSAGES_PER_SECOND', 200, 1, 100_000),
    maxConnectionsPerBoard: integer(env, 'MAX_CONNECTIONS_PER_BOARD', 200, 1, 100_000),
    maxConnectionsPerAddress: integer(env, 'MAX_CONNECTIONS_PER_ADDRESS', 1000, 1, 100_000),
    maxConnections: integer(env, 'MAX_CONNECTIONS', 4000, 1, 1_000_000),
    httpRequestsPerMinute: integer(env, 'HTTP_REQUESTS_PER_MINUTE', 1200, 1, 1_000_000),
    httpRequestsPerMinutePerToken: integer(env, 'HTTP_REQUESTS_PER_MINUTE_PER_TOKEN', 6000, 1, 1_000_000),
    boardCreationsPerMinute: integer(env, 'BOARD_CREATIONS_PER_MINUTE', 30, 1, 1_000_000),
    maxUploadBytes: integer(env, 'MAX_UPLOAD_BYTES', 100 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
    maxUploadFiles: integer(env, 'MAX_UPLOAD_FILES', 200, 1, 10_000),
    maxUploadTotalBytes: integer(env, 'MAX_UPLOAD_TOTAL_BYTES', 400 * 1024 * 1024, 1024, 8 * 1024 * 1024 * 1024),
    maxPagesPerUpload: integer(env, 'MAX_PAGES_PER_UPLOAD', 300, 1, 10_000),
    // Two at a time keep both ingest threads busy; more would only hold more files in memory.
    concurrentUploads: integer(env, 'CONCURRENT_UPLOADS', 2, 1, 64),
    waitingUploads: integer(env, 'WAITING_UPLOADS', 16, 0, 1000),
    uploadsPerBoard: integer(env, 'UPLOADS_PER_BOARD', 2, 1, 64),
    uploadMemoryBytes: integer(env, 'UPLOAD_MEMORY_BYTES', 512 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
    ingestMemoryBytes: integer(env, 'INGEST_MEMORY_BYTES', 1280 * 1024 * 1024, 64 * 1024 * 1024, 64 * 1024 * 1024 * 1024),
    pageRenderTimeoutMs: integer(env, 'PAGE_RENDER_TIMEOUT_MS', 20_000, 100, 10 * 60_000),
    // One thread per core, at most two: the main thread must stay free for live sync.
    ingestThreads: integer(env, 'INGEST_THREADS', Math.min(2, Math.max(1, os.availableParallelism())), 1, 16),
    retentionDays: integer(env, 'RETENTION_DAYS', 0, 0, 36_500),
    metricsToken: text(env, 'METRICS_TOKEN'),
    // A weekly sort over two school years; a sorted 500-card board is about 200 KB a snapshot.
    snapshotsPerBoard: integer(env, 'SNAPSHOTS_PER_BOARD', 100, 1, 10_000),
    snapshotBytesPerBoard: integer(env, 'SNAPSHOT_BYTES_PER_BOARD', 256 * 1024 * 1024, 64 * 1024, 64 * 1024 * 1024 * 1024),
    logLevel: text(env, 'LOG_LEVEL') ?? 'info',
  };
}
