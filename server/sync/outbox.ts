// What a room sends, gathered and encoded once for all peers: document updates per tick (every
// update made while the server handles one burst of messages goes out as one message per peer),
// presence (cursors, drag previews) at most once per frame (16 ms): the first change after a quiet
// frame goes out at once, the ones after it within the frame together at its end — a board of 15
// cursors at 20 Hz sends each peer at most 60 presence messages a second, not 300, and the stock
// client echoes each one back. A peer whose socket is backed up gets no presence (stale cursors are worthless) until it
// drains, then one full presence snapshot; document updates are never dropped.

import type * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { encodeAwareness, encodeUpdate } from './messages.js';
import type { Peer } from './room.js';

/** Presence goes out at most this often per room: about one display frame. */
export const PRESENCE_INTERVAL_MS = 16;

export class Outbox {
  private updates: { update: Uint8Array; from: Peer | null }[] = [];
  private changedClients = new Set<number>();
  private scheduled = false;
  /** Cancels the pending presence flush, if one is pending. */
  private cancelPresence: (() => void) | null = null;
  private lastPresenceFlush = Number.NEGATIVE_INFINITY;
  /** Peers that skipped presence while congested and need a full snapshot once drained. */
  private readonly stalePresence = new Set<Peer>();

  constructor(
    private readonly peers: () => Iterable<Peer>,
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Queues a document update for every peer but `from` (who has it already). */
  update(update: Uint8Array, from: Peer | null): void {
    this.updates.push({ update, from });
    this.schedule();
  }

  presence(clients: number[]): void {
    for (const client of clients) this.changedClients.add(client);
    if (this.cancelPresence) return;
    // Leading edge: a change after a quiet frame goes out with this tick; changes that follow
    // within the frame wait for its end and go out together.
    const wait = this.lastPresenceFlush + PRESENCE_INTERVAL_MS - this.now();
    const send = () => {
      this.cancelPresence = null;
      this.flushPresence();
    };
    if (wait > 0) {
      const timer = setTimeout(send, wait);
      this.cancelPresence = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(send);
      this.cancelPresence = () => clearImmediate(immediate);
    }
  }

  forget(peer: Peer): void {
    this.stalePresence.delete(peer);
  }

  /** Sends everything queued now (also used before closing). */
  flush(): void {
    this.scheduled = false;
    this.cancelPresence?.();
    this.cancelPresence = null;
    this.flushUpdates();
    this.flushPresence();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after the I/O callbacks of this turn: all messages that arrived together.
    setImmediate(() => {
      this.scheduled = false;
      this.flushUpdates();
    });
  }

  private flushUpdates(): void {
    if (this.updates.length === 0) return;
    const queued = this.updates;
    this.updates = [];
    const origins = new Set(queued.map((entry) => entry.from).filter((from): from is Peer => from !== null));
    const everything = encodeUpdate(
      queued.length === 1 ? (queued[0] as { update: Uint8Array }).update : Y.mergeUpdates(queued.map((e) => e.update)),
    );
    // Peers that sent nothing this tick get everything; a sender gets everything but its own.
    const forSender = new Map<Peer, Uint8Array>();
    for (const origin of origins) {
      const others = queued.filter((entry) => entry.from !== origin).map((entry) => entry.update);
      if (others.length > 0) forSender.set(origin, encodeUpdate(others.length === 1 ? (others[0] as Uint8Array) : Y.mergeUpdates(others)));
    }
    for (const peer of this.peers()) {
      if (!origins.has(peer)) peer.send(everything);
      else {
        const message = forSender.get(peer);
        if (message) peer.send(message);
      }
    }
  }

  private flushPresence(): void {
    this.lastPresenceFlush = this.now();
    const changed = [...this.changedClients];
    this.changedClients.clear();
    let delta: Uint8Array | null = null;
    let snapshot: Uint8Array | null = null;
    for (const peer of this.peers()) {
      if (peer.congested) {
        if (changed.length > 0) this.stalePresence.add(peer);
        continue;
      }
      if (this.stalePresence.delete(peer)) {
        snapshot ??= encodeAwareness(this.awareness, [...this.awareness.getStates().keys()]);
        peer.send(snapshot);
      } else if (changed.length > 0) {
        delta ??= encodeAwareness(this.awareness, changed);
        peer.send(delta);
      }
    }
  }
}
