// What judging every participant's update against the protocol's locks costs the server (issue 5):
// a 500-card board, card moves and description keystrokes checked with no lock and with sort
// locked, and a refused move with the check after it. The guard decodes updates; it keeps no copy
// of the board. Prints figures; asserts nothing. Run: npx tsx test/bench/lockGuard.ts
import * as Y from 'yjs';
import { LockGuard } from '../../server/sync/lockGuard.js';
import { setPhaseLock } from '../../shared/protocolSession.js';
import { createCard, placeCard } from '../../shared/schema/card.js';
import { createPile, pileText } from '../../shared/schema/pile.js';
import { readProtocol, writeProtocol } from '../../shared/schema/protocol.js';
import { Histogram } from './lib/stats.js';

const CARDS = 500;
const PILES = 8;
const SAMPLES = 2000;

const room = new Y.Doc();
const piles = Array.from({ length: PILES }, (_, i) => createPile(room, { title: `Strategy ${i}`, x: i * 700, y: 0, w: 600, h: 400 }));
const cards = Array.from({ length: CARDS }, (_, i) => createCard(room, { student: `Student ${i}`, pages: [`asset-${i}`], x: i, y: i }));
const pending: Uint8Array[] = [];
const guard = new LockGuard(room, () => pending);

/** A participant's copy of the board that makes edits, each captured as the update it sends. */
const client = new Y.Doc();
Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
let sent: Uint8Array | null = null;
client.on('update', (update: Uint8Array) => (sent = update));
function edit(change: () => void): Uint8Array {
  sent = null;
  change();
  if (!sent) throw new Error('the edit changed nothing');
  return sent;
}

function measure(label: string, makeUpdate: (i: number) => Uint8Array, role: 'editor' | 'owner' = 'editor'): void {
  const histogram = new Histogram();
  let refused = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const update = makeUpdate(i);
    const started = performance.now();
    const verdict = guard.check(role, update);
    histogram.add(performance.now() - started);
    if (verdict.ok) Y.applyUpdate(room, update);
    else refused++;
  }
  console.log(
    `${label.padEnd(44)} p50 ${histogram.percentile(50).toFixed(3)} ms  p99 ${histogram.percentile(99).toFixed(3)} ms  refused ${refused}/${SAMPLES}`,
  );
}

console.log(`board: ${CARDS} cards, ${PILES} piles, ${(Y.encodeStateAsUpdate(room).byteLength / 1024).toFixed(0)} KB encoded`);
const firstMove = edit(() => placeCard(client, cards[0] ?? '', { pileId: piles[0] ?? null, x: 0, y: 0 }));
const first = performance.now();
guard.check('editor', firstMove);
console.log(`first check                                     ${(performance.now() - first).toFixed(1)} ms`);
// Accepted: the room has it (the guard judges later updates, which build on it, against the room).
Y.applyUpdate(room, firstMove);

measure('card move, no lock', (i) =>
  edit(() => placeCard(client, cards[i % CARDS] ?? '', { pileId: piles[i % PILES] ?? null, x: i + 1, y: i + 1 })),
);
measure('description keystroke, no lock', (i) => edit(() => pileText(client, piles[i % PILES] ?? '', 'description')?.insert(0, 'a')));

const lock = edit(() => writeProtocol(client, setPhaseLock(readProtocol(client), 'sort', true)));
guard.check('owner', lock);
Y.applyUpdate(room, lock);
measure('next-steps keystroke, sort locked', (i) => edit(() => pileText(client, piles[i % PILES] ?? '', 'nextSteps')?.insert(0, 'a')));

// A refused move: the client resyncs in real life; here a fresh copy stands in for its new connection.
const refusals = new Histogram();
for (let i = 0; i < 50; i++) {
  const update = edit(() => placeCard(client, cards[i] ?? '', { pileId: piles[(i + 1) % PILES] ?? null, x: -i, y: -i }));
  let started = performance.now();
  if (guard.check('editor', update).ok) throw new Error('a move during the locked sort was accepted');
  refusals.add(performance.now() - started);
  const next = edit(() => pileText(client, piles[0] ?? '', 'nextSteps')?.insert(0, 'b'));
  started = performance.now();
  guard.check('editor', next);
  refusals.add(performance.now() - started);
  Y.applyUpdate(room, next);
}
console.log(
  `refusal, and the check after it               p50 ${refusals.percentile(50).toFixed(3)} ms  p99 ${refusals.percentile(99).toFixed(3)} ms`,
);
guard.destroy();
