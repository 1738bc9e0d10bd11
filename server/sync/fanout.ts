// Live traffic between server processes. With one process there is nothing to fan out; with
// several, every process publishes what its own clients change (after it is durable) and hears
// what the others' clients change, through Redis pub/sub.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';

export type FanoutKind = 'update' | 'awareness';

export interface FanoutMessage {
  kind: FanoutKind;
  payload: Uint8Array;
}

export interface Fanout {
  /** Starts hearing a board's traffic from other processes; resolves once subscribed. */
  subscribe(boardId: string, onMessage: (message: FanoutMessage) => void): Promise<() => Promise<void>>;
  /** Sends to the other processes; best effort (durability comes from storage, not from here). */
  publish(boardId: string, message: FanoutMessage): void;
  /** False when there are no other processes: nothing needs encoding for `publish`. */
  readonly shared: boolean;
  /** Called after an outage of the channel ends: what was missed must be read from storage. */
  onRecovered(handler: () => void): void;
  /** False while messages may be getting lost (Redis down): rooms then poll storage. */
  readonly healthy: boolean;
  /** For /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** One process: nobody else to tell. */
export function localFanout(): Fanout {
  return {
    async subscribe() {
      return async () => {};
    },
    publish() {},
    shared: false,
    onRecovered() {},
    healthy: true,
    async ping() {
      return true;
    },
    async close() {},
  };
}

const KIND_BYTES: Record<FanoutKind, number> = { update: 1, awareness: 2 };
const ID_BYTES = 16;

/**
 * Frames are [kind][sender process id (16 bytes)][payload]: a process drops its own echoes by
 * the id rather than trusting Redis delivery order.
 */
export async function redisFanout(url: string, keyPrefix: string, log: FastifyBaseLogger): Promise<Fanout> {
  // Loaded only here: one process on its own never holds the Redis client.
  const { Redis } = await import('ioredis');
  const processId = crypto.randomBytes(ID_BYTES);
  const options = {
    lazyConnect: false,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
  const handlers = new Map<string, (message: FanoutMessage) => void>();
  const recoveredHandlers: (() => void)[] = [];
  let healthy = false;
  let everReady = false;

  const channelOf = (boardId: string) => `${keyPrefix}board:${boardId}`;
  const setHealth = (next: boolean) => {
    if (next === healthy) return;
    healthy = next;
    if (next) {
      if (everReady) {
        log.info('redis is back: catching up from storage');
        for (const handler of recoveredHandlers) handler();
      }
      everReady = true;
    } else {
      log.warn('redis is unreachable: live sync between processes falls back to polling storage');
    }
  };
  // ioredis resubscribes to every channel by itself after reconnecting.
  subscriber.on('ready', () => setHealth(publisher.status === 'ready'));
  publisher.on('ready', () => setHealth(subscriber.status === 'ready'));
  for (const connection of [publisher, subscriber]) {
    connection.on('close', () => setHealth(false));
    connection.on('error', (error: Error) => log.debug({ err: error }, 'redis connection error'));
  }

  subscriber.on('messageBuffer', (channel: Buffer, frame: Buffer) => {
    const handler = handlers.get(channel.toString());
    if (!handler || frame.length < 1 + ID_BYTES) return;
    if (frame.subarray(1, 1 + ID_BYTES).equals(processId)) return;
    const kind = frame[0] === KIND_BYTES.update ? 'update' : frame[0] === KIND_BYTES.awareness ? 'awareness' : null;
    if (!kind) return;
    handler({ kind, payload: new Uint8Array(frame.subarray(1 + ID_BYTES)) });
  });

  return {
    async subscribe(boardId, onMessage) {
      const channel = channelOf(boardId);
      handlers.set(channel, onMessage);
      await subscriber.subscribe(channel).catch((error: Error) => {
        // Not fatal: the room polls storage while the channel is down and catches up after.
        log.warn({ err: error, boardId }, 'could not subscribe to board channel');
      });
      return async () => {
        if (handlers.get(channel) === onMessage) handlers.delete(channel);
        await subscriber.unsubscribe(channel).catch(() => {});
      };
    },
    publish(boardId, message) {
      if (publisher.status !== 'ready') return;
      const frame = Buffer.concat([Buffer.from([KIND_BYTES[message.kind]]), processId, message.payload]);
      publisher.publish(channelOf(boardId), frame).catch((error: Error) => log.debug({ err: error }, 'redis publish failed'));
    },
    shared: true,
    onRecovered(handler) {
      recoveredHandlers.push(handler);
    },
    get healthy() {
      return healthy;
    },
    async ping() {
      try {
        return (await publisher.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
