// The load generator: boards of participants, some moving cursors (awareness), some dragging cards
// (document writes). The probes — the participants who receive and time — are stock clients in
// this thread; with `light`, the cursor movers, the draggers and most idle participants are light
// protocol clients in worker threads (lightClients.ts), so that the generator is not what limits a
// run. Senders and receivers live in this one process, so one clock times everything: a cursor
// state carries its sequence number, a dragged card's x is MOVE_BASE + its sender's sequence
// number, and every sender keeps the send time of each number (a light one in memory shared with
// this thread).
//
// Every state sent inside a window is accounted for at every receiver as exactly one of: arrived
// (the receiver saw that very state), merged (it never saw it, but saw a later state of the same
// sender: the server or the transport coalesced it) or lost (neither, by the end of the grace).
// A merged state is timed from its own send time to the arrival of the state that superseded it,
// so a server that coalesces does not look faster than one that relays every state.
import type * as Y from 'yjs';
import { createCard } from '../../../shared/schema/card.js';
import type { BenchClient } from './clients.js';
import { type LightEndpoint, type LightHandle, LightPool, type LightSpec, sharedClock } from './lightClients.js';
import { sleep } from './proc.js';
import type { BoardRef } from './servers.js';
import { Histogram, LagMonitor } from './stats.js';

export interface LoadSpec {
  /** Participants per board. */
  participants: number;
  /** How many of them move their cursor, and how often (Hz). */
  cursorMovers: number;
  cursorHz: number;
  /** How many drag a card (one document write per tick), and how often (Hz). */
  draggers: number;
  dragHz: number;
  /** Cards on each board. */
  cards: number;
  /** The first `flooders` cursor movers send at `floodHz` instead. */
  flooders?: number;
  floodHz?: number;
}

/** Boards of 30: half move cursors at 20 Hz, three drag cards at 30 Hz (document writes). */
export const CLASSROOM: LoadSpec = { participants: 30, cursorMovers: 15, cursorHz: 20, draggers: 3, dragHz: 30, cards: 30 };

/** Connects participant `index` of a board; `group` tells which server process it reached. */
export type Connector = (board: BoardRef, index: number) => { client: BenchClient; group: number };

/** Dragged cards' x values start here, above any seeded position. */
const MOVE_BASE = 10_000;
const RING = 1 << 14;

type Role = 'cursor' | 'drag' | 'idle';

export interface Participant {
  index: number;
  board: LoadBoard;
  /** A stock client (a probe: it receives and times), or null for a light client. */
  client: BenchClient | null;
  light: LightHandle | null;
  group: number;
  role: Role;
  flood: boolean;
  /** Awareness client id (the doc's client id). */
  clientId: number;
  user: { name: string; color: string; role: string };
  // As a sender (a light sender's sequence number and send times live in its handle).
  /** Sequence number of the last state sent (a dragger's card is then at x = MOVE_BASE + seq). */
  seq: number;
  dragIndex: number;
  ownCard: Y.Map<unknown> | null;
  /** Send time of each sequence number (a ring), for cursor movers and draggers. */
  sendTimes: Float64Array | null;
  timer: NodeJS.Timeout | null;
  // As a receiver.
  cursorSeen: Map<number, number>;
  /** Distinct cursor states received, by sender (a superseded state that never came is not counted). */
  cursorCounts: Map<number, number>;
  /** Highest x seen of each dragged card. */
  moveSeen: number[];
  cardMaps: (Y.Map<unknown> | null)[];
}

export interface LoadBoard {
  ref: BoardRef;
  participants: Participant[];
  /** The participant dragging each dragged card, by drag index. */
  draggers: Participant[];
  dragCards: string[];
}

const KIND = { move: 0, cursor: 1 } as const;
export type Kind = keyof typeof KIND;

/** What became of the states sent in a window, summed over every sender × receiver pair. */
export interface Tally {
  /** States sent × receivers. */
  sent: number;
  /** The receiver saw that very state. */
  arrived: number;
  /** The receiver never saw it but saw a later state of the same sender. */
  merged: number;
  /** Of the merged, those sent so long before the superseding state that their send time was gone. */
  untimed: number;
  /** Neither, by the end of the grace period. */
  lost: number;
}

const emptyTally = (): Tally => ({ sent: 0, arrived: 0, merged: 0, untimed: 0, lost: 0 });

