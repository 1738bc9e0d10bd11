// Workload 4, a slow consumer: a classroom board running; one extra raw socket on it
// stops reading for 30 s (its TCP window fills, the server has to hold or drop what it sends).
// Measured: everyone else's latency before, during and after, and the server's memory.
import { connectRaw } from '../lib/clients.js';
import type { BenchOptions } from '../lib/harness.js';
import { closesCell, DELIVERY_COLUMN, healthNote, latencyCells, measure, measureSettled, stepSeconds } from '../lib/measure.js';
import { memory, sleep } from '../lib/proc.js';
import { loadOn } from '../lib/serverLoad.js';
import { LABEL, removeData, type ServerKind, startServer } from '../lib/servers.js';
import { fixed, Section } from '../lib/stats.js';

const BOARDS = 1;

export async function slow(kinds: readonly ServerKind[], options: BenchOptions): Promise<Section> {
  const pauseSeconds = options.quick ? 10 : 30;
  const seconds = stepSeconds(options.quick);
  const section = new Section(
    `slow consumer: ${BOARDS} classroom board; one more raw socket on it stops reading for ${pauseSeconds} s`,
    'latency ms and delivery of everyone else (same as classroom); closed = connections of participants the server closed (count×code); CPU % of one core; RSS MiB at the end of the phase, peak = highest RSS sampled each second; slow socket = what happened to it (bytes it got before / after resuming)',
    [
      'server',
      'phase',
      'move p50',
      'move p99',
      'cursor p50',
      'cursor p99',
      DELIVERY_COLUMN,
      'closed',
      'CPU %',
      'RSS',
      'peak RSS',
      'slow socket',
      'note',
    ],
  );
  for (const kind of kinds) {
    options.log(`slow: ${kind}`);
    const server = await startServer(kind);
    const load = loadOn(server);
    try {
      await load.addBoards(BOARDS);
      await sleep(3000);
      const board = load.boards[0];
      if (!board) throw new Error('no board');
      const raw = await connectRaw(server, board.ref);
      await sleep(1000);
      const before = await measureSettled(load, [server.pid], seconds, { log: options.log, attempts: options.quick ? 1 : 2 });
      const receivedBefore = raw.received;
      section.add([
        LABEL[kind],
        'before',
        ...latencyCells(before.window),
        closesCell(before.window),
        fixed(before.cpu[0] ?? Number.NaN, 0),
        fixed(before.memory[0]?.rssMb ?? Number.NaN, 0),
        '',
        `${fixed(receivedBefore / 1024, 0)} KiB so far`,
        healthNote(before),
      ]);
      raw.pause();
      let peak = 0;
      const sampler = setInterval(() => {
        peak = Math.max(peak, memory(server.pid).rssMb);
      }, 1000);
      const paused = await measure(load, [server.pid], pauseSeconds, 0);
      clearInterval(sampler);
      peak = Math.max(peak, paused.memory[0]?.rssMb ?? 0);
      const receivedWhilePaused = raw.received;
      raw.resume();
      await sleep(3000);
      const outcome = raw.closed
        ? `closed by server (code ${raw.closeCode})`
        : `kept; ${fixed((raw.received - receivedWhilePaused) / 1024 / 1024, 1)} MiB flushed on resume`;
      section.add([
        LABEL[kind],
        `paused ${pauseSeconds} s`,
        ...latencyCells(paused.window),
        closesCell(paused.window),
        fixed(paused.cpu[0] ?? Number.NaN, 0),
        fixed(paused.memory[0]?.rssMb ?? Number.NaN, 0),
        fixed(peak, 0),
        outcome,
        healthNote(paused),
      ]);
      const after = await measureSettled(load, [server.pid], seconds, { log: options.log, attempts: options.quick ? 1 : 2 });
      section.add([
        LABEL[kind],
        'after',
        ...latencyCells(after.window),
        closesCell(after.window),
        fixed(after.cpu[0] ?? Number.NaN, 0),
        fixed(after.memory[0]?.rssMb ?? Number.NaN, 0),
        '',
        '',
        healthNote(after),
      ]);
      raw.close();
      options.log(`  paused: ${latencyCells(paused.window).join(' ')} peak RSS ${fixed(peak, 0)} MiB; ${outcome}`);
    } finally {
      load.destroy();
      await server.stop();
      removeData(server);
    }
  }
  return section;
}
