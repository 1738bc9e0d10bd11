// Workload 3, `kill -9` under load: two classroom boards running; the server process is killed
// with SIGKILL and started again on the same port and data. Lost edits: card positions some
// participant had already received from the server (it relayed them) but that the restarted server
// does not have, read by a fresh client before anyone else reconnects (once the participants
// reconnect they would re-upload what they hold, so a lost edit only shows to whoever joins after
// everyone who saw it has left). Then everyone reconnects: time until all agree again.
import * as Y from 'yjs';
import { connectClient } from '../lib/clients.js';
import type { BenchOptions } from '../lib/harness.js';
import { CLASSROOM, waitUntil } from '../lib/load.js';
import { noiseNote } from '../lib/measure.js';
import { OtherCpuMeter, sleep } from '../lib/proc.js';
import { loadOn } from '../lib/serverLoad.js';
import { LABEL, type RunningServer, removeData, type ServerKind, startServer } from '../lib/servers.js';
import { ms, Section } from '../lib/stats.js';
import { results } from '../lib/summary.js';

const BOARDS = 2;
const MOVE_BASE = 10_000;

export async function kill(kinds: readonly ServerKind[], options: BenchOptions): Promise<Section> {
  const runSeconds = options.quick ? 5 : 12;
  const section = new Section(
    `kill -9 under load: ${BOARDS} classroom boards (${BOARDS * CLASSROOM.participants} clients) for ${runSeconds} s, SIGKILL, restart on the same port and data`,
    'relayed = card writes the server had passed on to someone; lost = relayed but missing after restart (read by a fresh client before the others reconnect); restart = spawn → listening; first board = spawn → a fresh client synced on the first board; resync = everyone reconnecting → all connected, synced and agreeing on every card',
    ['server', 'clients', 'relayed', 'lost', 'restart ms', 'first board ms', 'resync ms', 'total ms', 'note'],
  );
  for (const kind of kinds) {
    options.log(`kill: ${kind}`);
    let server: RunningServer = await startServer(kind);
    const { port, dataPath } = server;
    const load = loadOn(server);
    try {
      await load.addBoards(BOARDS);
      const others = new OtherCpuMeter([server.pid]);
      await sleep(runSeconds * 1000);
      const noise = noiseNote({ otherCpu: others.read() });
      await server.kill9();
      // Participants stop editing and stay away until the audit is done.
      load.paused = true;
      load.disconnectAll();
      const relayed = load.relayedPositions();
      const spawned = performance.now();
      server = await startServer(kind, { port, dataPath });
      const restartMs = server.startMs;
      let firstBoardMs = Number.NaN;
      let relayedCount = 0;
      let lost = 0;
      const notes: string[] = noise ? [noise] : [];
      for (const [b, board] of load.boards.entries()) {
        const stored = await audit(server, board.ref, board.dragCards);
        // The first board a client holds again after the restart: spawn → that client synced.
        if (b === 0) firstBoardMs = stored.syncedAt - spawned;
        if (stored.missingCards > 0) notes.push(`board ${b + 1}: ${stored.missingCards} of ${CLASSROOM.cards} cards missing`);
        for (const [i, position] of (relayed[b] ?? []).entries()) {
          const kept = Math.max(MOVE_BASE, stored.positions[i] ?? 0);
          relayedCount += Math.max(0, position - MOVE_BASE);
          lost += Math.max(0, position - kept);
        }
      }
      const began = performance.now();
      load.connectAll();
      let resyncMs = Number.NaN;
      try {
        await waitUntil(() => load.converged(), 60_000, 'every participant to agree again');
        resyncMs = performance.now() - began;
      } catch (error) {
        notes.push((error as Error).message);
      }
      section.add([
        LABEL[kind],
        String(load.participants.length),
        String(relayedCount),
        String(lost),
        ms(restartMs),
        ms(firstBoardMs),
        ms(resyncMs),
        ms(restartMs + resyncMs),
        notes.join('; '),
      ]);
      results.lost.set(kind, { relayed: relayedCount, lost });
      results.restart.set(kind, restartMs);
      options.log(
        `  relayed ${relayedCount}, lost ${lost}, restart ${ms(restartMs)} ms, first board ${ms(firstBoardMs)} ms, resync ${ms(resyncMs)} ms`,
      );
    } finally {
      load.destroy();
      await server.stop();
      removeData(server);
    }
  }
  return section;
}

/** What the server has of a board, read by a new client: dragged cards' positions and missing cards. */
async function audit(server: RunningServer, board: { name: string; token: string | null }, dragCards: string[]) {
  const client = connectClient(server, board, new Y.Doc());
  const cards = client.doc.getMap('cards');
  try {
    await waitUntil(() => client.synced, 30_000, 'the auditing client to sync');
    const syncedAt = performance.now();
    // The reference server loads from LevelDB after answering the handshake: give stored state
    // a moment to arrive when it is not all there yet.
    const deadline = performance.now() + 3000;
    while (cards.size < CLASSROOM.cards && performance.now() < deadline) await sleep(20);
    const positions = dragCards.map((id) => {
      const x = (cards.get(id) as Y.Map<unknown> | undefined)?.get('x');
      return typeof x === 'number' ? x : 0;
    });
    return { positions, missingCards: CLASSROOM.cards - cards.size, syncedAt };
  } finally {
    client.destroy();
  }
}