/** One measured interval: latencies of what was sent inside it, and what became of it. */
export class Window {
  readonly t0 = performance.now();
  t1 = Number.POSITIVE_INFINITY;
  /** Histograms by kind × crossed processes × flooder. */
  private readonly histograms = Array.from({ length: 8 }, () => new Histogram());
  readonly startSeq = new Map<Participant, number>();
  readonly endSeq = new Map<Participant, number>();
  lagP99Ms = 0;
  generatorCpu = 0;
  seconds = 0;
  delivery: Record<Kind, Tally> = { move: emptyTally(), cursor: emptyTally() };
  /** Connections the server closed during the window, by close code. */
  readonly closes = new Map<number, number>();
  readonly closesAtStart = new Map<Participant, number>();

  record(kind: Kind, sender: Participant, receiver: Participant, ms: number): void {
    const index = KIND[kind] * 4 + (sender.group !== receiver.group ? 2 : 0) + (sender.flood ? 1 : 0);
    this.histograms[index]?.add(ms);
  }

  /** Latencies of one kind; `cross`/`flood` select pairs across processes / the flooder's sends. */
  latency(kind: Kind, select: { cross?: boolean; flood?: boolean } = {}): Histogram {
    const merged = new Histogram();
    for (const cross of [false, true]) {
      if (select.cross !== undefined && select.cross !== cross) continue;
      for (const flood of [false, true]) {
        if (select.flood !== undefined && select.flood !== flood) continue;
        const histogram = this.histograms[KIND[kind] * 4 + (cross ? 2 : 0) + (flood ? 1 : 0)];
        if (histogram) merged.merge(histogram);
      }
    }
    return merged;
  }

  /** Both kinds together. */
  total(): Tally {
    const total = emptyTally();
    for (const tally of Object.values(this.delivery)) {
      for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += tally[key];
    }
    return total;
  }
}

/** Idle participants per board that stay stock clients (probes) when the others are light. */
const IDLE_PROBES = 1;

/** A participant's latest sequence number as a sender. */
const seqOf = (p: Participant): number => (p.light ? p.light.seq : p.seq);
/** Connections the server closed on a participant, as close codes (a light client's as 0: code not kept). */
const closesOf = (p: Participant): number[] => p.client?.closes ?? Array<number>(p.light?.closes ?? 0).fill(0);

export class Load {
  readonly boards: LoadBoard[] = [];
  private readonly senders = new Map<number, Participant>();
  private window: Window | null = null;
  private readonly lag = new LagMonitor();
  private cpuMark = process.cpuUsage();
  private pausedNow = false;
  private readonly pool: LightPool | null;

  /** `light`: where light clients connect; without it every participant is a stock client. */
  constructor(
    readonly spec: LoadSpec,
    private readonly makeBoard: () => Promise<BoardRef>,
    private readonly connect: Connector,
    private readonly light?: LightEndpoint,
  ) {
    this.pool = light ? new LightPool() : null;
  }

  /** While true, senders skip their ticks (the server is down). */
  get paused(): boolean {
    return this.pausedNow;
  }
  set paused(value: boolean) {
    this.pausedNow = value;
    if (this.pool) this.pool.paused = value;
  }

  get participants(): Participant[] {
    return this.boards.flatMap((board) => board.participants);
  }

  /** The participants who receive and time: the stock clients. */
  get probes(): Participant[] {
    return this.participants.filter((p) => p.client !== null);
  }

  /** Adds boards, each seeded by its first participant, then the others joined; starts their senders. */
  async addBoards(count: number, timeoutMs = 60_000): Promise<void> {
    const fresh: LoadBoard[] = [];
    for (let i = 0; i < count; i++) {
      const ref = await this.makeBoard();
      const dragCards = Array.from({ length: this.spec.draggers }, (_, k) => `c${k}`);
      fresh.push({ ref, participants: [], draggers: [], dragCards });
    }
    // The first participant of each board (always a stock client) lays out its cards.
    for (const board of fresh) this.join(board, 0);
    await waitUntil(() => fresh.every((board) => board.participants[0]?.client?.synced), timeoutMs, 'seeding participants to sync');
    for (const board of fresh) {
      const seeder = board.participants[0];
      if (!seeder?.client) continue;
      const doc = seeder.client.doc;
      if (doc.getMap('cards').size === 0) {
        doc.transact(() => {
          for (let c = 0; c < this.spec.cards; c++) {
            createCard(doc, { student: `Student ${c + 1}`, pages: [`page-${c}`], x: (c % 6) * 220, y: Math.floor(c / 6) * 300 }, `c${c}`);
          }
        });
      }
    }
    // Everyone else joins, a few at a time, as a class does.
    let joined = 0;
    for (const board of fresh) {
      const light: { index: number; spec: LightSpec }[] = [];
      for (let index = 1; index < this.spec.participants; index++) {
        const spec = this.lightSpec(board, index);
        if (spec) light.push({ index, spec });
        else {
          this.join(board, index);
          if (++joined % 20 === 0) await sleep(5);
        }
      }
      if (light.length > 0 && this.pool && this.light) {
        const handles = this.pool.add(
          this.light,
          board.ref,
          light.map((entry) => entry.spec),
        );
        for (const [i, { index, spec }] of light.entries()) this.joinLight(board, index, spec, handles[i] as LightHandle);
      }
    }
    this.boards.push(...fresh);
    await waitUntil(
      () =>
        fresh.every((board) =>
          board.participants.every((p) =>
            p.client ? p.client.synced && p.client.doc.getMap('cards').size >= this.spec.cards : p.light?.synced,
          ),
        ),
      timeoutMs,
      `${fresh.length * this.spec.participants} participants to sync`,
    );
    for (const board of fresh) for (const participant of board.participants) this.startSending(participant);
  }

