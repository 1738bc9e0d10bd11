// Joining and reconnecting cost the server no writes: the empty document update every stock
// client sends as its sync step 2 is dropped before storage, while real changes still land.
import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE_SYNC } from '#shared/syncWire.js';
import { encodeUpdate, isEmptyUpdateMessage } from '../../server/sync/messages.js';
import { connectClient, createBoard, startServer, waitFor, waitForSync } from '../fixtures/server.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('empty updates', () => {
  it('recognises the empty update of a client with nothing new, and nothing else', () => {
    const step2 = encoding.createEncoder();
    encoding.writeVarUint(step2, MESSAGE_SYNC);
    syncProtocol.writeSyncStep2(step2, new Y.Doc(), Y.encodeStateVector(new Y.Doc()));
    expect(isEmptyUpdateMessage(encoding.toUint8Array(step2))).toBe(true);
    expect(isEmptyUpdateMessage(encodeUpdate(Y.encodeStateAsUpdate(new Y.Doc())))).toBe(true);
    const doc = new Y.Doc();
    doc.getMap('cards').set('c1', 1);
    expect(isEmptyUpdateMessage(encodeUpdate(Y.encodeStateAsUpdate(doc)))).toBe(false);
  });

  it('clients joining and reconnecting write nothing; their edits still do', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const board = await createBoard(server.url, { title: 'Quiet joins' });
    const first = connectClient(server.wsUrl, board.id, board.tokens.editor);
    cleanups.push(() => first.provider.destroy());
    await waitForSync(first.provider);
    const stored = async () => (await server.app.storage.loadUpdates(board.id)).length;
    const before = await stored();

    const others = Array.from({ length: 5 }, () => connectClient(server.wsUrl, board.id, board.tokens.editor));
    cleanups.push(() => {
      for (const other of others) other.provider.destroy();
    });
    await Promise.all(others.map((other) => waitForSync(other.provider)));
    others[0]?.provider.disconnect();
    others[0]?.provider.connect();
    await waitForSync(others[0]?.provider ?? first.provider);
    expect(await stored()).toBe(before);

    first.doc.getMap('notes').set('n1', 'hello');
    await waitFor(async () => (await stored()) === before + 1, 'the edit to be stored');
    await waitFor(() => others.every((other) => other.doc.getMap('notes').get('n1') === 'hello'), 'everyone to get the edit');
  });
});
