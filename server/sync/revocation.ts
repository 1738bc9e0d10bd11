// Revoked links and deleted boards close their live connections on every server process: the
// process that rotates a token or deletes a board tells the others through Redis pub/sub (within a
// second), and every process also re-checks the tokens of its open connections now and then and
// after a Redis outage, so a message lost on the way cannot keep a revoked link writing for long.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { CLOSE_CODES } from '#shared/syncWire.js';
import type { Storage } from '../storage/storage.js';
import { sameHash, type TokenSecrets } from '../storage/tokenSecrets.js';
import type { RoomRegistry } from './rooms.js';

declare module 'fastify' {
  interface FastifyInstance {
    revocation: Revocation;
  }
}

export const LINK_REVOKED_REASON = 'this link was revoked';
/** The reason of the `tokenRevoked` close when the whole board was deleted. */
export const BOARD_DELETED_REASON = 'this board was deleted';

/** How often open connections' tokens are checked against storage (the fallback to pub/sub). */
export const RECHECK_INTERVAL_MS = 15_000;

export interface Revocation {
  /** Closes, on every process, the connections opened with the token whose hash is `tokenHash`. */
  revokeToken(boardId: string, tokenHash: string): Promise<void>;
  /** Drops a deleted board, and closes its connections, on every process. */
  deleteBoard(boardId: string): Promise<void>;
  /** Closes connections whose token no longer opens their board; answers how many. */
  recheck(): Promise<number>;
  close(): Promise<void>;
}

interface RevocationMessage {
  boardId: string;
  /** Absent: the whole board was deleted. */
  tokenHash?: string;
}

export interface RevocationOptions {
  rooms: RoomRegistry;
  storage: Storage;
  secrets: TokenSecrets;
  /** Whether a token still opens a board: a link of the board, or of the board's class. */
  opens(token: string, boardId: string): Promise<boolean>;
  log: FastifyBaseLogger;
  /** Redis of a deployment of several processes; null with one process. */
  redisUrl: string | null;
  redisKeyPrefix: string;
  recheckIntervalMs?: number;
}

export async function createRevocation(options: RevocationOptions): Promise<Revocation> {
  const { rooms, storage, secrets, log } = options;

  const closeToken = (boardId: string, tokenHash: string) =>
    rooms.closePeers(boardId, CLOSE_CODES.tokenRevoked, LINK_REVOKED_REASON, (peer) => sameHash(secrets.hash(peer.token), tokenHash));
  const dropBoard = (boardId: string) => rooms.forget(boardId, CLOSE_CODES.tokenRevoked, BOARD_DELETED_REASON);

  const apply = async (message: RevocationMessage) => {
    if (message.tokenHash) closeToken(message.boardId, message.tokenHash);
    else await dropBoard(message.boardId);
  };

  const recheck = async () => {
    let closed = 0;
    for (const room of [...rooms.loadedRooms]) {
      const tokens = new Set([...room.peers.keys()].map((peer) => peer.token));
      for (const token of tokens) {
        if (await options.opens(token, room.boardId)) continue;
        if (!(await storage.getBoard(room.boardId))) {
          closed += room.peers.size;
          await dropBoard(room.boardId);
          break;
        }
        const hash = secrets.hash(token);
        closed += [...room.peers.keys()].filter((peer) => peer.token === token).length;
        closeToken(room.boardId, hash);
      }
    }
    return closed;
  };
  const recheckQuietly = () => {
    recheck().catch((error) => log.warn({ err: error }, 'could not re-check the tokens of open connections'));
  };
  const timer = setInterval(recheckQuietly, options.recheckIntervalMs ?? RECHECK_INTERVAL_MS);
  timer.unref();

  if (!options.redisUrl) {
    return {
      async revokeToken(boardId, tokenHash) {
        closeToken(boardId, tokenHash);
      },
      async deleteBoard(boardId) {
        await dropBoard(boardId);
      },
      recheck,
      async close() {
        clearInterval(timer);
      },
    };
  }

  // Loaded only here: one process on its own never holds the Redis client.
  const { Redis } = await import('ioredis');
  const processId = crypto.randomBytes(8).toString('hex');
  const channel = `${options.redisKeyPrefix}revocations`;
  const connection = { maxRetriesPerRequest: 1, retryStrategy: (times: number) => Math.min(times * 200, 2000) };
  const publisher = new Redis(options.redisUrl, { ...connection, enableOfflineQueue: false });
  const subscriber = new Redis(options.redisUrl, connection);
  let wasReady = false;
  for (const redis of [publisher, subscriber]) redis.on('error', (error: Error) => log.debug({ err: error }, 'redis connection error'));
  // Back after an outage: messages may have been lost, so look at every open connection now.
  subscriber.on('ready', () => {
    if (wasReady) recheckQuietly();
    wasReady = true;
  });
  subscriber.on('message', (_channel: string, raw: string) => {
    try {
      const message = JSON.parse(raw) as RevocationMessage & { from?: string };
      if (message.from === processId || typeof message.boardId !== 'string') return;
      apply({ boardId: message.boardId, tokenHash: typeof message.tokenHash === 'string' ? message.tokenHash : undefined }).catch((error) =>
        log.warn({ err: error }, 'could not apply a revocation'),
      );
    } catch (error) {
      log.warn({ err: error }, 'unreadable revocation message');
    }
  });
  await subscriber.subscribe(channel).catch((error: Error) => {
    // Not fatal: the periodic re-check closes revoked connections meanwhile.
    log.warn({ err: error }, 'could not subscribe to revocations');
  });

  const publish = async (message: RevocationMessage) => {
    try {
      await publisher.publish(channel, JSON.stringify({ ...message, from: processId }));
    } catch (error) {
      log.warn({ err: error }, 'could not tell other processes of a revocation; they re-check on their own');
    }
  };

  return {
    async revokeToken(boardId, tokenHash) {
      closeToken(boardId, tokenHash);
      await publish({ boardId, tokenHash });
    },
    async deleteBoard(boardId) {
      await dropBoard(boardId);
      await publish({ boardId });
    },
    recheck,
    async close() {
      clearInterval(timer);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
