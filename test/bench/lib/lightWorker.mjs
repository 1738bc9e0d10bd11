// A worker thread of light load clients (lightClients.ts): each speaks just enough of the
// y-websocket protocol (or Hocuspocus's framing of it) to load a server as a stock client does —
// the handshake, its own presence (cursor movers at their rate), and the echo of every presence
// message it receives, which the stock clients send too — without parsing what it receives beyond
// the first bytes. A cursor mover or an idle participant holds no Y.Doc; a card dragger holds
// one, filled by the handshake, and writes its card in it as a stock client does, but applies
// nothing it receives once it holds the board's cards (nobody else writes its card, so its
// writes stay real Yjs updates that every client applies). Plain JavaScript: a worker runs no
// TypeScript loader.
//
// Timing is shared with the main thread through one SharedArrayBuffer per sender (see
// lightClients.ts for the layout): the worker writes each state's sequence number and send time
// (performance.timeOrigin + now, one clock for every thread of the process) before sending it.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

const SLOT = { seq: 0, closes: 1, connected: 2, handshake: 3, ring: 4 };
const RING = 1 << 14;
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const HOCUSPOCUS_AUTH = 2;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;
/** Origin of what a dragger applies from the server: not sent back. */
const FROM_SERVER = Symbol('server');
/** The stock client renews its own presence when it is this old (y-protocols' outdatedTimeout / 2). */
const RENEW_MS = 15_000;

const clients = [];
let paused = false;
const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
const clock = () => performance.timeOrigin + performance.now();
/**
 * A zero masking key: valid, and ws then writes a payload as it is instead of copying it into a
 * masked buffer, which in the echoes was most of the workers' time after the write itself.
 */
const zeroMask = (mask) => mask.fill(0);

// --- Bytes: just what the handshake and presence need (lib0's variable-length integers). ---
function varUint(out, value) {
  let n = value;
  while (n > 0x7f) {
    out.push(0x80 | (n & 0x7f));
    n = Math.floor(n / 128);
  }
  out.push(n);
}
function varBytes(out, bytes) {
  varUint(out, bytes.length);
  for (const byte of bytes) out.push(byte);
}
const encoder = new TextEncoder();
/** A varUint8Array at `at`: its bytes (a view) and the position after it. */
function readVarBytes(bytes, at) {
  const [length, pos] = readVarUint(bytes, at);
  return [bytes.subarray(pos, pos + length), pos + length];
}
function readVarUint(bytes, at) {
  let value = 0;
  let shift = 1;
  let pos = at;
  for (;;) {
    const byte = bytes[pos++];
    value += (byte & 0x7f) * shift;
    if (byte < 0x80) return [value, pos];
    shift *= 128;
  }
}

class LightClient {
  constructor(spec) {
    this.spec = spec;
    this.cell = new Float64Array(spec.buffer);
    this.clock = 0;
    this.socket = null;
    this.timer = null;
    this.renew = null;
    this.prefix = [];
    if (spec.protocol === 'hocuspocus') varBytes(this.prefix, encoder.encode(spec.board));
    if (spec.role === 'drag') {
      this.doc = new Y.Doc();
      this.cards = this.doc.getMap('cards');
      // As the stock provider sends each local transaction's update (sync message, sub-type 2).
      this.doc.on('update', (update, origin) => {
        if (origin === FROM_SERVER) return;
        const body = [SYNC_UPDATE];
        varBytes(body, update);
        this.send(this.frame(MESSAGE_SYNC, body));
      });
    }
    this.connect();
  }

  frame(type, body) {
    const out = [...this.prefix];
    varUint(out, type);
    for (const byte of body) out.push(byte);
    return Uint8Array.from(out);
  }

  send(message) {
    const socket = this.socket;
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(message);
  }

  /** A dragger holds the board's cards (before that it cannot drag, and does not count as synced). */
  holdsCards() {
    return this.cards.size >= this.spec.drag.cards;
  }

  connect() {
    if (this.socket) return;
    const socket = new WebSocket(this.spec.url, { generateMask: zeroMask });
    this.socket = socket;
    this.synced = false;
    socket.binaryType = 'nodebuffer';
    socket.on('error', () => {});
    socket.on('open', () => {
      this.cell[SLOT.connected] = 1;
      if (this.spec.protocol === 'hocuspocus') {
        // No authentication is configured: an empty token admits the connection.
        const auth = [];
        varUint(auth, 0);
        varBytes(auth, encoder.encode(''));
        socket.send(this.frame(HOCUSPOCUS_AUTH, auth));
      }
      // Sync step 1 with our state vector: a dragger's doc (empty at first), else an empty one.
      const step1 = [SYNC_STEP1];
      varBytes(step1, this.doc ? Y.encodeStateVector(this.doc) : [0]);
      socket.send(this.frame(MESSAGE_SYNC, step1));
      this.sendPresence();
    });
    socket.on('message', (data) => this.receive(socket, data));
    socket.on('close', () => {
      if (this.socket === socket) {
        this.socket = null;
        this.cell[SLOT.connected] = 0;
        this.cell[SLOT.handshake] = 0;
        if (!this.closing) this.cell[SLOT.closes] += 1;
      }
      this.closing = false;
    });
    const role = this.spec.role;
    if (role === 'idle') {
      this.renew = setInterval(() => this.sendPresence(), RENEW_MS);
      return;
    }
    const period = 1000 / this.spec.hz;
    const tick = role === 'drag' ? () => this.drag() : () => this.moveCursor();
    // A random phase, so a board's senders do not all fire in the same millisecond.
    this.timer = setTimeout(() => {
      this.timer = setInterval(tick, period);
      tick();
    }, Math.random() * period);
    // A dragger's presence is an idle one, renewed as the stock client renews it.
    if (role === 'drag') this.renew = setInterval(() => this.sendPresence(), RENEW_MS);
  }

