// Presence as a room keeps it: per participant id, the clock and the state's JSON as the UTF-8
// bytes it arrived as, in a buffer reused from one state to the next — never the parsed object.
// The rules are y-protocols' `Awareness` (which clock wins, when a state is added, updated or
// removed, states not renewed for 30 s dropped), so what peers receive is what the stock server
// would send them. Kept as bytes because a cursor at 20 Hz replaces its state every 50 ms: a
// parsed state (objects, strings) lived through two scavenges and was promoted, so that at 8
// busy boards presence was a fifth of what filled the old generation; a reused buffer is nothing
// to collect, and a flush copies the bytes out as they are, without stringifying or encoding.

/** The state of a participant who left, as the wire spells it. */
const NULL_STATE = Uint8Array.of(0x6e, 0x75, 0x6c, 0x6c);
const EMPTY = new Uint8Array(0);
const decoder = new TextDecoder();

/** A state not renewed for this long is dropped (the stock client renews its own every 15 s). */
export const OUTDATED_MS = 30_000;

export interface PresenceEntry {
  clientId: number;
  clock: number;
  /** The state's JSON, UTF-8; null: the participant left. Copied when applied (a view of a message is fine). */
  state: Uint8Array | null;
}

/** Which participants an apply or removal changed, as y-protocols' 'update' event reports them. */
export interface PresenceChange {
  added: number[];
  updated: number[];
  removed: number[];
}

interface Presence {
  clock: number;
  lastUpdated: number;
  /** The state's JSON in `bytes[0, length)`; length 0: no state (the participant left). */
  bytes: Uint8Array;
  length: number;
}

/** True when `state` spells `null`. */
export function isNullState(state: Uint8Array): boolean {
  return state.length === 4 && state[0] === 0x6e && state[1] === 0x75 && state[2] === 0x6c && state[3] === 0x6c;
}

export class PresenceStates {
  private readonly records = new Map<number, Presence>();
  private present = 0;
  private readonly timer: NodeJS.Timeout;

