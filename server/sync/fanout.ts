// Live traffic between server processes. With one process there is nothing to fan out; with
// several, every process publishes what its own clients change (after it is durable) and hears
// what the others' clients change, through Redis pub/sub.
import crypto from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';

/**
 * `catch-up` carries nothing: its sender may have dropped messages for this board while its own
 * connection to the others was down, so whoever hears it reads storage.
 */
export type FanoutKind = 'update' | 'awareness' | 'catch-up';

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

const KIND_BYTES: Record<FanoutKind, number> = { update: 1, awareness: 2, 'catch-up': 3 };
const KIND_OF_BYTE = new Map(Object.entries(KIND_BYTES).map(([kind, byte]) => [byte, kind as FanoutKind]));
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
  /** The subscriber is connected and Redis has confirmed every channel since it last connected. */
  let listening = false;

  const channelOf = (boardId: string) => `${keyPrefix}board:${boardId}`;
  const send = (channel: string, kind: FanoutKind, payload: Uint8Array) => {
    const frame = Buffer.concat([Buffer.from([KIND_BYTES[kind]]), processId, payload]);
    publisher.publish(channel, frame).catch((error: Error) => log.debug({ err: error }, 'redis publish failed'));
  };
  const updateHealth = () => {
    const next = listening && publisher.status === 'ready';
    if (next === healthy) return;
    healthy = next;
    if (!next) {
      log.warn('redis is unreachable: live sync between processes falls back to polling storage');
      return;
    }
    if (everReady) {
      log.info('redis is back: catching up from storage');
      for (const handler of recoveredHandlers) handler();
      // What this process published while it was away was dropped, and the others may have
      // stopped polling before it was stored: tell them to read storage too.
      for (const channel of handlers.keys()) send(channel, 'catch-up', new Uint8Array(0));
    }
    everReady = true;
  };
  // ioredis resubscribes to every channel by itself after reconnecting, but says 'ready' before it
  // sends the SUBSCRIBE. Catching up before Redis has confirmed the channels could miss a change
  // stored and published in between, so health waits for a SUBSCRIBE of our own to be answered.
  subscriber.on('ready', () => {
    const channels = [...handlers.keys()];
    const confirmed = channels.length > 0 ? subscriber.subscribe(...channels) : Promise.resolve();
    confirmed.then(
      () => {
        listening = subscriber.status === 'ready';
        updateHealth();
      },
      (error: Error) => log.debug({ err: error }, 'redis resubscribe failed'),
    );
  });
  publisher.on('ready', updateHealth);
  subscriber.on('close', () => {
    listening = false;
    updateHealth();
  });
  publisher.on('close', updateHealth);
  for (const connection of [publisher, subscriber]) {
    connection.on('error', (error: Error) => log.debug({ err: error }, 'redis connection error'));
  }

  subscriber.on('messageBuffer', (channel: Buffer, frame: Buffer) => {
    const handler = handlers.get(channel.toString());
    if (!handler || frame.length < 1 + ID_BYTES) return;
    if (frame.subarray(1, 1 + ID_BYTES).equals(processId)) return;
    const kind = KIND_OF_BYTE.get(frame[0] as number);
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
      if (publisher.status === 'ready') send(channelOf(boardId), message.kind, message.payload);
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
