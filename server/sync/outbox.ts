// What a room sends, gathered and encoded once for all peers: document updates (each encoded once
// and sent as it came, not merged: a merge per flush, and one more per sender leaving out its own,
// cost more than the few messages a flush holds) and presence (cursors, drag
// previews), both as soon as they can: while the process has time to spare, as soon as the
// message that made them is handled (more loaded, at the end of that turn of the event loop);
// once the loop is busy, at most once per frame (loopLoad.ts: 4 ms at first, longer while the
// loop stays busy, up to 32; the first change after a quiet frame at once, the ones after it
// within the frame together at its end) — a board of 15 cursors at 20 Hz then sends each peer at
// most one presence message a frame, not 300 a second, and the stock client echoes each one back.
// Each flush writes a peer's presence and updates in one go: one system call, not several. A peer whose
// socket has a backlog gets its presence at most once per 16 ms, merged, once its socket is free;
// past CONGESTED_BYTES it gets none (stale cursors are worthless) until it drains, then one full
// presence snapshot. Document updates are never dropped.

import { CONGESTED_BYTES } from './backpressure.js';
import { type LoopLoad, processLoopLoad, sendsAtOnce } from './loopLoad.js';
import { encodeAwareness, encodeUpdate } from './messages.js';
import type { PresenceStates } from './presenceStates.js';
import type { Peer } from './room.js';

/** A peer whose socket has a backlog gets presence at most this often: about one display frame. */
export const PRESENCE_INTERVAL_MS = 16;

/** Presence for each peer of a flush (by its place in the flush's list), the message most of them get, and whether the stock client will echo it (room.ts `Peer.send`). */
interface PresencePerPeer {
  each: (Uint8Array | undefined)[];
  common: Uint8Array | null;
  echoOwed: boolean[];
}

/** The document updates each peer of a flush gets, and the list most of them get. */
interface UpdatesPerPeer {
  each: (readonly Uint8Array[] | undefined)[];
  common: readonly Uint8Array[] | null;
}

/**
 * True when every participant in a message is one this peer speaks for: its own state, back, which
 * the stock client holds at that clock already and ignores. Such a message is not sent.
 */
function onlyItsOwn(speakers: ReadonlySet<Peer | undefined>, peer: Peer): boolean {
  return speakers.size === 1 && speakers.has(peer);
}