  private roleOf(index: number): { role: Role; dragIndex: number } {
    const spec = this.spec;
    const dragIndex = index >= spec.cursorMovers && index < spec.cursorMovers + spec.draggers ? index - spec.cursorMovers : -1;
    return { role: index < spec.cursorMovers ? 'cursor' : dragIndex >= 0 ? 'drag' : 'idle', dragIndex };
  }

  private userOf(index: number) {
    return { name: `Participant ${index + 1}`, color: `hsl(${(index * 37) % 360} 70% 45%)`, role: 'editor' };
  }

  /**
   * With light clients, every cursor mover but the first (which seeds the board and, in the
   * flood, floods), every dragger and every idle participant past the first IDLE_PROBES is light;
   * those idle ones and the first cursor mover are the stock probes.
   */
  private lightSpec(board: LoadBoard, index: number): LightSpec | null {
    if (!this.light || index === 0) return null;
    const { role, dragIndex } = this.roleOf(index);
    const spec = this.spec;
    if (role === 'idle' && index < spec.cursorMovers + spec.draggers + IDLE_PROBES) return null;
    if (role === 'cursor' && index < (spec.flooders ?? 0)) return null;
    const clientId = Math.floor(Math.random() * 0xffffffff);
    const user = this.userOf(index);
    const card = board.dragCards[dragIndex];
    if (role === 'drag' && card) {
      return { role, hz: spec.dragHz, index, clientId, user, drag: { card, cards: spec.cards, moveBase: MOVE_BASE } };
    }
    return { role: role === 'cursor' ? 'cursor' : 'idle', hz: spec.cursorHz, index, clientId, user };
  }

  private joinLight(board: LoadBoard, index: number, spec: LightSpec, handle: LightHandle): void {
    const { dragIndex } = this.roleOf(index);
    const participant: Participant = {
      index,
      board,
      client: null,
      light: handle,
      group: 0,
      role: spec.role,
      flood: false,
      clientId: spec.clientId,
      user: spec.user,
      seq: 0,
      dragIndex,
      ownCard: null,
      sendTimes: spec.role === 'idle' ? null : handle.sendTimes,
      timer: null,
      cursorSeen: new Map(),
      cursorCounts: new Map(),
      moveSeen: board.dragCards.map(() => 0),
      cardMaps: board.dragCards.map(() => null),
    };
    board.participants.push(participant);
    if (dragIndex >= 0) board.draggers[dragIndex] = participant;
    if (spec.role === 'cursor') this.senders.set(spec.clientId, participant);
  }

  private join(board: LoadBoard, index: number): Participant {
    const { client, group } = this.connect(board.ref, index);
    const spec = this.spec;
    const { role, dragIndex } = this.roleOf(index);
    const participant: Participant = {
      index,
      board,
      client,
      light: null,
      group,
      role,
      flood: role === 'cursor' && index < (spec.flooders ?? 0),
      clientId: client.doc.clientID,
      user: this.userOf(index),
      seq: 0,
      dragIndex,
      ownCard: null,
      sendTimes: role === 'idle' ? null : new Float64Array(RING),
      timer: null,
      cursorSeen: new Map(),
      cursorCounts: new Map(),
      moveSeen: board.dragCards.map(() => 0),
      cardMaps: board.dragCards.map(() => null),
    };
    board.participants.push(participant);
    if (dragIndex >= 0) board.draggers[dragIndex] = participant;
    if (role === 'cursor') this.senders.set(participant.clientId, participant);
    client.awareness.setLocalState({ user: participant.user, cursor: null });
    client.awareness.on('change', (changes: { added: number[]; updated: number[] }) => this.onAwareness(participant, changes));
    client.doc.on('update', () => this.onDocUpdate(participant));
    return participant;
  }

