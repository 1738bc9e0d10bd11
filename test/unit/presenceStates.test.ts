// The room keeps presence as the bytes it received and applies y-protocols' rules to them: states,
// clocks, events and bytes on the wire must be exactly what y-protocols' own Awareness gives.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS } from '#shared/syncWire.js';
import { awarenessEntries } from '../../server/sync/messages.js';
import { OUTDATED_MS, type PresenceChange, type PresenceEntry, PresenceStates } from '../../server/sync/presenceStates.js';

type Events = (PresenceChange & { origin: unknown })[];

function theirs(): { awareness: awarenessProtocol.Awareness; events: Events } {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null);
  const events: Events = [];
  awareness.on('update', (change: PresenceChange, origin: unknown) => events.push({ ...change, origin }));
  return { awareness, events };
}

function ours(now: () => number = Date.now): { presence: PresenceStates; events: Events } {
  const events: Events = [];
  const presence = new PresenceStates((change, origin) => events.push({ ...change, origin }), now);
  return { presence, events };
}

/** The same entries as y-protocols receives them: one encoded update. */
function encoded(entries: readonly PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarUint8Array(encoder, state ?? new TextEncoder().encode('null'));
  }
  return encoding.toUint8Array(encoder);
}

const entry = (clientId: number, clock: number, state: Record<string, unknown> | null): PresenceEntry => ({
  clientId,
  clock,
  state: state === null ? null : new TextEncoder().encode(JSON.stringify(state)),
});

/** Both sides hold the same states and clocks, and encode them to the same bytes. */
function expectSame(mine: PresenceStates, awareness: awarenessProtocol.Awareness, clients: number[]): void {
  expect([...mine.states()]).toEqual([...awareness.getStates()]);
  for (const id of clients) expect(mine.clockOf(id)).toBe(awareness.meta.get(id)?.clock);
  expect(mine.encode(clients)).toEqual(awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
}

describe('presence states', () => {
  it('apply as y-protocols does: additions, updates with and without a change, stale clocks, departures', () => {
    const steps: PresenceEntry[][] = [
      [entry(1, 1, { user: { name: 'A' }, cursor: { x: 1 } }), entry(2, 1, { user: { name: 'B' } })],
      [entry(1, 2, { user: { name: 'A' }, cursor: { x: 1 } })],
      // A longer state, then a shorter one: the buffer kept for a participant grows and is reused.
      [
        entry(1, 3, { user: { name: 'A' }, cursor: { x: 123456789 }, drag: { card: 'c1', x: 10, y: 20 } }),
        entry(2, 1, { user: { name: 'stale' } }),
      ],
      [entry(1, 4, { user: { name: 'A' }, cursor: { x: 2 } })],
      [entry(2, 2, null)],
      [entry(1, 4, null)],
      [entry(2, 3, { user: { name: 'B is back' } })],
      [entry(3, 5, { user: { name: 'C' } }), entry(3, 6, { user: { name: 'C again' } })],
      [entry(4, 1, null)],
    ];
    const mine = ours();
    const reference = theirs();
    for (const step of steps) {
      mine.presence.apply(step, 'peer');
      awarenessProtocol.applyAwarenessUpdate(reference.awareness, encoded(step), 'peer');
      expectSame(
        mine.presence,
        reference.awareness,
        [...new Set(steps.flat().map((e) => e.clientId))].filter((id) => mine.presence.knows(id)),
      );
    }
    expect(mine.events).toEqual(reference.events);
    expect(mine.events.length).toBeGreaterThan(6);
    expect(mine.presence.size).toBe(reference.awareness.getStates().size);
    mine.presence.destroy();
  });

  it('removes states at their clocks as removeAwarenessStates does, and forgets only those without a state', () => {
    const mine = ours();
    const reference = theirs();
    const step = [entry(1, 3, { user: { name: 'A' } }), entry(2, 1, { user: { name: 'B' } })];
    mine.presence.apply(step, 'peer');
    awarenessProtocol.applyAwarenessUpdate(reference.awareness, encoded(step), 'peer');
    mine.presence.remove([1, 7], 'left');
    awarenessProtocol.removeAwarenessStates(reference.awareness, [1, 7], 'left');
    expectSame(mine.presence, reference.awareness, [1, 2]);
    expect(mine.events).toEqual(reference.events);
    mine.presence.forget(1);
    mine.presence.forget(2);
    expect([mine.presence.knows(1), mine.presence.knows(2), mine.presence.recordCount]).toEqual([false, true, 1]);
    mine.presence.destroy();
  });

  it('drops a state not renewed for 30 s, as the stock server does, and keeps one that was', () => {
    let now = 1_000_000;
    const mine = ours(() => now);
    mine.presence.apply([entry(1, 1, { user: { name: 'Quiet' } }), entry(2, 1, { user: { name: 'Renewing' } })], 'peer');
    now += OUTDATED_MS / 2;
    mine.presence.apply([entry(2, 2, { user: { name: 'Renewing' } })], 'peer');
    now += OUTDATED_MS / 2;
    mine.presence.removeOutdated();
    expect(mine.presence.ids()).toEqual([2]);
    expect(mine.events.at(-1)).toEqual({ added: [], updated: [], removed: [1], origin: 'timeout' });
    mine.presence.destroy();
  });

  it('relays the bytes a state arrived with, not a new stringification, as a message in one piece', () => {
    const { presence } = ours();
    // Same state, spelled with a space: what was received is what goes out.
    const spelled = new TextEncoder().encode('{"a": 1}');
    presence.apply([{ clientId: 300, clock: 200, state: spelled }], null);
    const message = presence.encodeMessage(MESSAGE_AWARENESS, [300]);
    const decoder = decoding.createDecoder(message);
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS);
    const update = decoding.readVarUint8Array(decoder);
    expect(decoder.pos).toBe(message.length);
    expect(update).toEqual(presence.encode([300]));
    const [read] = awarenessEntries(update);
    expect(read?.clientId).toBe(300);
    expect(read?.clock).toBe(200);
    expect(new TextDecoder().decode(read?.state ?? undefined)).toBe('{"a": 1}');
    presence.destroy();
  });

  it('reads entries without copying, skips what is known, and tells a departure by its null state', () => {
    const update = encoded([entry(1, 2, { cursor: { x: 1 } }), entry(2, 9, null), entry(3, 4, { cursor: { x: 3 } })]);
    const entries = awarenessEntries(update, (clientId) => clientId === 3);
    expect(entries.map(({ clientId, clock, state }) => [clientId, clock, state && new TextDecoder().decode(state)])).toEqual([
      [1, 2, '{"cursor":{"x":1}}'],
      [2, 9, null],
    ]);
    expect(entries[0]?.state?.buffer).toBe(update.buffer);
    // A state longer than what is left of the update is refused, known or not.
    expect(() => awarenessEntries(update.subarray(0, update.length - 1), () => true)).toThrow(/runs past/);
  });
});
