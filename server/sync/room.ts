// One board loaded in memory: its Y.Doc, the awareness of everyone connected, and the single
// writer that makes every change durable before anyone else sees it.
import type { FastifyBaseLogger } from 'fastify';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CLOSE_CODES } from '../../shared/protocol.js';
import { canEdit, type Role } from '../../shared/roles.js';
import { migrateBoard } from '../../shared/schema/migrations.js';
import type { Storage } from '../storage/storage.js';
import type { Fanout, FanoutMessage } from './fanout.js';
import { LockGuard } from './lockGuard.js';
import { awarenessEntries, decodeClientMessage, encodeAwareness, encodeSyncStep1, encodeSyncStep2 } from './messages.js';
import { Outbox } from './outbox.js';

/** What a room needs of a participant's connection; the WebSocket adapter implements it. */
export interface Peer {
  readonly role: Role;
  /** The token the connection was opened with, so rotating it can close the connection. */
  readonly token: string;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
  /** True while the peer's socket has a backlog: presence for it is then skipped. */
  readonly congested: boolean;
}

interface PendingWrite {
  update: Uint8Array;
  /** The peer that sent it, or null for a change the server made itself. */
  from: Peer | null;
  /** Server changes are already in the doc; a peer's update is applied once it is durable. */
  applied: boolean;
  done: { resolve(): void; reject(error: Error): void };
}

export interface RoomOptions {
  boardId: string;
  storage: Storage;
  fanout: Fanout;
  log: FastifyBaseLogger;
  compactAfterUpdates: number;
  /** Refuse updates once the stored document would pass this many bytes. */
  maxDocumentBytes: number;
  /** Refuse awareness messages larger than this. */
  maxAwarenessBytes: number;
  /** Told how long each batch took to become durable (for metrics). */
  onPersisted?: (seconds: number) => void;
}