export class Outbox {
  private updates: { update: Uint8Array; from: Peer | null }[] = [];
  private changedClients = new Set<number>();
  /** Cancels the pending flush, if one is pending. */
  private cancelFlush: (() => void) | null = null;
  private lastFlush = Number.NEGATIVE_INFINITY;
  /** Peers that skipped presence while congested and need a full snapshot once drained. */
  private readonly stalePresence = new Set<Peer>();
  /** Peers whose socket had a backlog, and the participants whose presence they still lack. */
  private readonly behind = new Map<Peer, Set<number>>();
  private behindTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly peers: () => Iterable<Peer>,
    private readonly states: PresenceStates,
    private readonly now: () => number = () => performance.now(),
    private readonly load: LoopLoad = processLoopLoad(),
    /** The peer that speaks for a participant: it is not owed an echo of its own change. */
    private readonly speakerOf: (clientId: number) => Peer | undefined = () => undefined,
  ) {}

  /** Queues a document update for every peer but `from` (who has it already). */
  update(update: Uint8Array, from: Peer | null): void {
    this.updates.push({ update, from });
    this.schedule();
  }

  presence(clients: number[]): void {
    for (const client of clients) this.changedClients.add(client);
    this.schedule();
  }

  forget(peer: Peer): void {
    this.stalePresence.delete(peer);
    this.behind.delete(peer);
  }

  /** Stops the timers (the room is gone). */
  destroy(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    if (this.behindTimer) clearTimeout(this.behindTimer);
    this.behindTimer = null;
    this.behind.clear();
  }

  /** Sends everything queued now (also used before closing). */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    this.lastFlush = this.now();
    const peers = [...this.peers()];
    // Presence first: it reads each socket's backlog, which what this flush writes would raise.
    const presence = this.presenceFor(peers);
    const updates = this.updatesFor(peers);
    // Most peers get the same messages: one list, framed together once (plugin.ts) and written to
    // each of them in one system call.
    let shared: readonly Uint8Array[] | null = null;
    for (let i = 0; i < peers.length; i++) {
      const peer = peers[i] as Peer;
      const said = presence.each[i];
      const echoOwed = presence.echoOwed[i] === true;
      const changes = updates.each[i];
      if (!changes) {
        if (said) peer.send(said, echoOwed);
        continue;
      }
      let messages = changes;
      if (said) {
        const common = said === presence.common && changes === updates.common;
        if (common) shared ??= [said, ...changes];
        messages = common && shared ? shared : [said, ...changes];
      }
      if (peer.sendAll) peer.sendAll(messages, echoOwed);
      else for (const message of messages) peer.send(message, echoOwed && message === said);
    }
  }

  /**
   * Lightly loaded: what a message changed goes out as soon as that message is handled (a
   * microtask: once the socket's data callback returns), not after every other socket's messages
   * of this turn — the stock client's echoes of the last flush, dozens at a time, would hold it
   * back. More loaded, not busy: at the end of the turn (setImmediate: after its I/O callbacks, so
   * all messages that arrived together). Busy: leading edge — a change after a quiet frame (of the
   * load's current length) goes out with this turn; changes that follow within the frame wait for
   * its end and go out together.
   */
  private schedule(): void {
    if (this.cancelFlush) return;
    const send = () => {
      this.cancelFlush = null;
      this.flush();
    };
    if (sendsAtOnce(this.load)) {
      let cancelled = false;
      queueMicrotask(() => {
        if (!cancelled) send();
      });
      this.cancelFlush = () => {
        cancelled = true;
      };
      return;
    }
    const wait = this.load.busy ? this.lastFlush + this.load.frameMs - this.now() : 0;
    if (wait > 0) {
      const timer = setTimeout(send, wait);
      this.cancelFlush = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(send);
      this.cancelFlush = () => clearImmediate(immediate);
    }
  }

  /** Each peer's document updates, if it has any: everything queued, or for a sender all but its own. */
  private updatesFor(peers: readonly Peer[]): UpdatesPerPeer {
    const out: UpdatesPerPeer = { each: [], common: null };
    if (this.updates.length === 0) return out;
    const queued = this.updates;
    this.updates = [];
    const everything = queued.map((entry) => encodeUpdate(entry.update));
    out.common = everything;
    // Peers that sent nothing this tick get everything; a sender gets everything but its own.
    const forSender = new Map<Peer, Uint8Array[] | undefined>();
    for (const { from } of queued) {
      if (from === null || forSender.has(from)) continue;
      const others = everything.filter((_, i) => (queued[i] as { from: Peer | null }).from !== from);
      forSender.set(from, others.length > 0 ? others : undefined);
    }
    for (let i = 0; i < peers.length; i++) {
      const peer = peers[i] as Peer;
      out.each[i] = forSender.has(peer) ? forSender.get(peer) : everything;
    }
    return out;
  }

  /** Each peer's presence message, if it gets one now; backed-up and congested peers are noted for later. */
  private presenceFor(peers: readonly Peer[]): PresencePerPeer {
    const out: PresencePerPeer = { each: [], common: null, echoOwed: [] };
    const changed = [...this.changedClients];
    this.changedClients.clear();
    let delta: Uint8Array | null = null;
    let snapshot: Uint8Array | null = null;
    const speakers = this.speakersOf(changed);
    for (let i = 0; i < peers.length; i++) {
      const peer = peers[i] as Peer;
      const backlog = peer.backlog;
      if (backlog > CONGESTED_BYTES) {
        if (changed.length > 0) this.stalePresence.add(peer);
        this.behind.delete(peer);
        continue;
      }
      if (this.stalePresence.delete(peer)) {
        this.behind.delete(peer);
        snapshot ??= encodeAwareness(this.states, this.states.ids());
        out.each[i] = snapshot;
        out.echoOwed[i] = true;
        continue;
      }
      if (changed.length === 0) continue;
      const waiting = this.behind.get(peer);
      if (waiting || backlog > 0) {
        // Its socket is backed up: this peer's presence waits for a frame, merged.
        if (waiting) for (const client of changed) waiting.add(client);
        else this.behind.set(peer, new Set(changed));
        continue;
      }
      if (onlyItsOwn(speakers, peer)) continue;
      delta ??= encodeAwareness(this.states, changed);
      out.common = delta;
      out.each[i] = delta;
      out.echoOwed[i] = !speakers.has(peer);
    }
    this.scheduleBehind();
    return out;
  }

  private speakersOf(clients: readonly number[]): Set<Peer | undefined> {
    return new Set(clients.map(this.speakerOf));
  }

  private scheduleBehind(): void {
    if (this.behind.size === 0 || this.behindTimer) return;
    this.behindTimer = setTimeout(() => {
      this.behindTimer = null;
      this.flushBehind();
    }, PRESENCE_INTERVAL_MS);
  }

  /** Once a frame, peers that were backed up get what they lack, one message each, if their socket is free. */
  private flushBehind(): void {
    const connected = new Set(this.peers());
    for (const [peer, clients] of this.behind) {
      const backlog = peer.backlog;
      if (!connected.has(peer)) this.behind.delete(peer);
      else if (backlog > CONGESTED_BYTES) {
        this.behind.delete(peer);
        this.stalePresence.add(peer);
      } else if (backlog === 0) {
        this.behind.delete(peer);
        // A participant who left long ago has no record left to encode (room.ts forgets it).
        const known = [...clients].filter((client) => this.states.knows(client));
        const speakers = this.speakersOf(known);
        if (known.length > 0 && !onlyItsOwn(speakers, peer)) peer.send(encodeAwareness(this.states, known), !speakers.has(peer));
      }
    }
    this.scheduleBehind();
  }
}
