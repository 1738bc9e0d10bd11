// The room's outbox: one message per peer per tick, never a sender's own update back; presence at
// once while the loop is idle, per frame once it is busy or a peer's socket backs up; and no stale
// presence for a congested peer, which gets a full snapshot once it drains.
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { createCard, listCards } from '#shared/schema/card.js';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '#shared/syncWire.js';
import { CONGESTED_BYTES } from '../../server/sync/backpressure.js';
import type { LoopLoad } from '../../server/sync/loopLoad.js';
import { Outbox, PRESENCE_INTERVAL_MS } from '../../server/sync/outbox.js';
import { PresenceStates } from '../../server/sync/presenceStates.js';
import type { Peer } from '../../server/sync/room.js';

interface FakePeer extends Peer {
  /** Every message, in order. */
  sent: Uint8Array[];
  /** How many writes they came in (a list given to `sendAll` is one). */
  writes: number;
  backlog: number;
}

function fakePeer(): FakePeer {
  return {
    role: 'editor',
    token: 't',
    sent: [],
    writes: 0,
    backlog: 0,
    send(message) {
      this.sent.push(message);
      this.writes++;
    },
    sendAll(messages) {
      this.sent.push(...messages);
      this.writes++;
    },
    close() {},
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
/** Resolves after the presence flush scheduled before it (timers of one duration fire in order). */
const frame = () => new Promise((resolve) => setTimeout(resolve, PRESENCE_INTERVAL_MS));
const IDLE = { busy: false, frameMs: 0, utilisation: 0 };
/** Loaded, not busy: at the end of each turn rather than at once. */
const LOADED = { busy: false, frameMs: 0, utilisation: 0.4 };
const BUSY = { busy: true, frameMs: PRESENCE_INTERVAL_MS, utilisation: 0.8 };
/** A clock that stands still: however slow this machine, every burst is within one frame. */
const frozen = () => 0;

/** The x of the cursor of `clientId` in a presence message. */
function cursorX(message: Uint8Array | undefined, clientId: number): number {
  const decoder = decoding.createDecoder(message as Uint8Array);
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS);
  const observer = new awarenessProtocol.Awareness(new Y.Doc());
  awarenessProtocol.applyAwarenessUpdate(observer, decoding.readVarUint8Array(decoder), null);
  return (observer.getStates().get(clientId) as { cursor: { x: number } }).cursor.x;
}

/** Applies the sync messages a peer received to a fresh doc. */
function replay(messages: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const message of messages) {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) continue;
    decoding.readVarUint(decoder);
    Y.applyUpdate(doc, decoding.readVarUint8Array(decoder));
  }
  return doc;
}

function updatesOf(count: number, student: string): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) createCard(doc, { student: `${student} ${i}`, pages: [] });
  return updates;
}

/** A room's presence, as the room keeps it. */
const roomPresence = () => new PresenceStates(() => {});

let nextClientId = 1;

/** A participant whose `set(x)` puts their cursor at x in `presence`, as the room applies what a connection says. */
function participant(presence: PresenceStates, name: string) {
  const clientId = nextClientId++;
  let clock = 0;
  return {
    clientId,
    set(x: number) {
      const state = new TextEncoder().encode(JSON.stringify({ user: { name }, cursor: { x, y: 0 } }));
      presence.apply([{ clientId, clock: ++clock, state }], 'peer');
    },
  };
}

/** One peer's outbox under `load`, and a facilitator whose `move(x)` sets their cursor and queues the change. */
function cursorOutbox(load: LoopLoad, peer: FakePeer = fakePeer()) {
  const presence = roomPresence();
  const outbox = new Outbox(() => [peer], presence, frozen, load);
  const facilitator = participant(presence, 'Facilitator');
  const move = (x: number) => {
    facilitator.set(x);
    outbox.presence([facilitator.clientId]);
  };
  return { clientId: facilitator.clientId, peer, outbox, move };
}