  private startSending(participant: Participant): void {
    // A light sender starts on its own once connected.
    if (participant.role === 'idle' || participant.timer || participant.light) return;
    const hz =
      participant.role === 'drag' ? this.spec.dragHz : participant.flood ? (this.spec.floodHz ?? this.spec.cursorHz) : this.spec.cursorHz;
    const period = 1000 / hz;
    const tick = participant.role === 'drag' ? () => this.drag(participant) : () => this.moveCursor(participant);
    // A random phase, so a board's senders do not all fire in the same millisecond.
    participant.timer = setTimeout(() => {
      participant.timer = setInterval(tick, period);
      tick();
    }, Math.random() * period);
  }

  private moveCursor(p: Participant): void {
    if (this.paused) return;
    if (!p.client) return;
    const seq = ++p.seq;
    const angle = seq / 15 + p.index;
    const now = sharedClock();
    if (p.sendTimes) p.sendTimes[seq % RING] = now;
    p.client.awareness.setLocalState({
      user: p.user,
      cursor: { x: Math.round(700 + 500 * Math.cos(angle)), y: Math.round(450 + 300 * Math.sin(angle)) },
      t: Math.round(now * 100) / 100,
      s: seq,
    });
  }

  private drag(p: Participant): void {
    if (this.paused) return;
    const cardId = p.board.dragCards[p.dragIndex];
    if (!p.client) return;
    if (!p.ownCard && cardId) p.ownCard = (p.client.doc.getMap('cards').get(cardId) as Y.Map<unknown> | undefined) ?? null;
    const card = p.ownCard;
    if (!card || !p.sendTimes) return;
    const seq = ++p.seq;
    p.sendTimes[seq % RING] = sharedClock();
    const x = MOVE_BASE + seq;
    // As placeCard writes a drop: x and y of the card in one transaction.
    p.client.doc.transact(() => {
      card.set('x', x);
      card.set('y', 100 + (x % 500));
    });
  }

  private onAwareness(receiver: Participant, { added, updated }: { added: number[]; updated: number[] }): void {
    if (!receiver.client) return;
    const states = receiver.client.awareness.getStates();
    const now = sharedClock();
    for (const list of [updated, added]) {
      for (const id of list) {
        const sender = this.senders.get(id);
        if (!sender || sender === receiver) continue;
        const state = states.get(id) as { s?: unknown; t?: unknown } | undefined;
        if (typeof state?.s !== 'number') continue;
        const previous = receiver.cursorSeen.get(id) ?? 0;
        if (state.s <= previous) continue;
        receiver.cursorSeen.set(id, state.s);
        receiver.cursorCounts.set(id, (receiver.cursorCounts.get(id) ?? 0) + 1);
        this.account('cursor', sender, receiver, previous, state.s, now);
      }
    }
  }

  private onDocUpdate(receiver: Participant): void {
    const board = receiver.board;
    const now = sharedClock();
    if (!receiver.client) return;
    for (let i = 0; i < board.draggers.length; i++) {
      const sender = board.draggers[i];
      if (!sender || sender === receiver) continue;
      let card = receiver.cardMaps[i] ?? null;
      if (!card) {
        const id = board.dragCards[i];
        card = id ? ((receiver.client.doc.getMap('cards').get(id) as Y.Map<unknown> | undefined) ?? null) : null;
        if (!card) continue;
        receiver.cardMaps[i] = card;
      }
      const x = card.get('x');
      const previous = receiver.moveSeen[i] ?? 0;
      if (typeof x !== 'number' || x <= previous) continue;
      receiver.moveSeen[i] = x;
      if (x > MOVE_BASE) this.account('move', sender, receiver, Math.max(0, previous - MOVE_BASE), x - MOVE_BASE, now);
    }
  }

  /**
   * The receiver, last showing the sender's state `previous`, now shows `seen`: `seen` arrived and
   * every state between them was merged into it. Only states sent inside the window count; each
   * is timed from its own send time to now.
   */
  private account(kind: Kind, sender: Participant, receiver: Participant, previous: number, seen: number, now: number): void {
    const window = this.window;
    const first = window?.startSeq.get(sender);
    if (!window || first === undefined || !sender.sendTimes) return;
    const last = Math.min(seen, window.endSeq.get(sender) ?? Number.POSITIVE_INFINITY);
    const tally = window.delivery[kind];
    // Send times older than the ring are overwritten: such states count as merged, untimed.
    const from = Math.max(previous + 1, first);
    const timedFrom = Math.max(from, seen - RING + 1);
    if (timedFrom > from) {
      const untimed = Math.min(last, timedFrom - 1) - from + 1;
      if (untimed > 0) {
        tally.merged += untimed;
        tally.untimed += untimed;
      }
    }
    for (let seq = timedFrom; seq <= last; seq++) {
      window.record(kind, sender, receiver, now - (sender.sendTimes[seq % RING] ?? now));
      if (seq === seen) tally.arrived++;
      else tally.merged++;
    }
  }