/** Changes made by the server itself (migrations, uploads, demo content): persisted, then relayed. */
const SERVER_ORIGIN = Symbol('server');
/** Changes read back from storage or heard from another process: already durable; relay locally. */
const DURABLE_ORIGIN = Symbol('durable');

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Each connected peer and the awareness client ids it speaks for. */
  readonly peers = new Map<Peer, Set<number>>();
  private readonly outbox = new Outbox(() => this.peers.keys(), this.awareness);
  /** Encodings every cold join asks for, kept until the document changes. */
  private cachedStateVector: Uint8Array | null = null;
  private cachedFullState: Uint8Array | null = null;
  private readonly queue: PendingWrite[] = [];
  private writing: Promise<void> | null = null;
  private updatesSinceCompaction = 0;
  /** Bytes of the stored log: the last compacted state plus the updates since. */
  private storedBytes = 0;
  private unsubscribe: () => Promise<void> = async () => {};
  private destroyed = false;
  /** The writes being made durable right now (taken off the queue, not yet applied). */
  private inFlight: PendingWrite[] = [];
  /** Judges participants' updates against the protocol's locks before they are stored. */
  private readonly guard = new LockGuard(this.doc, () =>
    [...this.inFlight, ...this.queue].filter((write) => !write.applied).map((write) => write.update),
  );
  /** Connections whose update was refused: their later updates build on it, so they are ignored. */
  private readonly refused = new WeakSet<Peer>();

  private constructor(private readonly options: RoomOptions) {
    // The server is not a participant: it publishes no awareness state of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', this.onDocUpdate);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  /**
   * Subscribes to other processes' traffic first, then reads storage: an update that lands
   * while the board loads is heard on the channel if it is not yet in what we read.
   */
  static async load(options: RoomOptions): Promise<Room> {
    const room = new Room(options);
    room.unsubscribe = await options.fanout.subscribe(options.boardId, (message) => room.receiveFromProcess(message));
    try {
      const updates = await options.storage.loadUpdates(options.boardId);
      room.applyDurable(updates);
      room.updatesSinceCompaction = updates.length;
      room.storedBytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
      migrateBoard(room.doc, SERVER_ORIGIN);
      await room.drain();
      if (room.updatesSinceCompaction >= options.compactAfterUpdates) await room.compact();
    } catch (error) {
      await room.unsubscribe();
      room.destroy();
      throw error;
    }
    return room;
  }

  get boardId(): string {
    return this.options.boardId;
  }

  /** Registers a peer and starts the sync handshake (our state vector, then everyone's awareness). */
  join(peer: Peer): void {
    this.peers.set(peer, new Set());
    this.cachedStateVector ??= encodeSyncStep1(this.doc);
    peer.send(this.cachedStateVector);
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) peer.send(encodeAwareness(this.awareness, states));
  }

  leave(peer: Peer): void {
    const controlled = this.peers.get(peer);
    if (!controlled) return;
    this.peers.delete(peer);
    this.outbox.forget(peer);
    if (controlled.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...controlled], peer);
  }

  receive(peer: Peer, data: Uint8Array): void {
    const message = decodeClientMessage(data);
    switch (message.kind) {
      case 'syncStep1':
        try {
          peer.send(this.syncStep2For(message.stateVector));
        } catch {
          peer.close(CLOSE_CODES.malformedMessage, 'invalid state vector');
        }
        return;
      case 'update':
        this.receiveUpdate(peer, message.update);
        return;
      case 'awareness':
        if (message.update.byteLength > this.options.maxAwarenessBytes) {
          peer.close(CLOSE_CODES.limitExceeded, 'presence state too large');
          return;
        }
        this.receiveAwareness(peer, message.update);
        return;
      case 'queryAwareness':
        peer.send(encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]));
        return;
      case 'malformed':
        peer.close(CLOSE_CODES.malformedMessage, message.reason);
        return;
    }
  }

  /**
   * Makes a change as the server (uploads, demo content); resolves once it is durable and has
   * been sent to every connected peer.
   */
  async change(fn: (doc: Y.Doc) => void): Promise<void> {
    const writes: Promise<void>[] = [];
    this.serverWrites = writes;
    try {
      this.doc.transact(() => fn(this.doc), SERVER_ORIGIN);
    } finally {
      this.serverWrites = null;
    }
    await Promise.all(writes);
  }

  /** Re-reads storage and applies what this process missed (after a fan-out outage). */
  async catchUp(): Promise<void> {
    if (this.destroyed) return;
    this.applyDurable(await this.options.storage.loadUpdates(this.boardId));
  }

  /** Waits until every queued write is durable and relayed. */
  async drain(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Flushes, compacts what changed since the last compaction, and frees the document. */
  async unload(): Promise<void> {
    await this.drain();
    await this.unsubscribe();
    if (this.updatesSinceCompaction > 1 && !this.destroyed) await this.compact();
    this.destroy();
  }

  /** Frees the room without writing anything (the board was deleted). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    void this.unsubscribe();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.guard.destroy();
    this.doc.off('update', this.onDocUpdate);
    this.doc.destroy();
  }

  closeAll(code: number, reason: string, filter: (peer: Peer) => boolean = () => true): void {
    this.outbox.flush();
    for (const peer of [...this.peers.keys()]) {
      if (filter(peer)) peer.close(code, reason);
    }
  }

  /** Sync step 2 for a peer; a peer that has nothing (a cold join) gets the cached full state. */
  private syncStep2For(stateVector: Uint8Array): Uint8Array {
    const empty = stateVector.length === 1 && stateVector[0] === 0;
    if (!empty) return encodeSyncStep2(this.doc, stateVector);
    this.cachedFullState ??= encodeSyncStep2(this.doc, stateVector);
    return this.cachedFullState;
  }

  /** Collects the writes of the server change in progress, so `change` can await them. */
  private serverWrites: Promise<void>[] | null = null;

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.cachedStateVector = null;
    this.cachedFullState = null;
    if (origin === SERVER_ORIGIN) {
      // A change the server made: durable first, then relayed, like anybody else's.
      const write = this.enqueue({ update, from: null, applied: true });
      if (this.serverWrites) this.serverWrites.push(write);
      else write.catch(() => {}); // the writer logged it; the next compaction saves the state
      return;
    }
    // Loading the board from storage is no news to anyone: nobody is connected yet, and whoever
    // joins gets the state in the handshake (relaying it too sent a 500-card board twice).
    if (origin === DURABLE_ORIGIN && this.peers.size === 0) return;
    const from = this.peers.has(origin as Peer) ? (origin as Peer) : null;
    this.outbox.update(update, from);
    if (from) this.options.fanout.publish(this.boardId, { kind: 'update', payload: update });
  };

  private readonly onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    this.outbox.presence(changed);
    if (origin !== DURABLE_ORIGIN) {
      this.options.fanout.publish(this.boardId, {
        kind: 'awareness',
        payload: awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
      });
    }
  };

  private receiveFromProcess(message: FanoutMessage): void {
    if (this.destroyed) return;
    try {
      if (message.kind === 'update') Y.applyUpdate(this.doc, message.payload, DURABLE_ORIGIN);
      else awarenessProtocol.applyAwarenessUpdate(this.awareness, message.payload, DURABLE_ORIGIN);
    } catch (error) {
      this.options.log.warn({ err: error, boardId: this.boardId }, 'ignored an unreadable message from another process');
    }
  }

  private applyDurable(updates: Uint8Array[]): void {
    this.doc.transact(() => {
      for (const update of updates) {
        try {
          Y.applyUpdate(this.doc, update, DURABLE_ORIGIN);
        } catch (error) {
          // One unreadable row must not make the whole board unreadable.
          this.options.log.error({ err: error, boardId: this.boardId }, 'skipped a stored update that does not apply');
        }
      }
    }, DURABLE_ORIGIN);
  }

  private receiveUpdate(peer: Peer, update: Uint8Array): void {
    // Viewers read only: their document updates are dropped, never applied, relayed or stored.
    if (!canEdit(peer.role)) return;
    if (this.storedBytes + update.byteLength > this.options.maxDocumentBytes) {
      peer.close(CLOSE_CODES.limitExceeded, 'this board has reached its size limit');
      return;
    }
    if (this.refused.has(peer)) return;
    try {
      Y.decodeUpdate(update);
    } catch {
      peer.close(CLOSE_CODES.malformedMessage, 'update does not decode');
      return;
    }
    // Protocol locks, owner-only protocol state and the built-in pile, enforced here and not only in
    // the interface: a refused update is never stored, applied or relayed, and its sender is told.
    const verdict = this.guard.check(peer.role, update);
    if (!verdict.ok) {
      this.refused.add(peer);
      this.options.log.info({ boardId: this.boardId, reason: verdict.reason }, 'refused an update');
      peer.close(verdict.malformed ? CLOSE_CODES.malformedMessage : CLOSE_CODES.editRefused, verdict.reason);
      return;
    }
    this.enqueue({ update, from: peer, applied: false }).catch(() => {
      peer.close(CLOSE_CODES.loadFailed, 'the server could not save this change; reconnecting');
    });
  }

  private receiveAwareness(peer: Peer, update: Uint8Array): void {
    const controlled = this.peers.get(peer);
    if (!controlled) return;
    let entries: { clientId: number; clock: number }[];
    try {
      entries = awarenessEntries(update);
    } catch {
      peer.close(CLOSE_CODES.malformedMessage, 'awareness update does not decode');
      return;
    }
    // The stock client echoes everyone's states back with their clocks unchanged (harmless); a
    // newer clock for a participant of another connection would be speaking for them: refused.
    const claimed: number[] = [];
    for (const { clientId, clock } of entries) {
      const known = this.awareness.meta.get(clientId)?.clock;
      const newer = known === undefined || clock > known;
      if (!newer) continue;
      const owner = this.ownerOf(clientId);
      if (owner !== null && owner !== peer) {
        peer.close(CLOSE_CODES.malformedMessage, 'awareness for another participant');
        return;
      }
      claimed.push(clientId);
    }
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
    } catch {
      peer.close(CLOSE_CODES.malformedMessage, 'awareness update does not apply');
      return;
    }
    for (const clientId of claimed) {
      if (this.awareness.getStates().has(clientId)) controlled.add(clientId);
      else controlled.delete(clientId);
    }
  }

  /** The local peer speaking for an awareness client id, or null if none does. */
  private ownerOf(clientId: number): Peer | null {
    for (const [peer, ids] of this.peers) if (ids.has(clientId)) return peer;
    return null;
  }

  private enqueue(write: Omit<PendingWrite, 'done'>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ...write, done: { resolve, reject } });
      if (!this.writing) this.writing = this.writeQueued().finally(() => (this.writing = null));
    });
  }

  /**
   * The room's single writer: takes everything queued, writes it in one transaction (group
   * commit), and only then applies and relays it. Nobody ever sees a change that is not stored.
   */
  private async writeQueued(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      this.inFlight = batch;
      const started = performance.now();
      try {
        await this.options.storage.appendUpdates(
          this.boardId,
          batch.map((write) => write.update),
        );
        this.options.onPersisted?.((performance.now() - started) / 1000);
      } catch (error) {
        this.options.log.error({ err: error, boardId: this.boardId }, 'could not persist updates');
        this.inFlight = [];
        // The shadow the lock guard judges by holds these unsaved updates: rebuild it without them.
        this.guard.reset();
        for (const write of batch) write.done.reject(error as Error);
        continue;
      }
      this.updatesSinceCompaction += batch.length;
      for (const write of batch) this.storedBytes += write.update.byteLength;
      for (const write of batch) {
        if (this.destroyed) break;
        if (write.applied) {
          this.outbox.update(write.update, null);
          this.options.fanout.publish(this.boardId, { kind: 'update', payload: write.update });
        } else {
          try {
            Y.applyUpdate(this.doc, write.update, write.from);
          } catch (error) {
            write.from?.close(CLOSE_CODES.malformedMessage, 'update does not apply');
            this.options.log.warn({ err: error, boardId: this.boardId }, 'an update decoded but did not apply');
          }
        }
        write.done.resolve();
      }
      this.inFlight = [];
      if (this.updatesSinceCompaction >= this.options.compactAfterUpdates && !this.destroyed) await this.compact();
    }
  }

  /**
   * Replaces the update log by one merged state, so a board's storage and load time stay flat.
   * Storage hands us every stored row; any this process had not seen (another process wrote it)
   * is applied first, so the state we store contains everything the rows did.
   */
  private async compact(): Promise<void> {
    try {
      let stateBytes = 0;
      await this.options.storage.compact(this.boardId, (updates) => {
        this.applyDurable(updates);
        const state = Y.encodeStateAsUpdate(this.doc);
        stateBytes = state.byteLength;
        return state;
      });
      this.updatesSinceCompaction = 1;
      this.storedBytes = stateBytes;
    } catch (error) {
      this.options.log.error({ err: error, boardId: this.boardId }, 'compaction failed; the update log is kept');
    }
  }
}
