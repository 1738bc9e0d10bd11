// A link-holder tries to stall, flood or rewrite a board, as an attacker would with a raw socket:
// each attack is refused or bounded, the attacker is told why, and everyone else carries on.
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { setPhaseLock } from '#shared/protocolSession.js';
import { createCard, getCard, placeCard } from '#shared/schema/card.js';
import { readProtocol, writeProtocol } from '#shared/schema/protocol.js';
import { CLOSE_CODES, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '#shared/syncWire.js';
import { HOLD_MS, SYNC_MS_PER_SECOND_PER_BOARD, SYNC_SEND_BYTES_PER_MS } from '../../server/sync/room.js';
import {
  type CreatedBoard,
  connectClient,
  createBoard,
  startServer,
  type TestServer,
  tryUpgrade,
  waitFor,
  waitForSync,
} from '../fixtures/server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(env: Record<string, string> = {}) {
  const server = await startServer(env);
  cleanups.push(() => server.close());
  const board = await createBoard(server.url, { title: 'Attacks', task: '48 + 27' });
  return { server, board };
}

interface Client {
  doc: Y.Doc;
  provider: ReturnType<typeof connectClient>['provider'];
  closed: Promise<{ code: number; reason: string }>;
}

function client(server: TestServer, boardId: string, token: string): Client {
  const connection = connectClient(server.wsUrl, boardId, token);
  cleanups.push(() => connection.provider.destroy());
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    connection.provider.on('connection-close', (event) => {
      if (event) resolve({ code: event.code, reason: event.reason });
    }),
  );
  return { ...connection, closed };
}

/** A raw socket: what an attacker scripts. */
interface Raw {
  socket: WebSocket;
  messages: Uint8Array[];
  closed: Promise<{ code: number; reason: string }>;
  send(message: Uint8Array): void;
  /** Resolves once the server has handled everything sent before it (it answers in order). */
  roundTrip(): Promise<void>;
}

