// The room applies presence as parsed and encodes it from the JSON it received: states, clocks,
// events and bytes on the wire must be exactly what y-protocols' own apply and encode give.
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { applyPresence, encodePresence, type PresenceEntry } from '../../server/sync/presenceStates.js';

type Events = { name: string; added: number[]; updated: number[]; removed: number[]; origin: unknown }[];

function observed(): { awareness: awarenessProtocol.Awareness; events: Events } {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null);
  const events: Events = [];
  for (const name of ['change', 'update'] as const) {
    awareness.on(name, (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) =>
      events.push({ name, ...changes, origin }),
    );
  }
  return { awareness, events };
}

/** The same entries as y-protocols receives them: one encoded update. */
function encoded(entries: readonly PresenceEntry[]): Uint8Array {
  const bytes: number[] = [entries.length];
  const encoder = new TextEncoder();
  for (const { clientId, clock, json } of entries) {
    // Small ids, clocks and states only: each fits in one varint byte.
    const text = encoder.encode(json);
    bytes.push(clientId, clock, text.length, ...text);
  }
  return Uint8Array.from(bytes);
}

const entry = (clientId: number, clock: number, state: Record<string, unknown> | null): PresenceEntry => ({
  clientId,
  clock,
  state,
  json: JSON.stringify(state),
});

describe('presence states', () => {
  it('apply as y-protocols does: additions, updates with and without a change, stale clocks, departures', () => {
    const steps: PresenceEntry[][] = [
      [entry(1, 1, { user: { name: 'A' }, cursor: { x: 1 } }), entry(2, 1, { user: { name: 'B' } })],
      [entry(1, 2, { user: { name: 'A' }, cursor: { x: 1 } })],
      [entry(1, 3, { user: { name: 'A' }, cursor: { x: 2 } }), entry(2, 1, { user: { name: 'stale' } })],
      [entry(2, 2, null)],
      [entry(1, 3, null)],
      [entry(3, 5, { user: { name: 'C' } }), entry(3, 6, { user: { name: 'C again' } })],
    ];
    const ours = observed();
    const theirs = observed();
    for (const step of steps) {
      applyPresence(ours.awareness, step, 'peer');
      awarenessProtocol.applyAwarenessUpdate(theirs.awareness, encoded(step), 'peer');
      expect([...ours.awareness.getStates()]).toEqual([...theirs.awareness.getStates()]);
      // Each Awareness also holds metadata of its own (random) client id: compared without it.
      const clocks = ({ awareness }: { awareness: awarenessProtocol.Awareness }) =>
        [...awareness.meta].filter(([id]) => id !== awareness.clientID).map(([id, meta]) => [id, meta.clock]);
      expect(clocks(ours)).toEqual(clocks(theirs));
      const clients = [...ours.awareness.meta.keys()].filter((id) => id !== ours.awareness.clientID);
      expect(encodePresence(ours.awareness, clients)).toEqual(awarenessProtocol.encodeAwarenessUpdate(theirs.awareness, clients));
    }
    expect(ours.events).toEqual(theirs.events);
    expect(ours.events.length).toBeGreaterThan(6);
  });

  it('encodes the JSON a state arrived with, not a new stringification', () => {
    const { awareness } = observed();
    // Same state, spelled with a space: what was received is what goes out.
    applyPresence(awareness, [{ clientId: 1, clock: 1, state: { a: 1 }, json: '{"a": 1}' }], null);
    const bytes = encodePresence(awareness, [1]);
    expect(new TextDecoder().decode(bytes)).toContain('{"a": 1}');
  });
});
