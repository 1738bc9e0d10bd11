// One board loaded in memory: its Y.Doc, the awareness of everyone connected, and the single
// writer that makes every change durable before anyone else sees it.
import type { FastifyBaseLogger } from 'fastify';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { canEdit, type Role } from '#shared/roles.js';
import { migrateBoard } from '#shared/schema/migrations.js';
import { CLOSE_CODES } from '#shared/syncWire.js';
import type { Storage } from '../storage/storage.js';
import { withRetryAdvice } from './backpressure.js';
import type { Fanout, FanoutMessage } from './fanout.js';
import { LockGuard } from './lockGuard.js';
import { type LoopLoad, processLoopLoad, sendsAtOnce } from './loopLoad.js';
import {
  awarenessEntries,
  decodeClientMessage,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncStep2Update,
} from './messages.js';
import { Outbox } from './outbox.js';
import { type DecodedUpdate, dropPending, missingFrom } from './pending.js';
import { type PresenceChange, type PresenceEntry, PresenceStates } from './presenceStates.js';
import { TimeBudget, type TokenBucket, tokenBucket } from './rateLimit.js';

/**
 * How long a participant's update may wait for changes it refers to (an honest race: a tab that
 * reconnected from another server process, whose changes reach this one through the fan-out).
 * After that, storage is read once more; what still does not apply is refused.
 */
export const HOLD_MS = 5000;
/** Most updates, and bytes, one connection may have waiting. */
const MAX_HELD_UPDATES = 64;
const MAX_HELD_BYTES = 4 * 1024 * 1024;

/** Encoding time for sync answers one board may take per second (a 5,000-card board takes ~40 ms). */
export const SYNC_MS_PER_SECOND_PER_BOARD = 100;
/** The same over every board of the process. */
export const SYNC_MS_PER_SECOND = 250;
/**
 * Sending an answer costs too, whether it was just encoded or is cached: it is charged to the same
 * budget as this many bytes per millisecond. Without it, a cached 1 MB answer sent to every new
 * connection turns a few bytes of request into megabytes a second of writes (README, "Limits").
 */
export const SYNC_SEND_BYTES_PER_MS = 64 * 1024;
/** Sync requests one connection may make: a few at once, then one every 10 s. */
const SYNC_REQUEST_BURST = 4;
const SYNC_REQUESTS_PER_SECOND = 0.1;
const MAX_CACHED_ANSWERS = 16;
/** Connections of one board waiting for a sync answer at most; more are asked to come back later. */
const MAX_WAITING_SYNC = 200;
/** The answer key of an empty state vector: the whole document. */
const FULL_STATE = '';
const EMPTY_STATE_VECTOR = Uint8Array.of(0);

/** Memory counted per item of a document (measured: 200 bytes per text item, 450 per map entry). */
export const ITEM_BYTES = 512;

/** Participant ids one connection may speak for at once (a tab is one). */
export const MAX_PARTICIPANTS_PER_CONNECTION = 4;
/** Distinct participant ids one connection may announce over its life. */
export const MAX_IDS_PER_CONNECTION = 16;
/** How long a departed participant's last clock is kept: echoes of its old states are ignored meanwhile. */
const DEPARTED_MS = 30_000;

interface HeldUpdates {
  updates: Uint8Array[];
  bytes: number;
  timer: NodeJS.Timeout;
}