async function raw(server: TestServer, board: CreatedBoard, token: string, headers: Record<string, string> = {}): Promise<Raw> {
  const socket = new WebSocket(`${server.wsUrl}/sync/${board.id}?token=${token}`, { headers });
  cleanups.push(() => socket.terminate());
  socket.on('error', () => {});
  const messages: Uint8Array[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data: Buffer) => {
    messages.push(new Uint8Array(data));
    if (data[0] === MESSAGE_AWARENESS) waiters.shift()?.();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade answered ${response.statusCode}`)));
  });
  return {
    socket,
    messages,
    closed,
    send: (message) => socket.send(message),
    roundTrip() {
      const answered = new Promise<void>((resolve) => waiters.push(resolve));
      socket.send(Uint8Array.of(MESSAGE_QUERY_AWARENESS));
      return Promise.race([
        answered,
        closed.then(({ code, reason }) => {
          throw new Error(`the server closed the connection (${code} ${reason})`);
        }),
      ]);
    },
  };
}

function syncUpdateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An update with no structs and a delete set covering `len` clocks of `client` from `clock`. */
function deleteOnlyUpdate(client: number, clock: number, len: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0); // no structs
  encoding.writeVarUint(encoder, 1); // delete set: one client
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, 1); // one range
  encoding.writeVarUint(encoder, clock);
  encoding.writeVarUint(encoder, len);
  return encoding.toUint8Array(encoder);
}

/** The board as storage holds it: every stored update applied to a fresh document. */
async function stored(server: TestServer, boardId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of await server.app.storage.loadUpdates(boardId)) Y.applyUpdate(doc, update);
  return doc;
}

describe('updates that would leave changes pending', () => {
  it('a delete of the facilitator’s future changes cannot erase the lock they make next', async () => {
    const { server, board } = await setup();
    const owner = client(server, board.id, board.tokens.owner);
    const watcher = client(server, board.id, board.tokens.editor);
    await Promise.all([waitForSync(owner.provider), waitForSync(watcher.provider)]);

    const attacker = await raw(server, board, board.tokens.editor);
    const next = Y.getState(owner.doc.store, owner.doc.clientID);
    attacker.send(syncUpdateMessage(deleteOnlyUpdate(owner.doc.clientID, next, 1)));
    await attacker.roundTrip();

    writeProtocol(owner.doc, setPhaseLock(readProtocol(owner.doc), 'sort', true));
    await waitFor(() => readProtocol(watcher.doc).locks.sort, 'the lock reaches the other participant');
    // Once the lock exists, the waiting delete is judged for what it does: it deletes the lock.
    expect((await attacker.closed).code).toBe(CLOSE_CODES.editRefused);
    expect(readProtocol(watcher.doc).locks.sort).toBe(true);
    expect(readProtocol(await stored(server, board.id)).locks.sort).toBe(true);
  });

  it(
    'a delete of clocks nobody has written is refused after a wait and never stored; later edits survive',
    async () => {
      const { server, board } = await setup();
      const owner = client(server, board.id, board.tokens.owner);
      const watcher = client(server, board.id, board.tokens.viewer);
      await Promise.all([waitForSync(owner.provider), waitForSync(watcher.provider)]);
      const attacker = await raw(server, board, board.tokens.editor);
      const next = Y.getState(owner.doc.store, owner.doc.clientID);
      attacker.send(syncUpdateMessage(deleteOnlyUpdate(owner.doc.clientID, next + 5, 1000)));
      await attacker.roundTrip();

      const card = createCard(owner.doc, { student: 'Ana M.', pages: [] });
      placeCard(owner.doc, card, { pileId: null, order: 0, x: 120, y: 40 });
      const refused = await attacker.closed;
      expect(refused).toEqual({ code: CLOSE_CODES.malformedMessage, reason: 'update refers to changes this board does not have' });
      placeCard(owner.doc, card, { pileId: null, order: 0, x: 300, y: 40 });
      await waitFor(() => getCard(watcher.doc, card)?.x === 300, 'the owner’s later edit reaches the viewer');

      const saved = await stored(server, board.id);
      expect(saved.store.pendingDs).toBeNull();
      expect(getCard(saved, card)?.x).toBe(300);
    },
    HOLD_MS + 20_000,
  );

  it('a pending delete stored before this check existed is dropped when the board loads', async () => {
    const { server, board } = await setup();
    const owner = client(server, board.id, board.tokens.owner);
    await waitForSync(owner.provider);
    const next = Y.getState(owner.doc.store, owner.doc.clientID);
    owner.provider.destroy();
    await waitFor(async () => (await server.app.rooms.peerCount(board.id)) === 0, 'the board unloads');
    await server.app.storage.appendUpdates(board.id, [deleteOnlyUpdate(owner.doc.clientID, next, 50)]);

    // The same tab comes back (same client id) after the board was reloaded from storage.
    const tab = new Y.Doc();
    tab.clientID = owner.doc.clientID;
    Y.applyUpdate(tab, Y.encodeStateAsUpdate(owner.doc));
    const updates: Uint8Array[] = [];
    tab.on('update', (update: Uint8Array) => updates.push(update));
    const watcher = client(server, board.id, board.tokens.viewer);
    await waitForSync(watcher.provider);
    const back = await raw(server, board, board.tokens.owner);
    const card = createCard(tab, { student: 'Cai L.', pages: [] });
    for (const update of updates) back.send(syncUpdateMessage(update));
    await waitFor(() => getCard(watcher.doc, card) !== null, 'the owner’s card reaches the viewer');
    expect(await server.app.rooms.withRoom(board.id, (room) => getCard(room.doc, card))).not.toBeNull();
  });

  it('an honest update that arrives before the change it builds on waits for it, then applies', async () => {
    const { server, board } = await setup();
    const watcher = client(server, board.id, board.tokens.viewer);
    await waitForSync(watcher.provider);
    // A tab that reconnected from another server process: it sends an edit building on a change
    // this process has not heard yet.
    const tab = new Y.Doc();
    Y.applyUpdate(tab, Y.encodeStateAsUpdate(watcher.doc));
    const updates: Uint8Array[] = [];
    tab.on('update', (update: Uint8Array) => updates.push(update));
    const card = createCard(tab, { student: 'Ben K.', pages: [] });
    placeCard(tab, card, { pileId: null, order: 0, x: 512, y: 64 });
    const [created, placed] = updates as [Uint8Array, Uint8Array];

    const late = await raw(server, board, board.tokens.editor);
    late.send(syncUpdateMessage(placed));
    await late.roundTrip();
    const early = await raw(server, board, board.tokens.editor);
    early.send(syncUpdateMessage(created));
    await waitFor(() => getCard(watcher.doc, card)?.x === 512, 'both edits reach the viewer');
    expect(late.socket.readyState).toBe(WebSocket.OPEN);
    expect(getCard(await stored(server, board.id), card)?.x).toBe(512);
  });
});

/** An awareness message with one entry per `[clientId, clock, state]`. */
function presenceMessage(entries: [number, number, unknown][]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(inner, clientId);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, JSON.stringify(state));
  }
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

async function presenceCount(server: TestServer, boardId: string): Promise<number> {
  return server.app.rooms.withRoom(boardId, (room) => room.presence.size);
}

describe('presence', () => {
  it('a viewer announcing thousands of participants is closed after a few; the rest carry on', async () => {
    const { server, board } = await setup();
    const alice = client(server, board.id, board.tokens.editor);
    alice.provider.awareness.setLocalState({ user: { name: 'Alice', color: '#d7263d', role: 'editor' } });
    await waitForSync(alice.provider);
    await waitFor(async () => (await presenceCount(server, board.id)) === 1, 'Alice’s presence is known');

    const flooder = await raw(server, board, board.tokens.viewer);
    for (let message = 0; message < 50 && flooder.socket.readyState === WebSocket.OPEN; message++) {
      const entries: [number, number, unknown][] = [];
      for (let i = 0; i < 100; i++) entries.push([1_000_000 + message * 100 + i, 1, { user: { name: 'Ghost', color: '#000000' } }]);
      flooder.send(presenceMessage(entries));
    }
    expect(await flooder.closed).toEqual({ code: CLOSE_CODES.limitExceeded, reason: 'one connection speaks for one participant' });
    await waitFor(async () => (await presenceCount(server, board.id)) === 1, 'only Alice is left once the flooder is gone');
    // Alice still works: her next state reaches the server.
    alice.provider.awareness.setLocalStateField('cursor', { x: 5, y: 6 });
    await waitFor(
      async () =>
        server.app.rooms.withRoom(
          board.id,
          (room) => (room.presence.stateOf(alice.doc.clientID) as { cursor?: { x: number } } | null)?.cursor?.x === 5,
        ),
      'Alice’s cursor arrives',
    );
  });

  it('the records of participants who left are freed once their echoes are over', { timeout: 90_000 }, async () => {
    const { server, board } = await setup();
    const alice = client(server, board.id, board.tokens.editor);
    alice.provider.awareness.setLocalState({ user: { name: 'Alice', color: '#d7263d', role: 'editor' } });
    await waitForSync(alice.provider);
    const records = () => server.app.rooms.withRoom(board.id, (room) => room.presence.recordCount);
    await waitFor(async () => (await presenceCount(server, board.id)) === 1, 'Alice’s presence is known');
    const before = await records();
    const visitor = await raw(server, board, board.tokens.viewer);
    visitor.send(presenceMessage([1, 2, 3, 4].map((i) => [2_000_000 + i, 1, { user: { name: `Tab ${i}` } }] as [number, number, unknown])));
    await visitor.roundTrip();
    expect(await records()).toBe(before + 4);
    visitor.socket.close();
    let moves = 0;
    await waitFor(
      async () => {
        alice.provider.awareness.setLocalStateField('cursor', { x: moves++, y: 0 });
        return (await records()) === before;
      },
      'the visitor’s records are freed',
      60_000,
    );
  });

  it('a viewer cannot remove another participant’s presence with a null state at the same clock', async () => {
    const { server, board } = await setup();
    const alice = client(server, board.id, board.tokens.editor);
    alice.provider.awareness.setLocalState({ user: { name: 'Alice', color: '#d7263d', role: 'editor' } });
    await waitForSync(alice.provider);
    await waitFor(async () => (await presenceCount(server, board.id)) === 1, 'Alice’s presence is known');
    const clock = alice.provider.awareness.meta.get(alice.doc.clientID)?.clock ?? 0;

    const attacker = await raw(server, board, board.tokens.viewer);
    attacker.send(presenceMessage([[alice.doc.clientID, clock, null]]));
    attacker.send(presenceMessage([[alice.doc.clientID, clock + 1, null]]));
    await attacker.roundTrip();
    expect(await presenceCount(server, board.id)).toBe(1);
    expect(attacker.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('the role in a participant’s presence is the one its link grants', async () => {
    const { server, board } = await setup();
    const watcher = client(server, board.id, board.tokens.editor);
    await waitForSync(watcher.provider);
    const viewer = client(server, board.id, board.tokens.viewer);
    viewer.provider.awareness.setLocalState({ user: { name: 'Mallory', color: '#000000', role: 'owner' } });
    await waitFor(() => watcher.provider.awareness.getStates().has(viewer.doc.clientID), 'the viewer’s presence arrives');
    const seen = watcher.provider.awareness.getStates().get(viewer.doc.clientID) as { user: { name: string; role: string } };
    expect(seen.user).toMatchObject({ name: 'Mallory', role: 'viewer' });
  });
});

describe('a whole school behind one address', () => {
  it('with the defaults, 300 participants from one address on 10 boards connect and work', { timeout: 120_000 }, async () => {
    const { server } = await setup();
    const boards = await Promise.all(Array.from({ length: 10 }, (_, i) => createBoard(server.url, { title: `Table ${i + 1}` })));
    const tables = boards.map((board) => ({
      board,
      people: Array.from({ length: 30 }, (_, i) => client(server, board.id, i === 0 ? board.tokens.owner : board.tokens.editor)),
    }));
    const everyone = tables.flatMap((table) => table.people);
    await Promise.all(everyone.map((person) => waitForSync(person.provider, 60_000)));
    // Everyone loads the board's details too, as the app does on opening it.
    const answers = await Promise.all(
      tables.flatMap(({ board, people }) =>
        people.map(() => fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.editor}` } })),
      ),
    );
    expect(answers.map((answer) => answer.status).filter((status) => status !== 200)).toEqual([]);
    // Everyone adds a card; every table sees all 30.
    for (const { people } of tables)
      for (const [i, person] of people.entries()) createCard(person.doc, { student: `Student ${i}`, pages: [] });
    await waitFor(
      () => tables.every(({ people }) => people.every((person) => person.doc.getMap('cards').size === 30)),
      'every card reaches every table',
      60_000,
    );
  });

  it('requests without a valid token stay limited per address; a board link has its own budget', async () => {
    const { server, board } = await setup({ HTTP_REQUESTS_PER_MINUTE: '5', HTTP_REQUESTS_PER_MINUTE_PER_TOKEN: '8' });
    const get = (token: string) => fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${token}` } });
    const guessed: number[] = [];
    for (let i = 0; i < 7; i++) guessed.push((await get(`guess-${i}`)).status);
    expect(guessed.slice(0, 5).every((status) => status === 401)).toBe(true);
    expect(guessed.slice(5)).toEqual([429, 429]);
    // The same address, with a real link, is not locked out by the guesses…
    const linked: number[] = [];
    for (let i = 0; i < 10; i++) linked.push((await get(board.tokens.viewer)).status);
    expect(linked.slice(0, 8).every((status) => status === 200)).toBe(true);
    // …and the link has a limit of its own.
    expect(linked.slice(8)).toEqual([429, 429]);
    expect(await (await get(board.tokens.viewer)).json()).toMatchObject({ error: 'rate_limited' });
  });

  it('the page-image exemption follows the route, not a query string that mentions it', async () => {
    const { server, board } = await setup({ HTTP_REQUESTS_PER_MINUTE: '3', HTTP_REQUESTS_PER_MINUTE_PER_TOKEN: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const url = `${server.url}/api/boards/${board.id}?x=/assets/`;
      statuses.push((await fetch(url, { headers: { authorization: `Bearer ${board.tokens.viewer}` } })).status);
    }
    expect(statuses).toContain(429);
  });

  it('connections arriving together get exactly the per-board cap, and their places back when they leave', async () => {
    const { server, board } = await setup({ MAX_CONNECTIONS_PER_BOARD: '5' });
    const url = `${server.wsUrl}/sync/${board.id}?token=${board.tokens.viewer}`;
    const sockets = Array.from({ length: 20 }, () => new WebSocket(url));
    for (const socket of sockets) cleanups.push(() => socket.terminate());
    const outcomes = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<number>((resolve) => {
            socket.on('error', () => {});
            socket.once('open', () => resolve(101));
            socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
          }),
      ),
    );
    expect(outcomes.filter((status) => status === 101)).toHaveLength(5);
    expect(outcomes.filter((status) => status === 429)).toHaveLength(15);
    // Once they leave, their places are free again.
    for (const socket of sockets) socket.close();
    await waitFor(async () => (await tryUpgrade(url)).status === 101, 'a place frees up');
  });
});

function syncStep1Message(entries: [number, number][]): Uint8Array {
  const sv = encoding.createEncoder();
  encoding.writeVarUint(sv, entries.length);
  for (const [client, clock] of entries) {
    encoding.writeVarUint(sv, client);
    encoding.writeVarUint(sv, clock);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(sv));
  return encoding.toUint8Array(encoder);
}

/** A board of `cards` cards written straight to storage by one client; answers that client's id. */
async function bigBoard(server: TestServer, boardId: string, cards: number): Promise<{ client: number; clock: number }> {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < cards; i++) createCard(doc, { student: `Student ${i}`, pages: [`page-${i}`], x: i, y: i });
  });
  await server.app.storage.appendUpdates(boardId, [Y.encodeStateAsUpdate(doc)]);
  return { client: doc.clientID, clock: Y.getState(doc.store, doc.clientID) };
}

describe('sync requests', () => {
  it('a burst of sync requests with made-up state vectors does not stall an honest edit', { timeout: 120_000 }, async () => {
    const { server, board } = await setup();
    const { client: author } = await bigBoard(server, board.id, 5000);
    const owner = client(server, board.id, board.tokens.owner);
    const watcher = client(server, board.id, board.tokens.viewer);
    await Promise.all([waitForSync(owner.provider, 60_000), waitForSync(watcher.provider, 60_000)]);
    const card = createCard(owner.doc, { student: 'Ana M.', pages: [] });
    await waitFor(() => getCard(watcher.doc, card) !== null, 'the card reaches the watcher');

    // 50 connections each ask 4 times, every state vector different, so no answer repeats.
    const attackers = await Promise.all(Array.from({ length: 50 }, () => raw(server, board, board.tokens.viewer)));
    let clock = 1;
    for (const attacker of attackers) for (let i = 0; i < 4; i++) attacker.send(syncStep1Message([[author, clock++]]));

    const delays: number[] = [];
    for (let x = 1; x <= 10; x++) {
      const sent = performance.now();
      placeCard(owner.doc, card, { pileId: null, x, y: 0 });
      await waitFor(() => getCard(watcher.doc, card)?.x === x, 'the edit reaches the watcher', 60_000);
      delays.push(performance.now() - sent);
    }
    // Unbounded, the 200 answers take ~40 ms each on the main thread: seconds of stall.
    expect(Math.max(...delays)).toBeLessThan(1500);
    // The attackers' requests wait their turn: nobody is closed for asking once per connection.
    expect(attackers.every((attacker) => attacker.socket.readyState === WebSocket.OPEN)).toBe(true);
    expect(attackers.some((attacker) => attacker.messages.some((m) => m[0] === MESSAGE_SYNC && m[1] === 1))).toBe(true);
  });

  it('a cached answer still counts when sent: a few bytes of request cannot ask for megabytes a second', { timeout: 120_000 }, async () => {
    const { server, board } = await setup();
    await bigBoard(server, board.id, 5000);
    const attackers = await Promise.all(Array.from({ length: 40 }, () => raw(server, board, board.tokens.viewer)));
    const answeredAt: number[] = [];
    for (const attacker of attackers) {
      attacker.socket.on('message', (data: Buffer) => {
        if (data[0] === MESSAGE_SYNC && data[1] === 1 && data.length > 100_000) answeredAt.push(performance.now());
      });
    }
    // The same request from each: after the first, every answer is the cached ~1 MB document.
    for (const attacker of attackers) attacker.send(syncStep1Message([]));
    await waitFor(() => answeredAt.length === attackers.length, 'every request is answered in turn', 60_000);
    // Sent at the board's pace (its budget counts the bytes), not all at once: 40 MB take seconds.
    const spread = Math.max(...answeredAt) - Math.min(...answeredAt);
    const budgetMs = (40 * 1_000_000) / SYNC_SEND_BYTES_PER_MS;
    // Half the paced time at least: the budget starts full, so the first answers go at once.
    expect(spread).toBeGreaterThan(((budgetMs / SYNC_MS_PER_SECOND_PER_BOARD) * 1000) / 2);
    expect(attackers.every((attacker) => attacker.socket.readyState === WebSocket.OPEN)).toBe(true);
  });

  it('a connection asking again and again is closed', async () => {
    const { server, board } = await setup();
    const attacker = await raw(server, board, board.tokens.viewer);
    for (let i = 0; i < 20; i++) attacker.send(syncStep1Message([[1, i + 1]]));
    expect(await attacker.closed).toEqual({ code: CLOSE_CODES.limitExceeded, reason: 'too many sync requests' });
  });
});

describe('document memory', () => {
  it('an update of many tiny items is measured by the memory it would take, not its bytes', async () => {
    const { server, board } = await setup({ MAX_DOCUMENT_BYTES: String(4 * 1024 * 1024) });
    const watcher = client(server, board.id, board.tokens.viewer);
    await waitForSync(watcher.provider);
    const editor = await raw(server, board, board.tokens.editor);
    // An honest edit passes…
    const honest = new Y.Doc();
    Y.applyUpdate(honest, Y.encodeStateAsUpdate(watcher.doc));
    const updates: Uint8Array[] = [];
    honest.on('update', (update: Uint8Array) => updates.push(update));
    const card = createCard(honest, { student: 'Ana M.', pages: [] });
    editor.send(syncUpdateMessage(updates[0] as Uint8Array));
    await waitFor(() => getCard(watcher.doc, card) !== null, 'an honest card arrives');
    // …20,000 one-key items (~0.3 MiB, ~9 MiB in memory) do not.
    const flood = new Y.Doc();
    const keys = flood.getMap('flood');
    flood.transact(() => {
      for (let i = 0; i < 20_000; i++) keys.set(`k${i}`, i);
    });
    const update = Y.encodeStateAsUpdate(flood);
    expect(update.byteLength).toBeLessThan(1024 * 1024);
    editor.send(syncUpdateMessage(update));
    expect(await editor.closed).toEqual({ code: CLOSE_CODES.limitExceeded, reason: 'this board has reached its size limit' });
    expect((await stored(server, board.id)).getMap('flood').size).toBe(0);
  });
});
