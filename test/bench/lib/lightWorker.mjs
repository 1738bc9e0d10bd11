// A worker thread of light load clients (lightClients.ts): each speaks just enough of the
// y-websocket protocol (or Hocuspocus's framing of it) to load a server as a stock client does —
// the handshake, its own presence (cursor movers at their rate), and the echo of every presence
// message it receives, which the stock clients send too — without a Y.Doc and without parsing
// what it receives beyond the first bytes. Plain JavaScript: a worker runs no TypeScript loader.
//
// Timing is shared with the main thread through one SharedArrayBuffer per sender (see
// lightClients.ts for the layout): the worker writes each state's sequence number and send time
// (performance.timeOrigin + now, one clock for every thread of the process) before sending it.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { WebSocket } from 'ws';

const SLOT = { seq: 0, closes: 1, connected: 2, handshake: 3, ring: 4 };
const RING = 1 << 14;
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const HOCUSPOCUS_AUTH = 2;
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
const encoder = new TextEncoder();
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
    this.connect();
  }

  frame(type, body) {
    const out = [...this.prefix];
    varUint(out, type);
    for (const byte of body) out.push(byte);
    return Uint8Array.from(out);
  }

  connect() {
    if (this.socket) return;
    const socket = new WebSocket(this.spec.url);
    this.socket = socket;
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
      // Sync step 1 with an empty state vector: we hold nothing (the answer is not parsed).
      socket.send(this.frame(MESSAGE_SYNC, [0, 1, 0]));
      this.sendPresence();
    });
    socket.on('message', (data) => this.receive(socket, data));
    socket.on('close', (code) => {
      if (this.socket === socket) {
        this.socket = null;
        this.cell[SLOT.connected] = 0;
        this.cell[SLOT.handshake] = 0;
        if (!this.closing) this.cell[SLOT.closes] += 1;
      }
      this.closing = false;
      void code;
    });
    if (this.spec.role === 'cursor') {
      const period = 1000 / this.spec.hz;
      // A random phase, so a board's senders do not all fire in the same millisecond.
      this.timer = setTimeout(() => {
        this.timer = setInterval(() => this.tick(), period);
        this.tick();
      }, Math.random() * period);
    } else {
      this.renew = setInterval(() => this.sendPresence(), RENEW_MS);
    }
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
    } else if (type === MESSAGE_SYNC && data[at + 1] === 0) {
      // The server's sync step 1: we have nothing it lacks (an empty step 2), and are synced.
      socket.send(this.frame(MESSAGE_SYNC, [1, 2, 0, 0]));
      this.cell[SLOT.handshake] = 1;
    } else if (type === MESSAGE_SYNC && data[at + 1] === 1) {
      this.cell[SLOT.handshake] = 1;
    }
  }

  tick() {
    if (paused) return;
    const seq = this.cell[SLOT.seq] + 1;
    this.cell[SLOT.seq] = seq;
    const angle = seq / 15 + this.spec.index;
    const now = clock();
    this.cell[SLOT.ring + (seq % RING)] = now;
    this.sendPresence({
      user: this.spec.user,
      cursor: { x: Math.round(700 + 500 * Math.cos(angle)), y: Math.round(450 + 300 * Math.sin(angle)) },
      t: Math.round(now * 100) / 100,
      s: seq,
    });
  }

  sendPresence(state = { user: this.spec.user, cursor: null }) {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    const update = [];
    varUint(update, 1);
    varUint(update, this.spec.clientId);
    varUint(update, ++this.clock);
    varBytes(update, encoder.encode(JSON.stringify(state)));
    const body = [];
    varBytes(body, update);
    socket.send(this.frame(MESSAGE_AWARENESS, body));
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
