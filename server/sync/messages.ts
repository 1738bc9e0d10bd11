// Encoders and a defensive decoder for the y-websocket wire format (y-protocols sync and
// awareness). Decoding never throws to the caller: bad bytes become a `malformed` result.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '#shared/syncWire.js';
import { isNullState, type PresenceEntry, type PresenceStates } from './presenceStates.js';

export type ClientMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' }
  | { kind: 'malformed'; reason: string };

export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const syncType = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (syncType === syncProtocol.messageYjsSyncStep1) return { kind: 'syncStep1', stateVector: payload };
      // A client's step 2 (its state we lack) and a live update are both an update to apply.
      if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate)
        return { kind: 'update', update: payload };
      return { kind: 'malformed', reason: `unknown sync message type ${syncType}` };
    }
    if (type === MESSAGE_AWARENESS) return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    if (type === MESSAGE_QUERY_AWARENESS) return { kind: 'queryAwareness' };
    return { kind: 'malformed', reason: `unknown message type ${type}` };
  } catch (error) {
    return { kind: 'malformed', reason: `message does not decode (${(error as Error).message})` };
  }
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, doc);
  return encoding.toUint8Array(encoder);
}

/** Sync step 2: everything in `doc` the peer with `stateVector` lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep2(encoder, doc, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Sync step 2 carrying `update` as it is: a stored state that is the whole document. */
export function encodeSyncStep2Update(update: Uint8Array): Uint8Array {
  // The header alone goes through an encoder; the state is copied once, straight into place.
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
  encoding.writeVarUint(encoder, update.byteLength);
  const header = encoding.toUint8Array(encoder);
  const message = new Uint8Array(header.byteLength + update.byteLength);
  message.set(header);
  message.set(update, header.byteLength);
  return message;
}

export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness message of `clients`' presence (each one `presence` knows). */
export function encodeAwareness(presence: PresenceStates, clients: readonly number[]): Uint8Array {
  return presence.encodeMessage(MESSAGE_AWARENESS, clients);
}

/**
 * The entries of an awareness update (client id, clock, state), read without applying it: each
 * state is a view of its JSON's bytes in `update`, null when it spells `null` (the participant
 * left). Entries `known` says are not news are left out: every stock client echoes each presence
 * message it receives, so most of what arrives is echoes.
 */
export function awarenessEntries(update: Uint8Array, known: (clientId: number, clock: number) => boolean = () => false): PresenceEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: PresenceEntry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const length = decoding.readVarUint(decoder);
    if (decoder.pos + length > update.length) throw new Error('awareness state runs past the message');
    const at = decoder.pos;
    decoder.pos += length;
    if (known(clientId, clock)) continue;
    const state = update.subarray(at, at + length);
    entries.push({ clientId, clock, state: isNullState(state) ? null : state });
  }
  return entries;
}

/**
 * A sync message carrying an empty document update: what every client sends as its sync step 2
 * when it has nothing the server lacks (each join, each reconnect). It changes nothing, so the
 * server drops it before it would be checked, stored and counted as a write.
 */
export function isEmptyUpdateMessage(data: Uint8Array): boolean {
  return (
    data.length === 5 &&
    data[0] === MESSAGE_SYNC &&
    (data[1] === syncProtocol.messageYjsSyncStep2 || data[1] === syncProtocol.messageYjsUpdate) &&
    data[2] === 2 &&
    data[3] === 0 &&
    data[4] === 0
  );
}

/** A sync step 1 with an empty state vector: a client holding nothing asks for the whole document. */
export function isFullStateRequest(data: Uint8Array): boolean {
  return data.length === 4 && data[0] === MESSAGE_SYNC && data[1] === syncProtocol.messageYjsSyncStep1 && data[2] === 1 && data[3] === 0;
}
