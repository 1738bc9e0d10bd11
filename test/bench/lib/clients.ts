// Each server's own client, behind one small interface: the stock y-websocket WebsocketProvider
// for ours and the reference server, @hocuspocus/provider for Hocuspocus. Plus a raw socket that
// joins a board and then can stop reading (the slow consumer).
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SYNC_PATH } from '../../../shared/syncWire.js';
import { importBenchPackage } from './benchPackages.js';
import type { BoardRef, Protocol } from './servers.js';

/** What the bench uses of @hocuspocus/provider (test/bench/package.json). */
interface HocuspocusConfiguration {
  url: string;
  name: string;
  document: Y.Doc;
  /** Passed on to the socket the provider makes (its own type leaves the socket's options out). */
  WebSocketPolyfill: unknown;
  onOpen: () => void;
  onClose: (event: { event: { code: number } }) => void;
}
interface HocuspocusProvider {
  readonly awareness: Awareness | null;
  readonly isSynced: boolean;
  readonly configuration: { websocketProvider: { webSocket: unknown } };
  connect(): unknown;
  disconnect(): void;
  destroy(): void;
}
const { HocuspocusProvider } = await importBenchPackage<{
  HocuspocusProvider: new (configuration: HocuspocusConfiguration) => HocuspocusProvider;
}>('@hocuspocus/provider');

export interface BenchClient {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  /** The sync handshake is done (and, for Hocuspocus, no local change is unacknowledged). */
  readonly synced: boolean;
  readonly connected: boolean;
  /** Close codes of connections the server (or the network) closed; our own closes are not listed. */
  readonly closes: number[];
  /** The `ws` socket of the current connection, if any. */
  socket(): WebSocket | null;
  connect(): void;
  disconnect(): void;
  destroy(): void;
}

export interface Endpoint {
  protocol: Protocol;
  wsUrl: string;
}

const WebSocketPolyfill = WebSocket as unknown as typeof globalThis.WebSocket;

/**
 * `ws` with an error listener from the start: Hocuspocus's provider closes a socket that is still
 * connecting when its connect timeout passes, and `ws` then emits 'error', which without a
 * listener would take the whole generator down (a browser's WebSocket never throws there).
 */
class QuietWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => {});
  }
}

export function connectClient(endpoint: Endpoint, board: BoardRef, doc = new Y.Doc()): BenchClient {
  if (endpoint.protocol === 'hocuspocus') return hocuspocusClient(endpoint.wsUrl, board, doc);
  const serverUrl = endpoint.protocol === 'worksort' ? `${endpoint.wsUrl}${SYNC_PATH}` : endpoint.wsUrl;
  const provider = new WebsocketProvider(serverUrl, board.name, doc, {
    params: board.token ? { token: board.token } : {},
    WebSocketPolyfill,
    // One process holds every client: without this they would sync through BroadcastChannel
    // and bypass the server (README, "Measured facts").
    disableBc: true,
  });
  const closes: number[] = [];
  // `event` is null when the provider closed the socket itself (disconnect, destroy).
  provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  return {
    doc,
    awareness: provider.awareness,
    closes,
    get synced() {
      return provider.synced;
    },
    get connected() {
      return provider.wsconnected;
    },
    socket: () => provider.ws as unknown as WebSocket | null,
    connect: () => provider.connect(),
    disconnect: () => provider.disconnect(),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

function hocuspocusClient(wsUrl: string, board: BoardRef, doc: Y.Doc): BenchClient {
  let open = false;
  let closing = false;
  const closes: number[] = [];
  // With `url`, the provider makes and manages its own socket, passing these options on to it.
  const configuration: HocuspocusConfiguration = {
    url: wsUrl,
    name: board.name,
    document: doc,
    WebSocketPolyfill: QuietWebSocket,
    onOpen: () => {
      open = true;
    },
    onClose: ({ event }: { event: { code: number } }) => {
      open = false;
      if (!closing) closes.push(event.code);
      closing = false;
    },
  };
  const provider = new HocuspocusProvider(configuration);
  const awareness = provider.awareness;
  if (!awareness) throw new Error('Hocuspocus provider has no awareness');
  return {
    doc,
    awareness,
    closes,
    get synced() {
      return provider.isSynced;
    },
    get connected() {
      return open;
    },
    socket: () => provider.configuration.websocketProvider.webSocket as unknown as WebSocket | null,
    connect: () => void provider.connect(),
    disconnect: () => {
      closing = open;
      provider.disconnect();
    },
    destroy: () => {
      closing = open;
      provider.destroy();
      doc.destroy();
    },
  };
}

/**
 * A bare socket joined to a board that never answers anything: the server streams the board's
 * traffic to it. `pause()` stops reading from the socket (TCP then pushes back on the server).
 */
export interface RawClient {
  /** Bytes received so far. */
  readonly received: number;
  readonly closed: boolean;
  readonly closeCode: number | null;
  pause(): void;
  resume(): void;
  close(): void;
}

export async function connectRaw(endpoint: Endpoint, board: BoardRef): Promise<RawClient> {
  const url =
    endpoint.protocol === 'worksort'
      ? `${endpoint.wsUrl}${SYNC_PATH}/${board.name}?token=${board.token}`
      : endpoint.protocol === 'y-websocket'
        ? `${endpoint.wsUrl}/${board.name}`
        : endpoint.wsUrl;
  const socket = new WebSocket(url);
  let received = 0;
  let closeCode: number | null = null;
  socket.on('message', (data: Buffer) => {
    received += data.byteLength;
  });
  socket.on('close', (code) => {
    closeCode = code;
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  if (endpoint.protocol === 'hocuspocus') {
    // Hocuspocus frames every message with the document name and admits a connection to a
    // document after an authentication message (an empty token: no auth is configured).
    const auth = encoding.createEncoder();
    encoding.writeVarString(auth, board.name);
    encoding.writeVarUint(auth, 2); // MessageType.Auth
    encoding.writeVarUint(auth, 0); // AuthMessageType.Token
    encoding.writeVarString(auth, '');
    socket.send(encoding.toUint8Array(auth));
    const sync = encoding.createEncoder();
    encoding.writeVarString(sync, board.name);
    encoding.writeVarUint(sync, 0); // MessageType.Sync
    syncProtocol.writeSyncStep1(sync, new Y.Doc());
    socket.send(encoding.toUint8Array(sync));
  }
  const tcp = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  return {
    get received() {
      return received;
    },
    get closed() {
      return closeCode !== null;
    },
    get closeCode() {
      return closeCode;
    },
    pause: () => tcp.pause(),
    resume: () => tcp.resume(),
    close: () => socket.terminate(),
  };
}