/** What a room needs of a participant's connection; the WebSocket adapter implements it. */
export interface Peer {
  readonly role: Role;
  /** The token the connection was opened with, so rotating it can close the connection. */
  readonly token: string;
  /**
   * `echoOwed`: a presence message about others, which the stock client answers with an echo; the
   * connection may send that echo on top of its own message rate (plugin.ts).
   */
  send(message: Uint8Array, echoOwed?: boolean): void;
  close(code: number, reason: string): void;
  /** Bytes accepted for the peer's socket but not yet handed to the network (outbox.ts). */
  readonly backlog: number;
  /**
   * Sends messages together, in one write (one system call, not one each): a flush's presence and
   * document updates. The same array is given to every peer that gets the same messages, so it
   * can be framed once for all.
   */
  sendAll?(messages: readonly Uint8Array[], echoOwed: boolean): void;
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
  /**
   * Refuse updates once the document would take more than this much memory, estimated as its
   * stored bytes plus `ITEM_BYTES` for every item it holds (see `documentMemory`).
   */
  maxDocumentBytes: number;
  /** Refuse awareness messages larger than this. */
  maxAwarenessBytes: number;
  /** Main-thread time for sync answers shared by every board of the process. */
  syncBudget?: TimeBudget;
  /** Told how long each batch took to become durable (for metrics). */
  onPersisted?: (seconds: number) => void;
  /**
   * Told, while the board loads, its stored state as the answer to a client holding nothing, when
   * storage holds it as one state; false when nobody waits for it (the document is then built at once).
   */
  onStoredAnswer?: (answer: Uint8Array) => boolean;
}

/**
 * How long a loading board waits, once it has offered its stored state, before building its
 * document: the time for a connecting client's first request to arrive and be answered from
 * storage, so that client and server decode the board at the same time rather than one after the other.
 */
export const STORED_ANSWER_WAIT_MS = 5;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/**
 * A presence state's JSON (UTF-8) with `user.role` being the role the link grants: the bytes as
 * they are when it says so already (or names no user), else the state written again with it;
 * null when it is not valid UTF-8 holding a JSON object.
 */
function withGrantedRole(state: Uint8Array, role: Role): Uint8Array | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(state));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const user = (parsed as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null || Array.isArray(user)) return state;
  if ((user as { role?: unknown }).role === role) return state;
  (user as { role?: unknown }).role = role;
  return utf8Encoder.encode(JSON.stringify(parsed));
}

let turnEnd: Promise<void> | null = null;

/**
 * Resolves once the I/O callbacks of this loop turn have run: one promise for every room that
 * asks in the same turn, so their writers run one after the other in the same run of microtasks,
 * and the storage commits what they write together (sqlite.ts `appendUpdates`).
 */
export function endOfTurn(): Promise<void> {
  turnEnd ??= new Promise<void>((resolve) =>
    setImmediate(() => {
      turnEnd = null;
      resolve();
    }),
  );
  return turnEnd;
}

/**
 * When the room's writer starts: while the loop is lightly loaded, as soon as this message is
 * handled (nobody's move waits for the other sockets' messages of this turn); else at the end of
 * the turn (every update this turn brought, on every board, in one transaction).
 */
const writerStart = (load: LoopLoad) => (sendsAtOnce(load) ? Promise.resolve() : endOfTurn());

/** Changes made by the server itself (migrations, uploads, demo content): persisted, then relayed. */
const SERVER_ORIGIN = Symbol('server');
/** Changes read back from storage or heard from another process: already durable; relay locally. */
const DURABLE_ORIGIN = Symbol('durable');

