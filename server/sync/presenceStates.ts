// Presence states as a room keeps them: applied from what a connection said as it was parsed once
// (not encoded again and decoded again by y-protocols), each state's JSON kept beside it, so that
// every flush writes the JSON it received instead of stringifying each state once more.
import * as encoding from 'lib0/encoding';
import { equalityDeep } from 'lib0/function';
import type * as awarenessProtocol from 'y-protocols/awareness';

const jsonOf = new WeakMap<object, string>();

/** A state's JSON: as it arrived when the room applied it, else stringified. */
export function stateJson(state: unknown): string {
  if (state !== null && typeof state === 'object') {
    const known = jsonOf.get(state);
    if (known !== undefined) return known;
  }
  return JSON.stringify(state ?? null);
}

export interface PresenceEntry {
  clientId: number;
  clock: number;
  /** The parsed state, or null: the participant left. */
  state: Record<string, unknown> | null;
  /** `state` as JSON. */
  json: string;
}

/**
 * Applies entries as y-protocols' `applyAwarenessUpdate` applies an update holding them: the same
 * clock rules, metadata and 'change'/'update' events (the server has no local state of its own).
 */
export function applyPresence(awareness: awarenessProtocol.Awareness, entries: readonly PresenceEntry[], origin: unknown): void {
  const timestamp = Date.now();
  const added: number[] = [];
  const updated: number[] = [];
  const filteredUpdated: number[] = [];
  const removed: number[] = [];
  for (const { clientId, clock, state, json } of entries) {
    const meta = awareness.meta.get(clientId);
    const previous = awareness.states.get(clientId);
    const currentClock = meta === undefined ? 0 : meta.clock;
    if (!(currentClock < clock || (currentClock === clock && state === null && awareness.states.has(clientId)))) continue;
    if (state === null) awareness.states.delete(clientId);
    else {
      jsonOf.set(state, json);
      awareness.states.set(clientId, state);
    }
    awareness.meta.set(clientId, { clock, lastUpdated: timestamp });
    if (meta === undefined && state !== null) added.push(clientId);
    else if (meta !== undefined && state === null) removed.push(clientId);
    else if (state !== null) {
      if (!equalityDeep(state, previous)) filteredUpdated.push(clientId);
      updated.push(clientId);
    }
  }
  if (added.length > 0 || filteredUpdated.length > 0 || removed.length > 0) {
    awareness.emit('change', [{ added, updated: filteredUpdated, removed }, origin]);
  }
  if (added.length > 0 || updated.length > 0 || removed.length > 0) {
    awareness.emit('update', [{ added, updated, removed }, origin]);
  }
}

/** An awareness update of `clients` (each must have metadata), as y-protocols encodes it. */
export function encodePresence(awareness: awarenessProtocol.Awareness, clients: readonly number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, clients.length);
  for (const clientId of clients) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, (awareness.meta.get(clientId) as { clock: number }).clock);
    encoding.writeVarString(encoder, stateJson(awareness.states.get(clientId)));
  }
  return encoding.toUint8Array(encoder);
}
