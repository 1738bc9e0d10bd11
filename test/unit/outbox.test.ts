// The room's outbox: one message per peer per tick, never a sender's own update back, and no
// stale presence for a congested peer, which gets a full snapshot once it drains.
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { Outbox, PRESENCE_INTERVAL_MS } from '../../server/sync/outbox.js';
import type { Peer } from '../../server/sync/room.js';
import { MESSAGE_AWARENESS, MESSAGE_SYNC } from '../../shared/protocol.js';
import { createCard, listCards } from '../../shared/schema/card.js';

interface FakePeer extends Peer {
  sent: Uint8Array[];
  congested: boolean;
}

function fakePeer(): FakePeer {
  return {
    role: 'editor',
    token: 't',
    sent: [],
    congested: false,
    send(message) {
      this.sent.push(message);
    },
    close() {},
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
/** Resolves after the presence flush scheduled before it (timers of one duration fire in order). */
const frame = () => new Promise((resolve) => setTimeout(resolve, PRESENCE_INTERVAL_MS));

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

describe('outbox', () => {
  it('updates queued in one tick reach each peer as one message, never back to their sender', async () => {
    const a = fakePeer();
    const b = fakePeer();
    const c = fakePeer();
    const outbox = new Outbox(() => [a, b, c], new awarenessProtocol.Awareness(new Y.Doc()));
    for (const update of updatesOf(5, 'From A')) outbox.update(update, a);
    for (const update of updatesOf(3, 'From B')) outbox.update(update, b);
    await tick();
    expect([a.sent.length, b.sent.length, c.sent.length]).toEqual([1, 1, 1]);
    expect(listCards(replay(c.sent))).toHaveLength(8);
    expect(listCards(replay(a.sent)).map((card) => card.student.split(' ')[1])).toEqual(['B', 'B', 'B']);
    expect(listCards(replay(b.sent)).every((card) => card.student.startsWith('From A'))).toBe(true);
  });

  it('a congested peer gets no presence, then one full snapshot when it drains', async () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    const fast = fakePeer();
    const slow = fakePeer();
    const outbox = new Outbox(() => [fast, slow], awareness);
    slow.congested = true;
    for (let x = 0; x < 10; x++) {
      awareness.setLocalState({ user: { name: 'Facilitator' }, cursor: { x, y: 0 } });
      outbox.presence([doc.clientID]);
      await frame();
    }
    expect(fast.sent).toHaveLength(10);
    expect(slow.sent).toHaveLength(0);
    slow.congested = false;
    outbox.presence([]);
    await frame();
    expect(slow.sent).toHaveLength(1);
    const decoder = decoding.createDecoder(slow.sent[0] as Uint8Array);
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS);
    const observer = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(observer, decoding.readVarUint8Array(decoder), null);
    expect(observer.getStates().get(doc.clientID)).toMatchObject({ cursor: { x: 9, y: 0 } });
  });

  it('presence goes out at once after a quiet frame, then at most once per frame with the latest states', async () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    const peer = fakePeer();
    // A clock that stands still: however slow this machine, the second burst is within the frame.
    const outbox = new Outbox(
      () => [peer],
      awareness,
      () => 0,
    );
    const cursorX = (message: Uint8Array | undefined) => {
      const decoder = decoding.createDecoder(message as Uint8Array);
      expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS);
      const observer = new awarenessProtocol.Awareness(new Y.Doc());
      awarenessProtocol.applyAwarenessUpdate(observer, decoding.readVarUint8Array(decoder), null);
      return (observer.getStates().get(doc.clientID) as { cursor: { x: number } }).cursor.x;
    };
    const move = (x: number) => {
      awareness.setLocalState({ user: { name: 'Facilitator' }, cursor: { x, y: 0 } });
      outbox.presence([doc.clientID]);
    };
    // A burst after a quiet spell: one message, this tick, with the last position.
    for (let x = 0; x < 5; x++) move(x);
    await tick();
    expect(peer.sent).toHaveLength(1);
    expect(cursorX(peer.sent[0])).toBe(4);
    // More within the same frame wait for its end, and go out as one message.
    for (let x = 5; x < 10; x++) move(x);
    for (const update of updatesOf(1, 'Dragged')) outbox.update(update, null);
    await tick();
    // Document updates do not wait for the frame.
    expect(peer.sent).toHaveLength(2);
    expect(listCards(replay(peer.sent))).toHaveLength(1);
    await frame();
    expect(peer.sent).toHaveLength(3);
    expect(cursorX(peer.sent[2])).toBe(9);
  });
});
