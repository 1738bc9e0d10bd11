// Live sync: the WebSocket endpoint `/sync/<boardId>?token=…` speaking the y-websocket protocol,
// so a stock WebsocketProvider works unmodified. The token is checked before the upgrade.
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { CLOSE_CODES, SYNC_PATH } from '#shared/syncWire.js';
import { HttpError } from '../errors.js';
import type { SyncMetrics } from '../metrics.js';
import { BacklogWatch, CLOSE_GRACE_MS, withRetryAdvice } from './backpressure.js';
import { isEmptyUpdateMessage, isFullStateRequest } from './messages.js';
import { type TokenBucket, tokenBucket } from './rateLimit.js';
import type { Peer } from './room.js';
import { FRAMED_MAX_BYTES, wireFrame, wireFrames } from './wireFrame.js';

const PING_INTERVAL_MS = 30_000;
/** How often an idle socket's backlog is judged (a busy one is judged on every send). */
const BACKLOG_CHECK_MS = 1000;
/** Closes that ask the client to come back: their reason carries jittered retry advice. */
const RETRYABLE = new Set<number>([CLOSE_CODES.serverShutdown, CLOSE_CODES.loadFailed]);

/**
 * @fastify/websocket's `preClose`: on shutdown every connection is closed with 4503 and jittered
 * retry advice (its default closes them with no code at all), then the WebSocket server.
 */
export function closeSocketsForRestart(this: FastifyInstance, done: () => void): void {
  for (const socket of this.websocketServer.clients) {
    socket.close(CLOSE_CODES.serverShutdown, withRetryAdvice('the server is restarting'));
  }
  this.websocketServer.close(() => done());
}

export const syncPlugin: FastifyPluginAsync = async (app) => {
  const { maxConnections, maxConnectionsPerAddress, maxConnectionsPerBoard, maxMessagesPerSecond, maxMessageBytes } = app.config;
  const connectionsByAddress = new Map<string, number>();
  const connectionsByBoard = new Map<string, number>();
  let connections = 0;
  /** Messages held for a connection while its board loads, in bytes: two of the largest messages. */
  const maxEarlyBytes = 2 * maxMessageBytes;

  /**
   * Refuses the upgrade (an HTTP answer, before any WebSocket exists) when a limit is reached, and
   * otherwise counts the connection at once: check and count happen with no await between them,
   * so connections arriving together cannot all pass one check. The count is returned when the
   * request's socket closes, whether the upgrade happened or not.
   */
  const admit = async (request: FastifyRequest<{ Params: { boardId: string } }>) => {
    const { boardId } = request.params;
    const address = request.ip;
    if (connections >= maxConnections) {
      throw new HttpError(503, 'server_full', 'This server has as many connections as it can take. Please try again in a minute.');
    }
    if ((connectionsByAddress.get(address) ?? 0) >= maxConnectionsPerAddress) {
      throw new HttpError(429, 'too_many_connections', 'Too many boards are open from your network. Close some tabs and try again.');
    }
    if ((connectionsByBoard.get(boardId) ?? 0) >= maxConnectionsPerBoard) {
      throw new HttpError(429, 'board_full', `This board already has ${maxConnectionsPerBoard} people connected.`);
    }
    connections++;
    connectionsByAddress.set(address, (connectionsByAddress.get(address) ?? 0) + 1);
    connectionsByBoard.set(boardId, (connectionsByBoard.get(boardId) ?? 0) + 1);
    const release = once(() => {
      connections--;
      decrement(connectionsByAddress, address);
      decrement(connectionsByBoard, boardId);
    });
    const socket = request.raw.socket;
    if (socket.destroyed) release();
    else socket.once('close', release);
  };

  app.get<{ Params: { boardId: string } }>(
    `${SYNC_PATH}/:boardId`,
    { websocket: true, preHandler: [app.requireRole('viewer', 'open this board'), admit] },
    (socket, request) => {
      const { boardId } = request.params;
      const { role, token } = request.grant;
      const bucket = tokenBucket(maxMessagesPerSecond);
      const peer = socketPeer(socket, role, token, app.metrics, bucket);
      // Messages can arrive while the board loads; keep them in order until it is ready (bounded).
      const early: Uint8Array[] = [];
      let earlyBytes = 0;
      // A client holding nothing that asks while the board loads from one stored state gets that
      // state at once (rooms.ts): it decodes the board while the server does, not after.
      let storedAnswer: Uint8Array | null = null;
      let answered: Uint8Array | null = null;
      const answerFromStorage = () => {
        if (answered || !storedAnswer || !early.some(isFullStateRequest)) return;
        answered = storedAnswer;
        peer.send(answered);
      };
      let deliver: (data: Uint8Array) => void = (data) => {
        earlyBytes += data.byteLength;
        if (earlyBytes > maxEarlyBytes) return peer.close(CLOSE_CODES.limitExceeded, 'too much sent before the board loaded');
        early.push(data);
        answerFromStorage();
      };
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary) return peer.close(CLOSE_CODES.malformedMessage, 'text messages are not part of the protocol');
        if (!bucket.take()) return peer.close(CLOSE_CODES.limitExceeded, 'too many messages; slow down');
        app.metrics.messagesReceived.inc();
        app.metrics.bytesReceived.inc(data.byteLength);
        const message = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        if (!isEmptyUpdateMessage(message)) deliver(message);
      });

      let alive = true;
      socket.on('pong', () => (alive = true));
      const ping = setInterval(() => {
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
      }, PING_INTERVAL_MS);
      // A stalled socket on a quiet board gets no sends to judge it by: look at it now and then.
      const backlog = setInterval(() => peer.send(null), BACKLOG_CHECK_MS);
      backlog.unref();

      let release: (() => void) | null = null;
      let closed = false;
      socket.on('close', () => {
        closed = true;
        early.length = 0;
        clearInterval(ping);
        clearInterval(backlog);
        release?.();
      });
      socket.on('error', (error) => request.log.warn({ err: error }, 'websocket error'));

      const onStoredAnswer = (answer: Uint8Array) => {
        storedAnswer = answer;
        answerFromStorage();
      };
      app.rooms.acquire(boardId, onStoredAnswer).then(
        (lease) => {
          if (closed) return lease.release();
          const { room } = lease;
          room.join(peer, answered);
          app.storage.touchBoard(boardId, Date.now()).catch((error) => request.log.warn({ err: error }, 'could not record board use'));
          release = () => {
            room.leave(peer);
            lease.release();
          };
          deliver = (data) => room.receive(peer, data);
          for (const data of early.splice(0)) room.receive(peer, data);
        },
        (error) => {
          request.log.error({ err: error, boardId }, 'could not load board');
          peer.close(CLOSE_CODES.loadFailed, 'the board could not be loaded');
        },
      );
    },
  );
};

