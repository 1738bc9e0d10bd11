// Light load clients in worker threads (lightWorker.mjs): the participants who move a
// cursor, sit idle or drag a card, speaking just the protocol they need (a dragger holds a Y.Doc
// but applies nothing once it holds the cards), so that the generator's one core is not what
// limits a run. The probes that time delivery stay stock clients (clients.ts) in the main thread;
// they time each light sender's states from the send time the worker wrote into shared memory,
// on the one clock every thread of a process shares.
import { Worker } from 'node:worker_threads';
import { SYNC_PATH } from '../../../shared/syncWire.js';
import type { BoardRef, Protocol } from './servers.js';

/**
 * Per client, a Float64Array over shared memory: [seq, closes, connected, handshake done (a
 * dragger: and it holds the board's cards), ring of send times…].
 */
export const LIGHT_SLOT = { seq: 0, closes: 1, connected: 2, handshake: 3, ring: 4 } as const;
export const LIGHT_RING = 1 << 14;

/** The clock light senders write send times in: milliseconds, the same in every thread. */
export const sharedClock = (): number => performance.timeOrigin + performance.now();

export interface LightEndpoint {
  protocol: Protocol;
  wsUrl: string;
}

export interface LightSpec {
  role: 'cursor' | 'idle' | 'drag';
  /** Cursor states or drags per second. */
  hz: number;
  index: number;
  clientId: number;
  user: { name: string; color: string; role: string };
  /** A dragger's: the card it drags, the cards it waits to hold, and its x for sequence number 0. */
  drag?: { card: string; cards: number; moveBase: number };
}

/** The main thread's view of one light client. */
export class LightHandle {
  readonly cell: Float64Array;
  /** Send times by sequence number (a ring), written by the worker. */
  readonly sendTimes: Float64Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.cell = new Float64Array(buffer);
    this.sendTimes = this.cell.subarray(LIGHT_SLOT.ring);
  }

  get seq(): number {
    return this.cell[LIGHT_SLOT.seq] ?? 0;
  }
  get closes(): number {
    return this.cell[LIGHT_SLOT.closes] ?? 0;
  }
  get connected(): boolean {
    return this.cell[LIGHT_SLOT.connected] === 1;
  }
  get synced(): boolean {
    return this.cell[LIGHT_SLOT.handshake] === 1;
  }
}

export class LightPool {
  private readonly workers: Worker[];
  private next = 0;
  private requests = 0;

  /**
   * One worker by default: every thread of the generator shares one core, and at 12 boards one
   * worker cost less than two (73 against 80 % of the core, fewer switches and heaps) without
   * lagging more.
   */
  constructor(count = 1) {
    const script = new URL('./lightWorker.mjs', import.meta.url);
    this.workers = Array.from({ length: count }, () => new Worker(script));
    for (const worker of this.workers) worker.unref();
  }

  /** Starts clients on a board, spread over the workers in turn. */
  add(endpoint: LightEndpoint, board: BoardRef, specs: LightSpec[]): LightHandle[] {
    const url =
      endpoint.protocol === 'worksort'
        ? `${endpoint.wsUrl}${SYNC_PATH}/${board.name}?token=${board.token}`
        : endpoint.protocol === 'y-websocket'
          ? `${endpoint.wsUrl}/${board.name}`
          : endpoint.wsUrl;
    const handles: LightHandle[] = [];
    const batches = this.workers.map(() => [] as unknown[]);
    for (const spec of specs) {
      const buffer = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT * (LIGHT_SLOT.ring + LIGHT_RING));
      handles.push(new LightHandle(buffer));
      batches[this.next++ % this.workers.length]?.push({ ...spec, url, protocol: endpoint.protocol, board: board.name, buffer });
    }
    for (const [i, clients] of batches.entries()) if (clients.length > 0) this.workers[i]?.postMessage({ type: 'add', clients });
    return handles;
  }

  set paused(value: boolean) {
    for (const worker of this.workers) worker.postMessage({ type: 'pause', value });
  }

  disconnectAll(): void {
    for (const worker of this.workers) worker.postMessage({ type: 'disconnect' });
  }

  connectAll(): void {
    for (const worker of this.workers) worker.postMessage({ type: 'connect' });
  }

  resetLag(): void {
    for (const worker of this.workers) worker.postMessage({ type: 'resetLag' });
  }

  /** The worst event-loop delay p99 of any worker since the last reset, ms. */
  async lagP99Ms(): Promise<number> {
    const id = ++this.requests;
    const answers = await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<number>((resolve) => {
            const onMessage = (message: { type: string; id: number; p99Ms: number }) => {
              if (message.type !== 'lag' || message.id !== id) return;
              worker.off('message', onMessage);
              resolve(message.p99Ms);
            };
            worker.on('message', onMessage);
            worker.postMessage({ type: 'lag', id });
          }),
      ),
    );
    return Math.max(0, ...answers);
  }

  async destroy(): Promise<void> {
    for (const worker of this.workers) worker.postMessage({ type: 'stop' });
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
