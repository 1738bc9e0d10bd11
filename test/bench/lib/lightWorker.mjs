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
// Each client writes one WebSocket frame per message, as a stock client does, but through a
// WebSocket of its own (below) rather than `ws`: at 12 boards a worker reads tens of thousands of
// messages a second, and `ws`'s stream machinery per message was most of what it spent beside the
// system calls.
//
// Timing is shared with the main thread through one SharedArrayBuffer per sender (see
// lightClients.ts for the layout): the worker writes each state's sequence number and send time
// (performance.timeOrigin + now, one clock for every thread of the process) before sending it.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
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

// --- A WebSocket client (RFC 6455) with what a light client needs: binary messages out, every
// message in, ping answered, close. ---
const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa };

/**
 * Opens a WebSocket; `events.open()`, `events.message(payload)` (a view into what was read: use it
 * before returning) and `events.close()` (once, whoever closed) report on it.
 */
function openWebSocket(url, events) {
  const connection = { socket: null, open: false, closed: false, send, close };
  const request = http.request(url.replace(/^ws/, 'http'), {
    agent: false,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    },
  });
  request.on('upgrade', (_response, socket, head) => {
    socket.setNoDelay(true);
    connection.socket = socket;
    connection.open = true;
    let unread = null;
    let fragments = [];
    const read = (chunk) => {
      let buffer = unread ? Buffer.concat([unread, chunk]) : chunk;
      for (;;) {
        if (buffer.length < 2) break;
        const fin = buffer[0] & 0x80;
        const opcode = buffer[0] & 0x0f;
        let length = buffer[1] & 0x7f;
        let at = 2;
        if (length === 126) {
          if (buffer.length < 4) break;
          length = buffer.readUInt16BE(2);
          at = 4;
        } else if (length === 127) {
          if (buffer.length < 10) break;
          length = buffer.readUIntBE(4, 6);
          at = 10;
        }
        // A server's frames are never masked (RFC 6455, 5.1).
        if (buffer.length < at + length) break;
        const payload = buffer.subarray(at, at + length);
        buffer = buffer.subarray(at + length);
        if (opcode === OPCODE.ping) sendFrame(OPCODE.pong, [payload]);
        else if (opcode === OPCODE.close) close();
        else if (opcode !== OPCODE.pong) {
          if (!fin || fragments.length > 0) {
            fragments.push(Buffer.from(payload));
            if (!fin) continue;
            const whole = Buffer.concat(fragments);
            fragments = [];
            events.message(whole);
          } else events.message(payload);
        }
        if (!connection.open) return;
      }
      unread = buffer.length > 0 ? buffer : null;
    };
    socket.on('data', read);
    socket.on('error', () => {});
    socket.on('close', finish);
    events.open();
    if (head.length > 0 && connection.open) read(head);
  });
  // Answered without an upgrade (refused, or the server is gone): closed.
  request.on('response', (response) => {
    response.resume();
    finish();
  });
  request.on('error', finish);
  request.end();

  function finish() {
    connection.open = false;
    if (connection.closed) return;
    connection.closed = true;
    events.close();
  }
  /** One frame, masked with a zero key (valid, and the payload goes as it is). */
  function sendFrame(opcode, parts) {
    let length = 0;
    for (const part of parts) length += part.length;
    const header = length < 126 ? 6 : length < 65536 ? 8 : 14;
    const frame = Buffer.allocUnsafe(header + length);
    frame[0] = 0x80 | opcode;
    if (length < 126) frame[1] = 0x80 | length;
    else if (length < 65536) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(length, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeUInt32BE(0, 2);
      frame.writeUInt32BE(length, 6);
    }
    frame.writeUInt32BE(0, header - 4);
    let at = header;
    for (const part of parts) {
      frame.set(part, at);
      at += part.length;
    }
    connection.socket.write(frame);
  }
  /** A binary message, from parts (byte arrays or Uint8Arrays) written one after the other. */
  function send(...parts) {
    if (connection.open) sendFrame(OPCODE.binary, parts);
  }
  /** Drops the connection at once, as `ws`'s terminate() does. */
  function close() {
    connection.open = false;
    if (connection.socket) connection.socket.destroy();
    else request.destroy();
    finish();
  }
  return connection;
}

