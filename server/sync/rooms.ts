// Loads each board at most once, shares it between its connections, and unloads it when the
// last one leaves. Whoever needs a board holds a lease and releases it when done.
import { TimeBudget } from './rateLimit.js';
import { type Peer, Room, type RoomOptions, SYNC_MS_PER_SECOND } from './room.js';

export interface RoomLease {
  room: Room;
  release(): void;
}

interface Entry {
  room: Promise<Room>;
  holds: number;
  unloading: Promise<void> | null;
  /** While the board loads: its stored state as an answer, once read, and who waits for it. */
  storedAnswer: Uint8Array | null;
  wantStoredAnswer: Set<(answer: Uint8Array) => void>;
}

export type RoomRegistryOptions = Omit<RoomOptions, 'boardId'>;

/** How often rooms re-read storage while the fan-out between processes is down. */
const CATCH_UP_INTERVAL_MS = 2000;

export class RoomRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly rooms = new Set<Room>();
  private readonly poller: NodeJS.Timeout;
  /** Main-thread time for sync answers, shared by every board. */
  private readonly syncBudget = new TimeBudget(SYNC_MS_PER_SECOND);

  constructor(private readonly options: RoomRegistryOptions) {
    // Without the channel between processes, sync degrades to polling storage, and after an
    // outage every room reads what it missed: slower, never lost or diverged.
    options.fanout.onRecovered(() => this.catchUpAll());
    this.poller = setInterval(() => {
      if (!options.fanout.healthy) this.catchUpAll();
    }, CATCH_UP_INTERVAL_MS);
    this.poller.unref();
  }

  private catchUpAll(): void {
    for (const room of this.rooms) room.catchUpInBackground();
  }

  /** Every loaded board's room (revoked links are looked for among their connections). */
  get loadedRooms(): Iterable<Room> {
    return this.rooms;
  }

  /** Open connections over all loaded boards. */
  get connectionCount(): number {
    let count = 0;
    for (const room of this.rooms) count += room.peers.size;
    return count;
  }

  /**
   * `onStoredAnswer`: if the board has to be loaded and storage holds it as one state, called with
   * that state as the answer to a client holding nothing, before the room is ready (room.ts).
   */
  async acquire(boardId: string, onStoredAnswer?: (answer: Uint8Array) => void): Promise<RoomLease> {
    for (;;) {
      const existing = this.entries.get(boardId);
      if (existing?.unloading) {
        // Let the previous copy finish saving before loading the board again.
        await existing.unloading.catch(() => {});
        continue;
      }
      const entry = existing ?? this.load(boardId);
      entry.holds++;
      if (onStoredAnswer) {
        if (entry.storedAnswer) onStoredAnswer(entry.storedAnswer);
        else entry.wantStoredAnswer.add(onStoredAnswer);
      }
      try {
        const room = await entry.room;
        return { room, release: once(() => this.release(boardId, entry)) };
      } catch (error) {
        entry.holds--;
        throw error;
      } finally {
        if (onStoredAnswer) entry.wantStoredAnswer.delete(onStoredAnswer);
      }
    }
  }

  /** Runs `fn` with the board loaded, loading it just for this if nobody is connected. */
  async withRoom<T>(boardId: string, fn: (room: Room) => Promise<T> | T): Promise<T> {
    const lease = await this.acquire(boardId);
    try {
      return await fn(lease.room);
    } finally {
      lease.release();
    }
  }

  /** The loaded room of a board, if any; for closing connections. */
  async loaded(boardId: string): Promise<Room | null> {
    const entry = this.entries.get(boardId);
    if (!entry) return null;
    return entry.room.catch(() => null);
  }

  closePeers(boardId: string, code: number, reason: string, filter?: (peer: Peer) => boolean): void {
    void this.loaded(boardId).then((room) => room?.closeAll(code, reason, filter));
  }

  /** Drops a deleted board from memory without writing anything back. */
  async forget(boardId: string, code: number, reason: string): Promise<void> {
    const entry = this.entries.get(boardId);
    if (!entry) return;
    this.entries.delete(boardId);
    const room = await entry.room.catch(() => null);
    room?.closeAll(code, reason);
    room?.destroy();
    if (room) this.rooms.delete(room);
  }

  /** How many connections a loaded board has (0 when not loaded). */
  async peerCount(boardId: string): Promise<number> {
    return (await this.loaded(boardId))?.peers.size ?? 0;
  }

  get loadedCount(): number {
    return this.entries.size;
  }

  /** Saves and unloads every board (server shutdown). */
  async closeAll(code: number, reason: string): Promise<void> {
    clearInterval(this.poller);
    const entries = [...this.entries.values()];
    await Promise.all(
      entries.map(async (entry) => {
        const room = await entry.room.catch(() => null);
        room?.closeAll(code, reason);
        await room?.unload();
      }),
    );
    this.entries.clear();
    this.rooms.clear();
  }

  private load(boardId: string): Entry {
    const onStoredAnswer = (answer: Uint8Array): boolean => {
      entry.storedAnswer = answer;
      for (const wants of entry.wantStoredAnswer) wants(answer);
      return entry.wantStoredAnswer.size > 0;
    };
    const entry: Entry = {
      room: Room.load({ boardId, syncBudget: this.syncBudget, ...this.options, onStoredAnswer }).then((room) => {
        this.rooms.add(room);
        // Loaded: joiners are answered by the room itself from now on.
        entry.storedAnswer = null;
        return room;
      }),
      holds: 0,
      unloading: null,
      storedAnswer: null,
      wantStoredAnswer: new Set(),
    };
    entry.room.catch(() => {
      if (this.entries.get(boardId) === entry) this.entries.delete(boardId);
    });
    this.entries.set(boardId, entry);
    return entry;
  }

  private release(boardId: string, entry: Entry): void {
    entry.holds--;
    if (entry.holds > 0 || this.entries.get(boardId) !== entry) return;
    entry.unloading = entry.room
      .then((room) => {
        this.rooms.delete(room);
        return room.unload();
      })
      .catch((error) => this.options.log.error({ err: error, boardId }, 'could not unload board'))
      .finally(() => {
        if (this.entries.get(boardId) === entry) this.entries.delete(boardId);
      });
  }
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}