describe('outbox', () => {
  it('updates queued in one tick reach each peer in one write, never back to their sender', async () => {
    const a = fakePeer();
    const b = fakePeer();
    const c = fakePeer();
    const outbox = new Outbox(() => [a, b, c], roomPresence());
    for (const update of updatesOf(5, 'From A')) outbox.update(update, a);
    for (const update of updatesOf(3, 'From B')) outbox.update(update, b);
    await tick();
    expect([a.writes, b.writes, c.writes]).toEqual([1, 1, 1]);
    // Each update as it came, not merged: a sender's list is the others' updates, in order.
    expect([a.sent.length, b.sent.length, c.sent.length]).toEqual([3, 5, 8]);
    expect(listCards(replay(c.sent))).toHaveLength(8);
    expect(listCards(replay(a.sent)).map((card) => card.student.split(' ')[1])).toEqual(['B', 'B', 'B']);
    expect(listCards(replay(b.sent)).every((card) => card.student.startsWith('From A'))).toBe(true);
  });

  it('a congested peer gets no presence, then one full snapshot when it drains', async () => {
    const presence = roomPresence();
    const facilitator = participant(presence, 'Facilitator');
    const fast = fakePeer();
    const slow = fakePeer();
    const outbox = new Outbox(() => [fast, slow], presence, undefined, BUSY);
    slow.backlog = CONGESTED_BYTES + 1;
    for (let x = 0; x < 10; x++) {
      facilitator.set(x);
      outbox.presence([facilitator.clientId]);
      await frame();
    }
    expect(fast.sent).toHaveLength(10);
    expect(slow.sent).toHaveLength(0);
    slow.backlog = 0;
    outbox.presence([]);
    await frame();
    expect(slow.sent).toHaveLength(1);
    const decoder = decoding.createDecoder(slow.sent[0] as Uint8Array);
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS);
    const observer = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(observer, decoding.readVarUint8Array(decoder), null);
    expect(observer.getStates().get(facilitator.clientId)).toMatchObject({ cursor: { x: 9, y: 0 } });
  });

  it('while the loop is busy, presence goes out at once after a quiet frame, then at most once per frame with the latest states', async () => {
    const { clientId, peer, outbox, move } = cursorOutbox(BUSY);
    // A burst after a quiet spell: one message, this tick, with the last position.
    for (let x = 0; x < 5; x++) move(x);
    await tick();
    expect(peer.sent).toHaveLength(1);
    expect(cursorX(peer.sent[0], clientId)).toBe(4);
    // More within the same frame wait for its end, and go out as one message.
    for (let x = 5; x < 10; x++) move(x);
    for (const update of updatesOf(1, 'Dragged')) outbox.update(update, null);
    await tick();
    // Document updates wait for the frame too, and go out with its presence.
    expect(peer.sent).toHaveLength(1);
    await frame();
    expect(peer.sent).toHaveLength(3);
    expect(cursorX(peer.sent[1], clientId)).toBe(9);
    expect(listCards(replay(peer.sent))).toHaveLength(1);
  });

  it('while busy, the frame is as long as the load says: changes within it wait for its end', async () => {
    const { clientId, peer, move } = cursorOutbox({ ...BUSY, frameMs: 60 });
    move(1);
    await tick();
    expect(peer.sent).toHaveLength(1);
    move(2);
    await frame();
    // A 16 ms frame would have ended: this one has not.
    expect(peer.sent).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(peer.sent).toHaveLength(2);
    expect(cursorX(peer.sent[1], clientId)).toBe(2);
  });

  it("a flush writes each peer's presence and updates in one go, the same list for every peer that gets the same", async () => {
    const pairs: (readonly Uint8Array[])[] = [];
    const pairing = (): FakePeer => ({
      ...fakePeer(),
      sendAll(messages, echoOwed) {
        expect(echoOwed).toBe(true);
        pairs.push(messages);
        this.sent.push(...messages);
      },
    });
    const [a, b, dragger] = [pairing(), pairing(), pairing()];
    const presence = roomPresence();
    const facilitator = participant(presence, 'Facilitator');
    const outbox = new Outbox(() => [a, b, dragger], presence, frozen, IDLE);
    facilitator.set(1);
    outbox.presence([facilitator.clientId]);
    const [first, second] = updatesOf(2, 'Dragged');
    outbox.update(first as Uint8Array, null);
    outbox.update(second as Uint8Array, dragger);
    await tick();
    // a and b get one list, the very same array (framed once); the dragger its own, without its update.
    expect(pairs).toHaveLength(3);
    expect(pairs[0]).toBe(pairs[1]);
    expect(pairs[0]).toHaveLength(3);
    expect(pairs[2]).not.toBe(pairs[0]);
    expect(pairs[2]).toHaveLength(2);
    for (const peer of [a, b, dragger]) expect(cursorX(peer.sent[0], facilitator.clientId)).toBe(1);
    expect(listCards(replay(a.sent))).toHaveLength(2);
    expect(listCards(replay(dragger.sent))).toHaveLength(1);
    // A flush of one message per peer is one send.
    facilitator.set(2);
    outbox.presence([facilitator.clientId]);
    await tick();
    expect(pairs).toHaveLength(3);
    expect(cursorX(a.sent[3], facilitator.clientId)).toBe(2);
  });

  it("a participant's own state is not sent back to the connection that speaks for it, unless others' come with it", async () => {
    const room = roomPresence();
    const [mover, watcher] = [fakePeer(), fakePeer()];
    const participants = [1, 2].map((n) => {
      const own = participant(room, `P${n}`);
      return { id: own.clientId, move: own.set };
    });
    const [moving, watching] = participants as [(typeof participants)[0], (typeof participants)[0]];
    const speakers = new Map([
      [moving.id, mover],
      [watching.id, watcher],
    ]);
    const outbox = new Outbox(
      () => [mover, watcher],
      room,
      frozen,
      IDLE,
      (clientId) => speakers.get(clientId),
    );
    moving.move(1);
    outbox.presence([moving.id]);
    await tick();
    expect(mover.sent).toHaveLength(0);
    expect(cursorX(watcher.sent[0], moving.id)).toBe(1);
    // Both moved within one flush: each gets the message, which holds the other's state.
    moving.move(2);
    watching.move(5);
    outbox.presence([moving.id, watching.id]);
    await tick();
    expect(cursorX(mover.sent[0], watching.id)).toBe(5);
    expect(cursorX(watcher.sent[1], moving.id)).toBe(2);
  });

  it('while the loop is idle, each burst of presence goes out at the end of its tick, without waiting for a frame', async () => {
    const { clientId, peer, move } = cursorOutbox(IDLE);
    for (let burst = 0; burst < 4; burst++) {
      for (let x = burst * 10; x < burst * 10 + 3; x++) move(x);
      await tick();
      // One message per burst, with its last position, though the clock says it is the same frame.
      expect(peer.sent).toHaveLength(burst + 1);
      expect(cursorX(peer.sent[burst], clientId)).toBe(burst * 10 + 2);
    }
  });

  it('while the loop is idle, a change goes out as soon as the message that made it is handled, before the rest of the turn', async () => {
    const { peer, outbox, move } = cursorOutbox(IDLE);
    move(1);
    for (const update of updatesOf(1, 'Dragged')) outbox.update(update, null);
    // Not while the message is being handled (it may change more)…
    expect(peer.sent).toHaveLength(0);
    // …but once it is, without waiting for other sockets' messages (their I/O callbacks).
    await Promise.resolve();
    expect(peer.sent).toHaveLength(2);
  });

  it('while the loop is loaded but not busy, what the messages of one turn changed goes out together at its end', async () => {
    const { clientId, peer, move } = cursorOutbox(LOADED);
    move(1);
    // Another socket's message of the same turn, handled after this one's microtasks.
    await Promise.resolve();
    expect(peer.sent).toHaveLength(0);
    move(2);
    await tick();
    expect(peer.sent).toHaveLength(1);
    expect(cursorX(peer.sent[0], clientId)).toBe(2);
  });

  it('a peer whose socket backs up gets presence merged once a frame, when its socket is free; the others at once', async () => {
    const presence = roomPresence();
    const one = participant(presence, 'A');
    const other = participant(presence, 'B');
    const free = fakePeer();
    const backedUp = fakePeer();
    const outbox = new Outbox(() => [free, backedUp], presence, frozen, IDLE);
    backedUp.backlog = 10_000;
    const move = (who: ReturnType<typeof participant>, x: number) => {
      who.set(x);
      outbox.presence([who.clientId]);
    };
    move(one, 1);
    await tick();
    move(other, 2);
    await tick();
    move(one, 3);
    await tick();
    expect(free.sent).toHaveLength(3);
    expect(backedUp.sent).toHaveLength(0);
    // Still backed up a frame later: still waiting.
    await frame();
    expect(backedUp.sent).toHaveLength(0);
    backedUp.backlog = 0;
    await frame();
    // One message with both participants' latest states.
    expect(backedUp.sent).toHaveLength(1);
    expect(cursorX(backedUp.sent[0], one.clientId)).toBe(3);
    expect(cursorX(backedUp.sent[0], other.clientId)).toBe(2);
    outbox.destroy();
  });
});