class LightClient {
  constructor(spec) {
    this.spec = spec;
    this.cell = new Float64Array(spec.buffer);
    this.clock = 0;
    this.connection = null;
    this.timer = null;
    this.renew = null;
    this.prefix = [];
    if (spec.protocol === 'hocuspocus') varBytes(this.prefix, Buffer.from(spec.board));
    if (spec.role === 'drag') {
      this.doc = new Y.Doc();
      this.cards = this.doc.getMap('cards');
      // As the stock provider sends each local transaction's update (sync message, sub-type 2).
      this.doc.on('update', (update, origin) => {
        if (origin === FROM_SERVER) return;
        const head = [SYNC_UPDATE];
        varUint(head, update.length);
        this.send(MESSAGE_SYNC, head, update);
      });
    }
    this.connect();
  }

  /** A message of `type` (after Hocuspocus's document name), its body given in parts. */
  send(type, ...body) {
    this.connection?.send(this.prefix, [type], ...body);
  }

  /** A dragger holds the board's cards (before that it cannot drag, and does not count as synced). */
  holdsCards() {
    // Once held, for good: nobody deletes cards here, and counting them on every update costs.
    this.holding ||= this.cards.size >= this.spec.drag.cards;
    return this.holding;
  }

  connect() {
    if (this.connection) return;
    this.synced = false;
    const connection = openWebSocket(this.spec.url, {
      open: () => {
        this.cell[SLOT.connected] = 1;
        if (this.spec.protocol === 'hocuspocus') {
          // No authentication is configured: an empty token admits the connection.
          this.send(HOCUSPOCUS_AUTH, [0, 0]);
        }
        // Sync step 1 with our state vector: a dragger's doc (empty at first), else an empty one.
        const step1 = [SYNC_STEP1];
        varBytes(step1, this.doc ? Y.encodeStateVector(this.doc) : [0]);
        this.send(MESSAGE_SYNC, step1);
        this.sendPresence();
      },
      message: (data) => this.receive(data),
      close: () => {
        if (this.connection !== connection) return;
        this.connection = null;
        this.cell[SLOT.connected] = 0;
        this.cell[SLOT.handshake] = 0;
        if (!this.closing) this.cell[SLOT.closes] += 1;
        this.closing = false;
      },
    });
    this.connection = connection;
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

  receive(data) {
    let at = 0;
    if (this.spec.protocol === 'hocuspocus') {
      const [length, pos] = readVarUint(data, 0);
      at = pos + length;
    }
    const type = data[at];
    if (type === MESSAGE_AWARENESS) {
      // The stock client re-sends every presence change it hears: so does this one, as it came.
      this.connection?.send(data);
    } else if (type === MESSAGE_SYNC) {
      if (this.doc) this.receiveSync(data, at + 1);
      else if (data[at + 1] === SYNC_STEP1) {
        // The server's sync step 1: we have nothing it lacks (an empty step 2), and are synced.
        this.send(MESSAGE_SYNC, [SYNC_STEP2, 2, 0, 0]);
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
    if (subType === SYNC_UPDATE && this.holdsCards()) return;
    const [payload] = readVarBytes(data, pos);
    if (subType === SYNC_STEP1) {
      const update = Y.encodeStateAsUpdate(this.doc, payload);
      const head = [SYNC_STEP2];
      varUint(head, update.length);
      this.send(MESSAGE_SYNC, head, update);
      return;
    }
    if (subType === SYNC_STEP2) this.synced = true;
    else if (subType !== SYNC_UPDATE) return;
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

  /** An awareness update with this client's one state, as y-protocols encodes it. */
  sendPresence(state = { user: this.spec.user, cursor: null }) {
    if (!this.connection?.open) return;
    const json = Buffer.from(JSON.stringify(state));
    const update = [1];
    varUint(update, this.spec.clientId);
    varUint(update, ++this.clock);
    varUint(update, json.length);
    const head = [];
    varUint(head, update.length + json.length);
    this.send(MESSAGE_AWARENESS, head, update, json);
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
    if (this.connection) {
      this.closing = true;
      this.connection.close();
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