  receive(socket, data) {
    let at = 0;
    if (this.spec.protocol === 'hocuspocus') {
      const [length, pos] = readVarUint(data, 0);
      at = pos + length;
    }
    const type = data[at];
    if (type === MESSAGE_AWARENESS) {
      // The stock client re-sends every presence change it hears: so does this one, as it came.
      if (socket.readyState === WebSocket.OPEN) socket.send(data);
    } else if (type === MESSAGE_SYNC) {
      if (this.doc) this.receiveSync(data, at + 1);
      else if (data[at + 1] === SYNC_STEP1) {
        // The server's sync step 1: we have nothing it lacks (an empty step 2), and are synced.
        socket.send(this.frame(MESSAGE_SYNC, [SYNC_STEP2, 2, 0, 0]));
        this.cell[SLOT.handshake] = 1;
      } else if (data[at + 1] === SYNC_STEP2) {
        this.cell[SLOT.handshake] = 1;
      }
    }
  }

  /**
   * A dragger answers the server's step 1 with what the server lacks (after a restart, its own
   * writes the server lost), applies the server's step 2, and applies updates only until it holds
   * the cards: what others write later is not needed to write its own card.
   */
  receiveSync(data, at) {
    const [subType, pos] = readVarUint(data, at);
    const [payload] = readVarBytes(data, pos);
    if (subType === SYNC_STEP1) {
      const step2 = [SYNC_STEP2];
      varBytes(step2, Y.encodeStateAsUpdate(this.doc, payload));
      this.send(this.frame(MESSAGE_SYNC, step2));
      return;
    }
    if (subType === SYNC_STEP2) this.synced = true;
    else if (subType !== SYNC_UPDATE || this.holdsCards()) return;
    Y.applyUpdate(this.doc, payload, FROM_SERVER);
    if (this.synced && this.holdsCards()) this.cell[SLOT.handshake] = 1;
  }

  /** The next sequence number, with its send time written where the main thread reads it. */
  nextSeq() {
    const seq = this.cell[SLOT.seq] + 1;
    this.cell[SLOT.seq] = seq;
    const now = clock();
    this.cell[SLOT.ring + (seq % RING)] = now;
    return { seq, now };
  }

  moveCursor() {
    if (paused) return;
    const { seq, now } = this.nextSeq();
    const angle = seq / 15 + this.spec.index;
    this.sendPresence({
      user: this.spec.user,
      cursor: { x: Math.round(700 + 500 * Math.cos(angle)), y: Math.round(450 + 300 * Math.sin(angle)) },
      t: Math.round(now * 100) / 100,
      s: seq,
    });
  }

  /** As load.ts's stock dragger and placeCard's drop: x and y of the card in one transaction. */
  drag() {
    if (paused || this.cell[SLOT.handshake] !== 1) return;
    const card = this.cards.get(this.spec.drag.card);
    if (!card) return;
    const x = this.spec.drag.moveBase + this.nextSeq().seq;
    this.doc.transact(() => {
      card.set('x', x);
      card.set('y', 100 + (x % 500));
    });
  }

  sendPresence(state = { user: this.spec.user, cursor: null }) {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    const update = [];
    varUint(update, 1);
    varUint(update, this.spec.clientId);
    varUint(update, ++this.clock);
    varBytes(update, encoder.encode(JSON.stringify(state)));
    const body = [];
    varBytes(body, update);
    this.send(this.frame(MESSAGE_AWARENESS, body));
  }

  stopTimers() {
    clearTimeout(this.timer);
    clearInterval(this.timer);
    clearInterval(this.renew);
    this.timer = null;
    this.renew = null;
  }

  disconnect() {
    this.stopTimers();
    if (this.socket) {
      this.closing = true;
      this.socket.terminate();
    }
  }
}

parentPort.on('message', (message) => {
  switch (message.type) {
    case 'add':
      for (const spec of message.clients) clients.push(new LightClient(spec));
      break;
    case 'pause':
      paused = message.value;
      break;
    case 'disconnect':
      for (const client of clients) client.disconnect();
      break;
    case 'connect':
      for (const client of clients) client.connect();
      break;
    case 'resetLag':
      lag.reset();
      break;
    case 'lag':
      parentPort.postMessage({ type: 'lag', id: message.id, p99Ms: Math.max(0, lag.percentile(99) / 1e6 - 10) });
      break;
    case 'stop':
      for (const client of clients) client.disconnect();
      lag.disable();
      parentPort.close();
      break;
  }
});