  /** `onUpdate` is told of every change, with what caused it (`'timeout'` for outdated states). */
  constructor(
    private readonly onUpdate: (change: PresenceChange, origin: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.timer = setInterval(() => this.removeOutdated(), OUTDATED_MS / 10);
    this.timer.unref();
  }

  /** How many participants have a state. */
  get size(): number {
    return this.present;
  }

  /** How many participants this room keeps a clock for (present or gone). */
  get recordCount(): number {
    return this.records.size;
  }

  has(clientId: number): boolean {
    return (this.records.get(clientId)?.length ?? 0) > 0;
  }

  /** The last clock heard of a participant, present or gone; undefined once forgotten. */
  clockOf(clientId: number): number | undefined {
    return this.records.get(clientId)?.clock;
  }

  /** True while the room keeps a clock for `clientId` (what `encode` needs). */
  knows(clientId: number): boolean {
    return this.records.has(clientId);
  }

  /** The participants with a state. */
  ids(): number[] {
    const ids: number[] = [];
    for (const [clientId, record] of this.records) if (record.length > 0) ids.push(clientId);
    return ids;
  }

  /** Applies entries as y-protocols' `applyAwarenessUpdate` applies an update holding them. */
  apply(entries: Iterable<PresenceEntry>, origin: unknown): void {
    const timestamp = this.now();
    const change: PresenceChange = { added: [], updated: [], removed: [] };
    for (const { clientId, clock, state } of entries) {
      const record = this.records.get(clientId);
      const current = record === undefined ? 0 : record.clock;
      if (!(current < clock || (current === clock && state === null && record !== undefined && record.length > 0))) continue;
      if (record === undefined) {
        const created: Presence = { clock, lastUpdated: timestamp, bytes: EMPTY, length: 0 };
        this.records.set(clientId, created);
        if (state !== null) {
          this.store(created, state);
          change.added.push(clientId);
        }
        continue;
      }
      record.clock = clock;
      record.lastUpdated = timestamp;
      if (state === null) {
        this.clear(record);
        change.removed.push(clientId);
      } else {
        this.store(record, state);
        change.updated.push(clientId);
      }
    }
    this.report(change, origin);
  }

  /** Drops the states of `clientIds` at their current clocks (y-protocols' `removeAwarenessStates`). */
  remove(clientIds: Iterable<number>, origin: unknown): void {
    const change: PresenceChange = { added: [], updated: [], removed: [] };
    for (const clientId of clientIds) {
      const record = this.records.get(clientId);
      if (!record || record.length === 0) continue;
      this.clear(record);
      change.removed.push(clientId);
    }
    this.report(change, origin);
  }

  /** Forgets the clock of a participant who has no state (its echoes are over). */
  forget(clientId: number): void {
    if ((this.records.get(clientId)?.length ?? 1) === 0) this.records.delete(clientId);
  }

  /** An awareness update of `clientIds` (each one the room knows), as y-protocols encodes it. */
  encode(clientIds: readonly number[]): Uint8Array {
    return this.write(clientIds, null);
  }

  /** The same update as a y-websocket message of type `messageType`, in one allocation. */
  encodeMessage(messageType: number, clientIds: readonly number[]): Uint8Array {
    return this.write(clientIds, messageType);
  }

  /** A participant's state, parsed; null when it has none. */
  stateOf(clientId: number): Record<string, unknown> | null {
    const record = this.records.get(clientId);
    if (!record || record.length === 0) return null;
    return JSON.parse(decoder.decode(record.bytes.subarray(0, record.length))) as Record<string, unknown>;
  }

  /** Every state, parsed (for exports and tests: the relay never parses what it keeps). */
  states(): Map<number, Record<string, unknown>> {
    const states = new Map<number, Record<string, unknown>>();
    for (const clientId of this.ids()) states.set(clientId, this.stateOf(clientId) as Record<string, unknown>);
    return states;
  }

  destroy(): void {
    clearInterval(this.timer);
  }

  /** Drops states not renewed within `OUTDATED_MS`, as the stock server's awareness does every 3 s. */
  removeOutdated(): void {
    const now = this.now();
    const outdated: number[] = [];
    for (const [clientId, record] of this.records) {
      if (record.length > 0 && now - record.lastUpdated >= OUTDATED_MS) outdated.push(clientId);
    }
    if (outdated.length > 0) this.remove(outdated, 'timeout');
  }

  private store(record: Presence, state: Uint8Array): void {
    if (record.length === 0) this.present++;
    // Room to grow: a moving cursor's coordinates gain and lose digits.
    if (state.length > record.bytes.length) record.bytes = new Uint8Array(state.length + 32);
    record.bytes.set(state);
    record.length = state.length;
  }

  private clear(record: Presence): void {
    if (record.length > 0) this.present--;
    record.bytes = EMPTY;
    record.length = 0;
  }

  private report(change: PresenceChange, origin: unknown): void {
    if (change.added.length > 0 || change.updated.length > 0 || change.removed.length > 0) this.onUpdate(change, origin);
  }

  /** The update's bytes, behind `messageType` and the update's length when a message is asked for. */
  private write(clientIds: readonly number[], messageType: number | null): Uint8Array {
    let body = varUintSize(clientIds.length);
    for (const clientId of clientIds) {
      const { clock, length } = this.recordOf(clientId);
      const stateLength = length > 0 ? length : NULL_STATE.length;
      body += varUintSize(clientId) + varUintSize(clock) + varUintSize(stateLength) + stateLength;
    }
    const header = messageType === null ? 0 : varUintSize(messageType) + varUintSize(body);
    const out = new Uint8Array(header + body);
    let at = 0;
    if (messageType !== null) {
      at = writeVarUint(out, at, messageType);
      at = writeVarUint(out, at, body);
    }
    at = writeVarUint(out, at, clientIds.length);
    for (const clientId of clientIds) {
      const { clock, bytes, length } = this.recordOf(clientId);
      at = writeVarUint(out, at, clientId);
      at = writeVarUint(out, at, clock);
      const state = length > 0 ? bytes.subarray(0, length) : NULL_STATE;
      at = writeVarUint(out, at, state.length);
      out.set(state, at);
      at += state.length;
    }
    return out;
  }

  private recordOf(clientId: number): Presence {
    const record = this.records.get(clientId);
    if (!record) throw new Error(`no presence record for participant ${clientId}`);
    return record;
  }
}

/** Bytes of an unsigned varint (lib0's encoding: 7 bits a byte, low bits first). */
function varUintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest > 0x7f; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

function writeVarUint(out: Uint8Array, at: number, value: number): number {
  let rest = value;
  let position = at;
  while (rest > 0x7f) {
    out[position++] = 0x80 | (rest % 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out[position++] = rest;
  return position;
}
