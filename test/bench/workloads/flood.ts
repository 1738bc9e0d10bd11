// Workload 5, one participant flooding cursors: a classroom board where one of the cursor movers
// sends at 60 Hz instead of 20. Does everyone else still get their cursors and cards on time?
import type { BenchOptions } from '../lib/harness.js';
import { CLASSROOM, type Load, type LoadSpec } from '../lib/load.js';
import { closesCell, DELIVERY_COLUMN, healthNote, latencyCells, measureSettled, stepSeconds } from '../lib/measure.js';
import { sleep } from '../lib/proc.js';
import { loadOn } from '../lib/serverLoad.js';
import { LABEL, removeData, type ServerKind, startServer } from '../lib/servers.js';
import { fixed, GENERATOR_LAG_LIMIT_MS, ms, pct, ratio, Section } from '../lib/stats.js';

const FLOOD: LoadSpec = { ...CLASSROOM, flooders: 1, floodHz: 60 };

export async function flood(kinds: readonly ServerKind[], options: BenchOptions): Promise<Section> {
  const seconds = stepSeconds(options.quick);
  const section = new Section(
    `flood: one classroom board, one participant sending cursors at ${FLOOD.floodHz} Hz (the other 14 at ${FLOOD.cursorHz} Hz, 3 drags at ${FLOOD.dragHz} Hz), ${seconds} s measured`,
    'latency ms: moves and the other cursors as in classroom; flooder = the 60 Hz cursor at its receivers, flooder states = its states that arrived as such (not coalesced or dropped); arr/mrg/lost = every state sent × receiver that arrived, was merged into a later one, or never came (merged states timed from their own send time); closed = connections the server closed (count×code); CPU % of one core; RSS MiB; ours/this = worksort ÷ this server (others’ cursor p99 · move p99 · CPU; none when either window lagged)',
    [
      'server',
      'move p50',
      'move p99',
      'cursor p50',
      'cursor p99',
      DELIVERY_COLUMN,
      'flooder p50',
      'flooder p99',
      'flooder states %',
      'closed',
      'CPU %',
      'RSS',
      'ours/this',
      'note',
    ],
  );
  const summary = new Map<ServerKind, { cursorP99: number; moveP99: number; cpu: number; trusted: boolean }>();
  for (const kind of kinds) {
    options.log(`flood: ${kind}`);
    const server = await startServer(kind);
    const load = loadOn(server, FLOOD);
    try {
      await load.addBoards(1);
      await sleep(3000);
      const measured = await measureSettled(load, [server.pid], seconds, { log: options.log, attempts: options.quick ? 1 : 2 });
      const { window, cpu, memory: mem } = measured;
      const others = latencyCells(window, { flood: false });
      const flooder = window.latency('cursor', { flood: true });
      const cursorP99 = window.latency('cursor', { flood: false }).percentile(99);
      const moveP99 = window.latency('move').percentile(99);
      const cpuPct = cpu[0] ?? Number.NaN;
      const trusted = window.lagP99Ms <= GENERATOR_LAG_LIMIT_MS;
      summary.set(kind, { cursorP99, moveP99, cpu: cpuPct, trusted });
      const ours = kind === 'worksort' ? undefined : summary.get('worksort');
      const floodDelivery = flooderDelivery(load);
      section.add([
        LABEL[kind],
        ...others.slice(0, 4),
        others[4] ?? '-',
        ms(flooder.percentile(50)),
        ms(flooder.percentile(99)),
        floodDelivery,
        closesCell(window),
        fixed(cpuPct, 0),
        fixed(mem[0]?.rssMb ?? Number.NaN, 0),
        // A window marked for discard (the generator lagged) yields no comparison.
        ours && !(ours.trusted && trusted)
          ? '- (lagged)'
          : ours
            ? [ratio(ours.cursorP99, cursorP99), ratio(ours.moveP99, moveP99), ratio(ours.cpu, cpuPct)].join('·')
            : '',
        healthNote(measured),
      ]);
      options.log(`  ${others.join(' ')} flooder p99 ${ms(flooder.percentile(99))}`);
    } finally {
      load.destroy();
      await server.stop();
      removeData(server);
    }
  }
  return section;
}

/**
 * Share of the flooder's cursor states (since it started) that arrived as distinct states: below
 * 100 % when the server coalesces or drops some (each receiver still ends on the latest).
 */
function flooderDelivery(load: Load): string {
  let expected = 0;
  let delivered = 0;
  for (const board of load.boards) {
    const flooder = board.participants.find((p) => p.flood);
    if (!flooder) continue;
    for (const receiver of board.participants) {
      // Only the stock clients receive and count (light ones do not parse what they get).
      if (receiver === flooder || !receiver.client) continue;
      expected += flooder.seq;
      delivered += receiver.cursorCounts.get(flooder.clientId) ?? 0;
    }
  }
  return pct(delivered, expected);
}
