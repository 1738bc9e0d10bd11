// Workload 1, classroom: boards of 30 participants (15 cursors at 20 Hz, 3 card drags at 30 Hz as
// document writes), ramped 1, 2, 4, 8, 12 boards until a p99 passes 100 ms or delivery drops
// below 99.9 % (or the generator itself cannot keep up).
import { connectClient } from '../lib/clients.js';
import type { BenchOptions } from '../lib/harness.js';
import { CLASSROOM, Load } from '../lib/load.js';
import {
  closesCell,
  DELIVERY_COLUMN,
  deliveryRatio,
  healthNote,
  latencyCells,
  measureSettled,
  NOISE_LIMIT_PCT,
  stepSeconds,
  worstP99,
} from '../lib/measure.js';
import { memory, sleep } from '../lib/proc.js';
import { LABEL, removeData, type ServerKind, startServer } from '../lib/servers.js';
import { fixed, GENERATOR_LAG_LIMIT_MS, ratio, Section } from '../lib/stats.js';
import { results } from '../lib/summary.js';

const STEPS = [1, 2, 4, 8, 12];
/** --quick: a short ramp, to see everything work. */
const QUICK_STEPS = [1, 2];
const P99_LIMIT_MS = 100;
const DELIVERY_LIMIT = 0.999;

export interface Step {
  boards: number;
  movePer99: number;
  cursorP99: number;
  cursorP50: number;
  cpu: number;
  rssMb: number;
  perBoardMb: number;
  withinLimits: boolean;
  /** The generator kept up (its loop did not lag) in the window reported. */
  trusted: boolean;
  /** Nothing else on the machine used much CPU during it. */
  quiet: boolean;
}

