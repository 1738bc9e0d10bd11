// Size on disk of a board after 10,000 card moves, before and after compaction of its update
// log (issue: walking skeleton). Prints figures; asserts nothing. Run: npx tsx test/bench/documentSize.ts
import fs from 'node:fs';
import path from 'node:path';
import { boardCards } from '../../shared/schema/board.js';
import { createCard, placeCard } from '../../shared/schema/card.js';
import { connectClient, createBoard, startServer, waitFor, waitForSync } from '../fixtures/server.js';

const MOVES = 10_000;
const CARDS = 30;

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

// Compaction effectively off while moving, so "before" is the raw log.
const server = await startServer({ COMPACT_AFTER_UPDATES: '1000000', MAX_MESSAGES_PER_SECOND: '100000' });
const board = await createBoard(server.url, { title: 'Size after 10,000 moves' });
const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
await waitForSync(editor.provider);
const ids = Array.from({ length: CARDS }, (_, i) => createCard(editor.doc, { student: `Student ${i}`, pages: [] }));
const started = performance.now();
for (let move = 0; move < MOVES; move++) {
  // One write per drop, as the client does: pile, x and y of one card in one transaction.
  placeCard(editor.doc, ids[move % CARDS] as string, { pileId: null, x: move, y: move % 700 });
  if (move % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
}
await waitFor(
  async () => {
    const room = await server.app.rooms.loaded(board.id);
    return (
      room !== null &&
      boardCards(room.doc)
        .get(ids[(MOVES - 1) % CARDS] as string)
        ?.get('x') ===
        MOVES - 1
    );
  },
  'all moves stored',
  120_000,
);
const moving = performance.now() - started;
const before = await server.app.storage.documentSize(board.id);
const folderBefore = folderBytes(server.dataDir);
editor.provider.destroy();
await waitFor(() => server.app.rooms.loadedCount === 0, 'board unloaded (and compacted)', 30_000);
const after = await server.app.storage.documentSize(board.id);
await server.close();
const folderAfter = folderBytes(server.dataDir);

console.log(`${MOVES} moves of ${CARDS} cards, sent in ${(moving / 1000).toFixed(1)} s`);
console.log(`update log before compaction: ${before.updates} rows, ${kb(before.bytes)}; data folder ${kb(folderBefore)}`);
console.log(`update log after compaction:  ${after.updates} row,  ${kb(after.bytes)}; data folder ${kb(folderAfter)}`);
process.exit(0);
