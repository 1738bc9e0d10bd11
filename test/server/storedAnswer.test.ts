// A board nobody has open, stored as one state: a client holding nothing is sent that state while
// the server is still building the board's document from it, so both decode the board at once
// (README "Restart and memory"). What the client got then must still be the whole document when it
// joins; if loading changed the document (a migration, another process's change), its request is
// answered again in full.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCard, listCards } from '#shared/schema/card.js';
import { initBoard } from '#shared/schema/migrations.js';
import { createSqliteStorage } from '../../server/storage/sqlite.js';
import type { Storage } from '../../server/storage/storage.js';
import { type Fanout, type FanoutMessage, localFanout } from '../../server/sync/fanout.js';
import { decodeClientMessage } from '../../server/sync/messages.js';
import type { Peer, Room } from '../../server/sync/room.js';
import { RoomRegistry } from '../../server/sync/rooms.js';

const FULL_STATE_REQUEST = Uint8Array.from([0, 0, 1, 0]);
const quiet = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child: () => quiet } as unknown as FastifyBaseLogger;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A board stored as one state with `cards` cards; `current` false leaves out the schema version (an old board). */
async function storedBoard(cards: number, current: boolean): Promise<{ storage: Storage; boardId: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'worksort-stored-answer-'));
  const storage = createSqliteStorage(dataDir);
  cleanups.push(async () => {
    await storage.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const doc = new Y.Doc();
  if (current) initBoard(doc, { title: 'Fractions', task: '' });
  for (let i = 0; i < cards; i++) createCard(doc, { student: `Student ${i}`, pages: [] });
  const boardId = 'stored-answer-board';
  await storage.createBoard(
    { id: boardId, title: 'Fractions', createdAt: Date.now() },
    { owner: 'o', editor: 'e', viewer: 'v' },
    Y.encodeStateAsUpdate(doc),
  );
  return { storage, boardId };
}

function registry(storage: Storage, fanout: Fanout = localFanout()): RoomRegistry {
  return new RoomRegistry({
    storage,
    fanout,
    log: quiet,
    compactAfterUpdates: 500,
    maxDocumentBytes: 64 << 20,
    maxAwarenessBytes: 1 << 16,
  });
}

function fakePeer(): Peer & { sent: Uint8Array[] } {
  const sent: Uint8Array[] = [];
  return { role: 'viewer', token: 'v', backlog: 0, sent, send: (message) => sent.push(message), close() {} };
}

/** The cards in a sync step 2 message, applied to an empty document. */
function cardsIn(answer: Uint8Array): number {
  const message = decodeClientMessage(answer);
  if (message.kind !== 'update') throw new Error(`not a step 2: ${message.kind}`);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, message.update);
  return listCards(doc).length;
}

/** A client answered `offered` from storage joins and asks for the whole document: the room's answers to it. */
function askForEverything(room: Room, offered: Uint8Array | null): { peer: ReturnType<typeof fakePeer>; answers: Uint8Array[] } {
  const peer = fakePeer();
  room.join(peer, offered);
  room.receive(peer, FULL_STATE_REQUEST);
  return { peer, answers: peer.sent.filter((message) => message[1] === 1) };
}

describe('answering a new client from storage while the board loads', () => {
  it('offers the stored state before the room is ready, and does not send it twice', async () => {
    const { storage, boardId } = await storedBoard(40, true);
    const rooms = registry(storage);
    let offered: Uint8Array | null = null;
    let offeredBeforeReady = false;
    const acquiring = rooms.acquire(boardId, (answer) => {
      offered = answer;
      offeredBeforeReady = rooms.loadedRooms[Symbol.iterator]().next().done === true;
    });
    const { room, release } = await acquiring;
    expect(offeredBeforeReady).toBe(true);
    expect(cardsIn(offered as unknown as Uint8Array)).toBe(40);

    const peer = fakePeer();
    room.join(peer, offered);
    room.receive(peer, FULL_STATE_REQUEST);
    // Our state vector only: the document it already has is not sent again.
    expect(peer.sent.map((message) => message[1])).toEqual([0]);

    // A client that was not answered from storage gets the whole document from the room.
    const late = fakePeer();
    room.join(late);
    room.receive(late, FULL_STATE_REQUEST);
    expect(late.sent.map((message) => message[1])).toEqual([0, 1]);
    expect(cardsIn(late.sent[1] as Uint8Array)).toBe(40);
    room.leave(peer);
    room.leave(late);
    release();
    await rooms.closeAll(1001, 'test over');
  });

  it('answers again in full when loading changed the document', async () => {
    // No schema version: loading migrates the board, so the stored state is no longer all of it.
    const { storage, boardId } = await storedBoard(5, false);
    const rooms = registry(storage);
    let offered: Uint8Array | null = null;
    const { room, release } = await rooms.acquire(boardId, (answer) => {
      offered = answer;
    });
    expect(offered).not.toBeNull();
    const { peer, answers } = askForEverything(room, offered);
    expect(answers).toHaveLength(1);
    const message = decodeClientMessage(answers[0] as Uint8Array);
    const doc = new Y.Doc();
    if (message.kind === 'update') Y.applyUpdate(doc, message.update);
    expect(doc.getMap('meta').get('schemaVersion')).toBe(1);
    room.leave(peer);
    release();
    await rooms.closeAll(1001, 'test over');
  });

  it('answers again in full when another process changed the board while it loaded', async () => {
    const { storage, boardId } = await storedBoard(5, true);
    // Another server process's change, heard on the channel between reading storage and building the document.
    let hear: ((message: FanoutMessage) => void) | null = null;
    const fanout = {
      ...localFanout(),
      async subscribe(_boardId: string, onMessage: (message: FanoutMessage) => void) {
        hear = onMessage;
        return async () => {};
      },
    };
    const rooms = registry(storage, fanout);
    const elsewhere = new Y.Doc();
    createCard(elsewhere, { student: 'From the other process', pages: [] });
    let offered: Uint8Array | null = null;
    const { room, release } = await rooms.acquire(boardId, (answer) => {
      offered = answer;
      hear?.({ kind: 'update', payload: Y.encodeStateAsUpdate(elsewhere) });
    });
    expect(offered).not.toBeNull();
    const { peer, answers } = askForEverything(room, offered);
    expect(answers).toHaveLength(1);
    expect(cardsIn(answers[0] as Uint8Array)).toBe(6);
    room.leave(peer);
    release();
    await rooms.closeAll(1001, 'test over');
  });

  it('offers nothing for a board whose log holds several updates', async () => {
    const { storage, boardId } = await storedBoard(3, true);
    const extra = new Y.Doc();
    createCard(extra, { student: 'Later', pages: [] });
    await storage.appendUpdates(boardId, [Y.encodeStateAsUpdate(extra)]);
    const rooms = registry(storage);
    let offered = false;
    const { release } = await rooms.acquire(boardId, () => {
      offered = true;
    });
    expect(offered).toBe(false);
    release();
    await rooms.closeAll(1001, 'test over');
  });
});