export async function classroom(kinds: readonly ServerKind[], options: BenchOptions): Promise<Section> {
  const warmupMs = options.quick ? 1500 : 3000;
  const seconds = stepSeconds(options.quick);
  const section = new Section(
    `classroom: boards of 30 (15 cursors @20 Hz, 3 card drags @30 Hz as doc writes), ${warmupMs / 1000} s warm-up, ${seconds} s measured per step`,
    'latency ms from send to each receiver (same clock); arr/mrg/lost = every state sent × receiver: arrived as itself, merged into a later state (timed from its own send time to that state’s arrival), or never came; the limit is on lost; closed = connections the server closed in the step (count×code); CPU % of one core (and per board); RSS/HWM MiB; MiB/board = (RSS − idle RSS)/boards; gen CPU/lag = the generator’s CPU % and event-loop delay p99 ms (over 20: it, not the server, was the limit); ours/this = worksort ÷ this server (move p99 · cursor p99 · CPU · MiB/board; <1 favours worksort; none when either window lagged)',
    [
      'server',
      'boards',
      'clients',
      'move p50',
      'move p99',
      'cursor p50',
      'cursor p99',
      DELIVERY_COLUMN,
      'closed',
      'CPU %',
      'CPU/board',
      'RSS',
      'HWM',
      'MiB/board',
      'gen CPU',
      'gen lag',
      'ours/this',
      'note',
    ],
  );
  const steps = new Map<ServerKind, Step[]>();
  for (const kind of kinds) {
    options.log(`classroom: ${kind}`);
    const server = await startServer(kind);
    const results: Step[] = [];
    steps.set(kind, results);
    let load: Load | null = null;
    try {
      await sleep(1000);
      const idleRss = memory(server.pid).rssMb;
      load = new Load(
        CLASSROOM,
        () => server.createBoard(),
        (board) => ({ client: connectClient(server, board), group: 0 }),
        server,
      );
      let boards = 0;
      let inconclusive = false;
      for (const target of options.steps ?? (options.quick ? QUICK_STEPS : STEPS)) {
        try {
          await load.addBoards(target - boards, 90_000);
        } catch (error) {
          section.add([
            LABEL[kind],
            String(target),
            String(target * 30),
            ...Array<string>(section.columns.length - 4).fill('-'),
            `could not join: ${(error as Error).message}`,
          ]);
          break;
        }
        boards = target;
        await sleep(warmupMs);
        const measured = await measureSettled(load, [server.pid], seconds, { log: options.log, attempts: options.quick ? 1 : 2 });
        const { window, cpu, memory: mem } = measured;
        const rss = mem[0]?.rssMb ?? Number.NaN;
        const step: Step = {
          boards,
          movePer99: window.latency('move').percentile(99),
          cursorP99: window.latency('cursor').percentile(99),
          cursorP50: window.latency('cursor').percentile(50),
          cpu: cpu[0] ?? Number.NaN,
          rssMb: rss,
          perBoardMb: (rss - idleRss) / boards,
          withinLimits: worstP99(window) <= P99_LIMIT_MS && deliveryRatio(window) >= DELIVERY_LIMIT,
          trusted: window.lagP99Ms <= GENERATOR_LAG_LIMIT_MS,
          quiet: measured.otherCpu <= NOISE_LIMIT_PCT,
        };
        results.push(step);
        const ours = kind === 'worksort' ? undefined : steps.get('worksort')?.find((s) => s.boards === boards);
        const notes = [healthNote(measured), measured.discarded ? `${measured.discarded} lagged window(s) discarded` : ''];
        if (!step.withinLimits) notes.unshift('over limit');
        section.add([
          LABEL[kind],
          String(boards),
          String(boards * CLASSROOM.participants),
          ...latencyCells(window),
          closesCell(window),
          fixed(step.cpu, 0),
          fixed(step.cpu / boards, 1),
          fixed(rss, 0),
          fixed(mem[0]?.hwmMb ?? Number.NaN, 0),
          fixed(step.perBoardMb, 1),
          fixed(window.generatorCpu, 0),
          fixed(window.lagP99Ms, 0),
          // A window marked for discard (the generator lagged) yields no comparison.
          ours && !(ours.trusted && step.trusted)
            ? '- (lagged)'
            : ours
              ? [
                  ratio(ours.movePer99, step.movePer99),
                  ratio(ours.cursorP99, step.cursorP99),
                  ratio(ours.cpu, step.cpu),
                  ratio(ours.perBoardMb, step.perBoardMb),
                ].join('·')
              : '',
          notes.filter(Boolean).join('; '),
        ]);
        options.log(
          `  ${boards} boards: ${latencyCells(window).join(' ')} closed ${closesCell(window)} cpu ${fixed(step.cpu, 0)}% gen cpu ${fixed(window.generatorCpu, 0)}% lag ${fixed(window.lagP99Ms, 0)}`,
        );
        // Ramp on while within the limits. A step over them ends the ramp when the generator kept
        // up; when it lagged (twice) the step proves nothing either way, so one more is tried.
        if (!step.withinLimits && !options.steps) {
          if (step.trusted || inconclusive) break;
          inconclusive = true;
        } else inconclusive = false;
      }
    } finally {
      load?.destroy();
      await server.stop();
      removeData(server);
    }
  }
  // Capacity: the most boards each server carried within the limits in a window the generator
  // kept up with; a lagged window proves nothing, so it is named but not counted.
  const capacity = kinds.map((kind) => {
    const list = steps.get(kind) ?? [];
    const good = list.filter((step) => step.withinLimits && step.trusted);
    const last = good[good.length - 1];
    const laggedAbove = list.filter((step) => !step.trusted && step.boards > (last?.boards ?? 0)).map((step) => step.boards);
    return `${LABEL[kind]} ${last ? last.boards : 0}${laggedAbove.length ? ` (lagged, not counted: ${laggedAbove.join(', ')})` : ''}`;
  });
  section.note(`most boards within p99 ≤ ${P99_LIMIT_MS} ms and delivery ≥ 99.9 %: ${capacity.join(', ')}`);
  for (const [kind, list] of steps) results.classroom.set(kind, list);
  return section;
}