function decrement(counts: Map<string, number>, key: string): void {
  const remaining = (counts.get(key) ?? 1) - 1;
  if (remaining > 0) counts.set(key, remaining);
  else counts.delete(key);
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}

/** A room's peer on a WebSocket; `send(null)` only judges the socket's backlog. */
function socketPeer(
  socket: WebSocket,
  role: Peer['role'],
  token: string,
  metrics: SyncMetrics,
  bucket: TokenBucket,
): Peer & { send(message: Uint8Array | null, echoOwed?: boolean): void } {
  const watch = new BacklogWatch();
  // The TCP socket under the WebSocket (ws turns Nagle off on it): small messages are written to
  // it as pre-built frames (wireFrame.ts), a flush's messages together as one write.
  const tcp = (socket as unknown as { _socket: Socket })._socket;
  const close = (code: number, reason: string) => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) {
      socket.close(code, RETRYABLE.has(code) ? withRetryAdvice(reason) : reason);
    }
  };
  /** False when nothing should be sent: the socket is closing, or its backlog is hopeless (then it is closed). */
  const writable = (): boolean => {
    if (socket.readyState !== socket.OPEN) return false;
    if (watch.check(socket.bufferedAmount) !== 'hopeless') return true;
    // Its backlog is not draining: stop buffering for it. The close frame sits behind the
    // backlog it cannot read, so the connection is cut shortly after; the client reconnects
    // (backing off) and catches up with one state-vector exchange instead of the backlog.
    metrics.slowDisconnects.inc();
    socket.close(CLOSE_CODES.limitExceeded, withRetryAdvice('connection too slow to keep up'));
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    return false;
  };
  /** One message on the wire: a pre-built frame when small (without compression ws writes every frame at once, in order: ours can go in between), else through ws. */
  const write = (message: Uint8Array) => {
    if (message.byteLength <= FRAMED_MAX_BYTES) tcp.write(wireFrame(message));
    else socket.send(message);
  };
  const counted = (bytes: number, messages: number, echoOwed: boolean) => {
    // The stock client answers every presence message about others with one of its own (an
    // echo): what it is sent, it may send back, on top of its own rate. Else a board whose
    // cursors go out as they move would push its clients past the limit. Not for its own
    // changes or answers to its own queries: those would let it refill its own bucket.
    if (echoOwed) bucket.refund();
    metrics.messagesSent.inc(messages);
    metrics.bytesSent.inc(bytes);
  };
  return {
    role,
    token,
    get backlog() {
      return socket.bufferedAmount;
    },
    send(message, echoOwed = false) {
      if (!writable()) return;
      if (!message) return;
      write(message);
      counted(message.byteLength, 1, echoOwed);
    },
    sendAll(messages, echoOwed) {
      if (!writable()) return;
      let bytes = 0;
      let small = true;
      for (const message of messages) {
        bytes += message.byteLength;
        if (message.byteLength > FRAMED_MAX_BYTES) small = false;
      }
      if (small) tcp.write(wireFrames(messages));
      else for (const message of messages) write(message);
      counted(bytes, messages.length, echoOwed);
    },
    close,
  };
}