export class Room {
  readonly doc = new Y.Doc({ gc: true });
  /** Everyone's presence (cursors, names, drags): kept as the bytes received, relayed as they are. */
  readonly presence = new PresenceStates((change, origin) => this.onPresenceUpdate(change, origin));
  /** Each connected peer and the awareness client ids it speaks for. */
  readonly peers = new Map<Peer, Set<number>>();
  private readonly outbox = new Outbox(
    () => this.peers.keys(),
    this.presence,
    undefined,
    undefined,
    (clientId) => this.speakers.get(clientId),
  );
  /** Our state vector, which every join is sent, kept until the document changes. */
  private cachedStateVector: Uint8Array | null = null;
  /** Sync answers by the state vector they answer (see `answerKey`), kept until the document changes. */
  private readonly answers = new Map<string, Uint8Array>();
  private readonly syncRequests = new WeakMap<Peer, TokenBucket>();
  /** Peers whose request for the whole document was answered from storage while the board loaded. */
  private readonly answeredFromStorage = new WeakSet<Peer>();
  /** Connections waiting for a sync answer while the budget is spent, oldest first. */
  private readonly awaitingSync = new Map<Peer, Uint8Array>();
  private syncTimer: NodeJS.Timeout | null = null;
  private readonly syncBudget = new TimeBudget(SYNC_MS_PER_SECOND_PER_BOARD);
  private readonly queue: PendingWrite[] = [];
  private writing: Promise<void> | null = null;
  private updatesSinceCompaction = 0;
  /** Bytes of the stored log: the last compacted state plus the updates since. */
  private storedBytes = 0;
  /**
   * Bytes of updates accepted but not yet durable. Counted against the size limit with the stored
   * ones: updates that arrive together (sent while the board loaded) are judged one after the other
   * before any of them is written.
   */
  private pendingBytes = 0;
  private unsubscribe: () => Promise<void> = async () => {};
  private destroyed = false;
  /** The writes being made durable right now (taken off the queue, not yet applied). */
  private inFlight: PendingWrite[] = [];
  /** Judges participants' updates against the protocol's locks before they are stored (no second copy of the board). */
  private readonly guard = new LockGuard(this.doc, () =>
    [...this.inFlight, ...this.queue].filter((write) => !write.applied).map((write) => write.update),
  );
  private readonly loopLoad = processLoopLoad();
  /** Connections whose update was refused: their later updates build on it, so they are ignored. */
  private readonly refused = new WeakSet<Peer>();
  /** The connection speaking for each participant id. */
  private readonly speakers = new Map<number, Peer>();
  /** How many participant ids each connection has announced. */
  private readonly announced = new WeakMap<Peer, number>();
  /** Participant ids that left, and since when (oldest first). */
  private readonly departed = new Map<number, number>();
  /** Per connection, its updates waiting for changes they refer to, oldest first. */
  private readonly held = new Map<Peer, HeldUpdates>();
  private retryScheduled = false;
  /** Changes made here rather than read from storage or heard from another process. */
  private localChanges = 0;
  /** Document updates heard from other processes (while loading: not in what storage returned, perhaps). */
  private heardUpdates = 0;

  private constructor(private readonly options: RoomOptions) {}