  /** Starts measuring: what is sent from now on is timed at every receiver. */
  startWindow(): Window {
    const window = new Window();
    for (const participant of this.participants) if (participant.role !== 'idle') window.startSeq.set(participant, seqOf(participant) + 1);
    for (const participant of this.participants) window.closesAtStart.set(participant, closesOf(participant).length);
    this.lag.reset();
    this.pool?.resetLag();
    this.cpuMark = process.cpuUsage();
    this.window = window;
    return window;
  }

  /**
   * Stops sending into the window; `atEnd` runs at its end (read the server's CPU there). Waits
   * `graceMs` for late arrivals (they are accounted as they come, see `account`), then counts
   * what was sent to each receiver; what neither arrived nor was merged by then is lost.
   */
  async closeWindow(window: Window, graceMs = 1000, atEnd?: () => void): Promise<Window> {
    window.t1 = performance.now();
    window.seconds = (window.t1 - window.t0) / 1000;
    // Every thread's CPU (the workers' too) and the worst loop delay of any of them.
    const used = process.cpuUsage(this.cpuMark);
    window.generatorCpu = ((used.user + used.system) / 1e6 / window.seconds) * 100;
    for (const participant of this.participants) if (participant.role !== 'idle') window.endSeq.set(participant, seqOf(participant));
    window.lagP99Ms = Math.max(this.lag.p99Ms(), (await this.pool?.lagP99Ms()) ?? 0);
    for (const participant of this.participants) {
      for (const code of closesOf(participant).slice(window.closesAtStart.get(participant) ?? 0)) {
        window.closes.set(code, (window.closes.get(code) ?? 0) + 1);
      }
    }
    atEnd?.();
    await sleep(graceMs);
    if (this.window === window) this.window = null;
    for (const board of this.boards) {
      for (const sender of board.participants) {
        const first = window.startSeq.get(sender);
        const last = window.endSeq.get(sender);
        if (first === undefined || last === undefined || last < first) continue;
        const tally = sender.role === 'drag' ? window.delivery.move : window.delivery.cursor;
        const receivers = board.participants.filter((p) => p.client !== null && p !== sender).length;
        tally.sent += (last - first + 1) * receivers;
      }
    }
    for (const tally of Object.values(window.delivery)) tally.lost = tally.sent - tally.arrived - tally.merged;
    return window;
  }

  /** Highest dragged-card position any receiver has seen, per board and card: what was relayed. */
  relayedPositions(): number[][] {
    return this.boards.map((board) => board.dragCards.map((_, i) => Math.max(0, ...board.participants.map((p) => p.moveSeen[i] ?? 0))));
  }

  /** Every participant's connection. */
  disconnectAll(): void {
    for (const participant of this.participants) participant.client?.disconnect();
    this.pool?.disconnectAll();
  }

  connectAll(): void {
    for (const participant of this.participants) participant.client?.connect();
    this.pool?.connectAll();
  }

  /** True when every participant is connected and sees each dragged card where its dragger put it. */
  converged(): boolean {
    for (const board of this.boards) {
      for (let i = 0; i < board.dragCards.length; i++) {
        const id = board.dragCards[i];
        const dragger = board.draggers[i];
        if (!id || !dragger) continue;
        // A light dragger holds no doc here: its card is where its last drag put it (if it dragged).
        const expected = dragger.light
          ? dragger.light.seq > 0
            ? MOVE_BASE + dragger.light.seq
            : undefined
          : (dragger.client?.doc.getMap('cards').get(id) as Y.Map<unknown> | undefined)?.get('x');
        for (const participant of board.participants) {
          if (participant.light) {
            if (!participant.light.connected || !participant.light.synced) return false;
            continue;
          }
          if (!participant.client?.connected || !participant.client.synced) return false;
          const card = participant.client.doc.getMap('cards').get(id) as Y.Map<unknown> | undefined;
          if (expected !== undefined && card?.get('x') !== expected) return false;
        }
      }
    }
    return true;
  }

  /** Stops every sender and closes every client. */
  destroy(): void {
    for (const participant of this.participants) {
      if (participant.timer) clearInterval(participant.timer);
      participant.timer = null;
      participant.client?.destroy();
    }
    void this.pool?.destroy();
    this.boards.length = 0;
    this.senders.clear();
    this.lag.stop();
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