  /**
   * Subscribes to other processes' traffic first, then reads storage: an update that lands
   * while the board loads is heard on the channel if it is not yet in what we read.
   */
  static async load(options: RoomOptions): Promise<Room> {
    const room = new Room(options);
    room.unsubscribe = await options.fanout.subscribe(options.boardId, (message) => room.receiveFromProcess(message));
    try {
      const updates = await options.storage.loadUpdates(options.boardId);
      const [stored] = updates;
      const storedAnswer = stored && updates.length === 1 ? encodeSyncStep2Update(stored) : null;
      if (storedAnswer && options.onStoredAnswer?.(storedAnswer))
        await new Promise((resolve) => setTimeout(resolve, STORED_ANSWER_WAIT_MS));
      const appliedAll = room.applyDurable(updates);
      // Listened to only now: with a listener, Yjs encodes every transaction as an update, and
      // what storage holds is news to nobody (a 5,000-card board: a second 1 MB encoding per load).
      // Anything the fan-out applied meanwhile found no peer and no cached answer to clear (and
      // keeps the stored state from being taken for the whole document: `heardUpdates`).
      room.doc.on('update', room.onDocUpdate);
      const droppedPending = room.forgetPending();
      room.updatesSinceCompaction = updates.length;
      room.storedBytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
      const changesBefore = room.localChanges;
      migrateBoard(room.doc, SERVER_ORIGIN);
      await room.drain();
      if (room.updatesSinceCompaction >= options.compactAfterUpdates) await room.compact();
      // A board stored as one state (compacted when it was last unloaded) that loading left as it
      // was: that state is the answer to a client holding nothing, sent as stored rather than
      // encoded again from the document (a 5,000-card board: ~20 ms of the cold open). The very
      // answer offered while loading, so `join` can tell whether what a client got then still holds.
      if (
        storedAnswer &&
        appliedAll &&
        !droppedPending &&
        room.localChanges === changesBefore &&
        room.heardUpdates === 0 &&
        room.answers.size === 0
      ) {
        room.answers.set(FULL_STATE, storedAnswer);
      }
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

  /**
   * Registers a peer and starts the sync handshake (our state vector, then everyone's awareness).
   * `answered`: what the peer was sent from storage while the board loaded, in answer to its
   * request for the whole document; if that is still the whole document, the request is not
   * answered twice (else it is answered as any other: updates apply idempotently).
   */
  join(peer: Peer, answered: Uint8Array | null = null): void {
    this.peers.set(peer, new Set());
    if (answered && this.answers.get(FULL_STATE) === answered) {
      this.answeredFromStorage.add(peer);
      // Charged to the sync budget like any answer.
      this.chargeSend(answered.byteLength);
    }
    this.cachedStateVector ??= encodeSyncStep1(this.doc);
    peer.send(this.cachedStateVector);
    const present = this.presence.ids();
    if (present.length > 0) peer.send(encodeAwareness(this.presence, present));
  }

  leave(peer: Peer): void {
    const controlled = this.peers.get(peer);
    if (!controlled) return;
    this.peers.delete(peer);
    this.outbox.forget(peer);
    this.dropHeld(peer);
    this.awaitingSync.delete(peer);
    const ids = [...controlled];
    if (ids.length > 0) this.presence.remove(ids, peer);
    for (const clientId of ids) this.depart(peer, clientId);
  }

  receive(peer: Peer, data: Uint8Array): void {
    const message = decodeClientMessage(data);
    switch (message.kind) {
      case 'syncStep1':
        this.requestSync(peer, message.stateVector);
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
        peer.send(encodeAwareness(this.presence, this.presence.ids()));
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

  /** `catchUp` without waiting for it: a failure is logged, and the next catch-up reads again. */
  catchUpInBackground(): void {
    this.catchUp().catch((error) => this.options.log.warn({ err: error, boardId: this.boardId }, 'catch-up from storage failed'));
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
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.outbox.destroy();
    this.awaitingSync.clear();
    for (const peer of [...this.held.keys()]) this.dropHeld(peer);
    void this.unsubscribe();
    this.presence.destroy();
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

  /**
   * Answers a peer's sync step 1. Answers are cached by what they answer (the state vector as far
   * as this document is concerned) until the document changes, and the time spent encoding new
   * ones is budgeted per room and per process: past the budget, a peer waits its turn (its newer
   * request replaces its waiting one). A connection asks a few times at most: the stock client
   * asks once per connection.
   */
  private requestSync(peer: Peer, stateVector: Uint8Array): void {
    let requests = this.syncRequests.get(peer);
    if (!requests) {
      requests = tokenBucket(SYNC_REQUESTS_PER_SECOND, SYNC_REQUEST_BURST);
      this.syncRequests.set(peer, requests);
    }
    if (!requests.take()) {
      peer.close(CLOSE_CODES.limitExceeded, 'too many sync requests');
      return;
    }
    let key: string;
    try {
      key = this.answerKey(stateVector);
    } catch {
      peer.close(CLOSE_CODES.malformedMessage, 'invalid state vector');
      return;
    }
    if (key === FULL_STATE && this.answeredFromStorage.delete(peer)) return;
    if (this.awaitingSync.size === 0 && this.syncBudgetWait() === 0) {
      this.sendAnswer(peer, this.answers.get(key) ?? this.encodeAnswer(key, stateVector));
    } else if (this.awaitingSync.size >= MAX_WAITING_SYNC && !this.awaitingSync.has(peer)) {
      peer.close(CLOSE_CODES.limitExceeded, withRetryAdvice('this board is busy answering sync requests', 2000));
    } else {
      this.awaitingSync.delete(peer);
      this.awaitingSync.set(peer, stateVector);
      this.scheduleSyncAnswers();
    }
  }

  /** The state vector as far as this document is concerned: clients it has, clocks up to its own. */
  private answerKey(stateVector: Uint8Array): string {
    const decoder = decoding.createDecoder(stateVector);
    const count = decoding.readVarUint(decoder);
    // An honest peer names the clients it has seen, which are about those the board has.
    if (count > this.doc.store.clients.size + 1000) throw new Error('state vector names too many clients');
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const client = decoding.readVarUint(decoder);
      const clock = Math.min(decoding.readVarUint(decoder), Y.getState(this.doc.store, client));
      if (clock > 0) parts.push(`${client}:${clock}`);
    }
    return parts.sort().join(',');
  }

  private encodeAnswer(key: string, stateVector: Uint8Array): Uint8Array {
    const started = performance.now();
    const answer = encodeSyncStep2(this.doc, key === FULL_STATE ? EMPTY_STATE_VECTOR : stateVector);
    const spent = performance.now() - started;
    this.syncBudget.spend(spent);
    this.options.syncBudget?.spend(spent);
    if (this.answers.size >= MAX_CACHED_ANSWERS) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, answer);
    return answer;
  }

  private sendAnswer(peer: Peer, answer: Uint8Array): void {
    this.chargeSend(answer.byteLength);
    peer.send(answer);
  }

  private chargeSend(bytes: number): void {
    const cost = bytes / SYNC_SEND_BYTES_PER_MS;
    this.syncBudget.spend(cost);
    this.options.syncBudget?.spend(cost);
  }

  private syncBudgetWait(): number {
    return Math.max(this.syncBudget.waitMs(), this.options.syncBudget?.waitMs() ?? 0);
  }

  private scheduleSyncAnswers(): void {
    if (this.syncTimer || this.destroyed) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = null;
      this.answerWaiting();
    }, this.syncBudgetWait());
    this.syncTimer.unref();
  }

  private answerWaiting(): void {
    if (this.destroyed) return;
    for (const [peer, stateVector] of this.awaitingSync) {
      if (!this.peers.has(peer)) {
        this.awaitingSync.delete(peer);
        continue;
      }
      if (this.syncBudgetWait() > 0) break;
      const key = this.answerKey(stateVector);
      this.awaitingSync.delete(peer);
      this.sendAnswer(peer, this.answers.get(key) ?? this.encodeAnswer(key, stateVector));
    }
    if (this.awaitingSync.size > 0) this.scheduleSyncAnswers();
  }

  /** Collects the writes of the server change in progress, so `change` can await them. */
  private serverWrites: Promise<void>[] | null = null;

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    this.cachedStateVector = null;
    this.answers.clear();
    if (origin !== DURABLE_ORIGIN) this.localChanges++;
    this.scheduleRetry();
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

  private onPresenceUpdate({ added, updated, removed }: PresenceChange, origin: unknown): void {
    const changed = added.length === 0 && removed.length === 0 ? updated : [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    this.outbox.presence(changed);
    if (origin !== DURABLE_ORIGIN && this.options.fanout.shared) {
      this.options.fanout.publish(this.boardId, { kind: 'awareness', payload: this.presence.encode(changed) });
    }
  }

  private receiveFromProcess(message: FanoutMessage): void {
    if (this.destroyed) return;
    if (message.kind === 'catch-up') {
      this.catchUpInBackground();
      return;
    }
    try {
      if (message.kind === 'update') {
        this.heardUpdates++;
        Y.applyUpdate(this.doc, message.payload, DURABLE_ORIGIN);
      } else this.presence.apply(awarenessEntries(message.payload), DURABLE_ORIGIN);
    } catch (error) {
      this.options.log.warn({ err: error, boardId: this.boardId }, 'ignored an unreadable message from another process');
    }
  }

  /** True when stored changes were dropped. */
  private forgetPending(): boolean {
    if (!dropPending(this.doc)) return false;
    this.guard.reset();
    this.options.log.warn({ boardId: this.boardId }, 'dropped stored changes that referred to nothing stored');
    return true;
  }

  /** False when a stored update was skipped. */
  private applyDurable(updates: Uint8Array[]): boolean {
    let appliedAll = true;
    this.doc.transact(() => {
      for (const update of updates) {
        try {
          Y.applyUpdate(this.doc, update, DURABLE_ORIGIN);
        } catch (error) {
          // One unreadable row must not make the whole board unreadable.
          appliedAll = false;
          this.options.log.error({ err: error, boardId: this.boardId }, 'skipped a stored update that does not apply');
        }
      }
    }, DURABLE_ORIGIN);
    return appliedAll;
  }

  private receiveUpdate(peer: Peer, update: Uint8Array): void {
    // Viewers read only: their document updates are dropped, never applied, relayed or stored.
    if (!canEdit(peer.role)) return;
    if (this.storedBytes + this.pendingBytes + update.byteLength > this.options.maxDocumentBytes) {
      peer.close(CLOSE_CODES.limitExceeded, 'this board has reached its size limit');
      return;
    }
    if (this.refused.has(peer)) return;
    let decoded: DecodedUpdate;
    try {
      decoded = Y.decodeUpdate(update);
    } catch {
      peer.close(CLOSE_CODES.malformedMessage, 'update does not decode');
      return;
    }
    if (this.documentMemory(update.byteLength, decoded.structs.length) > this.options.maxDocumentBytes) {
      peer.close(CLOSE_CODES.limitExceeded, 'this board has reached its size limit');
      return;
    }
    // A connection's updates are judged in the order sent: behind one that waits, the rest wait too.
    if (this.held.has(peer) || missingFrom(decoded, (client) => this.guard.stateOf(client)) !== null) {
      this.hold(peer, update);
      return;
    }
    this.accept(peer, update, decoded);
  }

  /**
   * What the document would take in memory with `bytes` more stored and `items` more items. In a
   * Y.Doc every item is an object of 200–500 bytes, so an update of many tiny items (one
   * character, one map key each) takes 20–30 times its size: bytes alone do not bound memory.
   */
  private documentMemory(bytes: number, items: number): number {
    let held = items;
    for (const structs of this.doc.store.clients.values()) held += structs.length;
    return this.storedBytes + this.pendingBytes + bytes + held * ITEM_BYTES;
  }

  /** Judges an update that applies completely against the locks, then stores and relays it. */
  private accept(peer: Peer, update: Uint8Array, decoded: DecodedUpdate): void {
    if (this.refused.has(peer)) return;
    // Protocol locks, owner-only protocol state and the built-in pile, enforced here and not only in
    // the interface: a refused update is never stored, applied or relayed, and its sender is told.
    const verdict = this.guard.check(peer.role, update, decoded);
    if (!verdict.ok) {
      this.refused.add(peer);
      this.dropHeld(peer);
      this.options.log.info({ boardId: this.boardId, reason: verdict.reason }, 'refused an update');
      peer.close(verdict.malformed ? CLOSE_CODES.malformedMessage : CLOSE_CODES.editRefused, verdict.reason);
      return;
    }
    this.enqueue({ update, from: peer, applied: false }).catch(() => {
      peer.close(CLOSE_CODES.loadFailed, 'the server could not save this change; reconnecting');
    });
    // What this update brings may be what another connection's waiting update refers to.
    this.scheduleRetry();
  }

  /**
   * Keeps an update that refers to changes (structs, or clocks it deletes) this room does not
   * hold. It is never stored or relayed as it is — Yjs would keep its unresolved part pending and
   * apply it to whatever arrives later, such as the facilitator's next change — but is judged
   * again, locks included, once the room holds what it refers to.
   */
  private hold(peer: Peer, update: Uint8Array): void {
    let entry = this.held.get(peer);
    if (!entry) {
      entry = { updates: [], bytes: 0, timer: setTimeout(() => void this.expireHeld(peer), HOLD_MS) };
      entry.timer.unref();
      this.held.set(peer, entry);
    }
    if (entry.updates.length >= MAX_HELD_UPDATES || entry.bytes + update.byteLength > MAX_HELD_BYTES) {
      this.dropHeld(peer);
      this.refused.add(peer);
      peer.close(CLOSE_CODES.limitExceeded, 'too many changes waiting for edits this board does not have');
      return;
    }
    entry.updates.push(update);
    entry.bytes += update.byteLength;
  }

  private dropHeld(peer: Peer): void {
    const entry = this.held.get(peer);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.held.delete(peer);
  }

  private scheduleRetry(): void {
    if (this.held.size === 0 || this.retryScheduled) return;
    this.retryScheduled = true;
    setImmediate(() => {
      this.retryScheduled = false;
      this.retryHeld();
    });
  }

  /** Accepts, in order, every waiting update that now applies completely. */
  private retryHeld(): void {
    if (this.destroyed) return;
    for (const [peer, entry] of [...this.held]) {
      while (entry.updates.length > 0 && this.held.get(peer) === entry) {
        const update = entry.updates[0] as Uint8Array;
        const decoded = Y.decodeUpdate(update);
        if (missingFrom(decoded, (client) => this.guard.stateOf(client)) !== null) break;
        entry.updates.shift();
        entry.bytes -= update.byteLength;
        this.accept(peer, update, decoded);
      }
      if (entry.updates.length === 0) this.dropHeld(peer);
    }
  }

  /** A waiting update's time is up: read storage once more, then refuse what still does not apply. */
  private async expireHeld(peer: Peer): Promise<void> {
    const entry = this.held.get(peer);
    try {
      await this.catchUp();
    } catch (error) {
      this.options.log.warn({ err: error, boardId: this.boardId }, 'could not re-read the board for a waiting update');
    }
    this.retryHeld();
    if (!entry || this.held.get(peer) !== entry) return;
    this.dropHeld(peer);
    this.refused.add(peer);
    this.options.log.info({ boardId: this.boardId }, 'refused an update that refers to changes the board does not have');
    peer.close(CLOSE_CODES.malformedMessage, 'update refers to changes this board does not have');
  }

  /** A state we hold already, or an older one: the echo every stock client sends of what it receives. */
  private readonly isEcho = (clientId: number, clock: number): boolean => {
    const known = this.presence.clockOf(clientId);
    return known !== undefined && clock <= known;
  };

  /**
   * Presence is what a connection says about its own participant, nothing more: echoes of others'
   * states (same clock) are dropped — applied, an echo with a null state would remove somebody —
   * a newer clock for another connection's participant closes the sender, the role in a state is
   * the one its link grants, and one connection speaks for a few participant ids at most.
   */
  private receiveAwareness(peer: Peer, update: Uint8Array): void {
    const controlled = this.peers.get(peer);
    if (!controlled) return;
    let entries: PresenceEntry[];
    try {
      entries = awarenessEntries(update, this.isEcho);
    } catch {
      peer.close(CLOSE_CODES.malformedMessage, 'awareness update does not decode');
      return;
    }
    this.forgetDeparted();
    const accepted: PresenceEntry[] = [];
    let announced = this.announced.get(peer) ?? 0;
    for (const entry of entries) {
      const { clientId, clock } = entry;
      const known = this.presence.clockOf(clientId);
      if (known !== undefined && clock <= known) continue;
      if (!controlled.has(clientId)) {
        // Removing somebody else is not this connection's to do (the stock client announces the
        // departure of those it has not heard from in 30 s): dropped.
        if (entry.state === null) continue;
        const speaker = this.speakers.get(clientId);
        if (speaker !== undefined && speaker !== peer) {
          peer.close(CLOSE_CODES.malformedMessage, 'awareness for another participant');
          return;
        }
        // A participant nobody here speaks for: one of another server process (until its
        // departure reaches us). Not this connection's to change.
        if (this.presence.has(clientId)) continue;
        announced++;
        if (announced > MAX_IDS_PER_CONNECTION || controlled.size + 1 > MAX_PARTICIPANTS_PER_CONNECTION) {
          peer.close(CLOSE_CODES.limitExceeded, 'one connection speaks for one participant');
          return;
        }
      }
      if (entry.state === null) accepted.push(entry);
      else {
        const granted = withGrantedRole(entry.state, peer.role);
        if (granted === null) {
          peer.close(CLOSE_CODES.malformedMessage, 'presence state is not a JSON object');
          return;
        }
        accepted.push({ clientId, clock, state: granted });
        // Counted as it is taken, so the limit above sees this message's earlier claims.
        controlled.add(clientId);
      }
    }
    this.announced.set(peer, announced);
    if (accepted.length === 0) return;
    // Kept as the bytes received (copied out of the message), not as what was parsed (presenceStates.ts).
    this.presence.apply(accepted, peer);
    for (const { clientId } of accepted) {
      if (this.presence.has(clientId)) {
        controlled.add(clientId);
        this.speakers.set(clientId, peer);
      } else this.depart(peer, clientId);
    }
  }

  /** A participant left: forget who spoke for it, and its clock once stale echoes are over. */
  private depart(peer: Peer, clientId: number): void {
    this.peers.get(peer)?.delete(clientId);
    if (this.speakers.get(clientId) === peer) this.speakers.delete(clientId);
    this.departed.delete(clientId);
    this.departed.set(clientId, performance.now());
    this.forgetDeparted();
  }

  /** Frees the awareness records of participants who left long enough ago (oldest first). */
  private forgetDeparted(now = performance.now()): void {
    for (const [clientId, since] of this.departed) {
      if (now - since < DEPARTED_MS) break;
      this.departed.delete(clientId);
      this.presence.forget(clientId);
    }
  }

  private enqueue(write: Omit<PendingWrite, 'done'>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ ...write, done: { resolve, reject } });
      this.pendingBytes += write.update.byteLength;
      // Under load the writer waits for this turn's other messages, so that their updates share
      // one transaction: a commit costs more than its rows (at 8 classroom boards, one commit per
      // dragged card's move took a tenth of the server's CPU).
      if (!this.writing)
        this.writing = writerStart(this.loopLoad)
          .then(() => this.writeQueued())
          .finally(() => (this.writing = null));
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
        for (const write of batch) this.pendingBytes -= write.update.byteLength;
        // The shadow the lock guard judges by holds these unsaved updates: rebuild it without them.
        this.guard.reset();
        for (const write of batch) write.done.reject(error as Error);
        continue;
      }
      this.updatesSinceCompaction += batch.length;
      for (const write of batch) {
        this.storedBytes += write.update.byteLength;
        this.pendingBytes -= write.update.byteLength;
      }
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
      const merged = () => {
        this.forgetPending();
        const state = Y.encodeStateAsUpdate(this.doc);
        stateBytes = state.byteLength;
        return state;
      };
      // One process owns the storage and hears no other: every row of the log was read by this
      // room when it loaded the board or written by it since, and applied, so the document already
      // holds them all (a row that did not apply is left out either way).
      const { storage, fanout } = this.options;
      if (storage.replaceLog && !fanout.shared) await storage.replaceLog(this.boardId, merged());
      else {
        await storage.compact(this.boardId, (updates) => {
          this.applyDurable(updates);
          return merged();
        });
      }
      this.updatesSinceCompaction = 1;
      this.storedBytes = stateBytes;
    } catch (error) {
      this.options.log.error({ err: error, boardId: this.boardId }, 'compaction failed; the update log is kept');
    }
  }
}
