// Workload 1, classroom: boards of 30 participants (15 cursors at 20 Hz, 3 card drags at 30 Hz as
// document writes), ramped 1, 2, 4, 8, 12 boards until a p99 passes 100 ms or delivery drops
// below 99.9 % (or the generator itself cannot keep up).
//
// Every server runs at once, each with its own load, and they take turns: at each step every
// server is measured in three windows, in alternating order (A B C, C B A, A B C) with only the
// measured one's load sending, so a disturbance on the machine or a drift over the run falls on
// all of them alike. Each figure is the median of the three (repeats.ts).
import type { BenchOptions } from '../lib/harness.js';
import { CLASSROOM, type Load } from '../lib/load.js';
import { DELIVERY_COLUMN, measure, NOISE_LIMIT_PCT } from '../lib/measure.js';
import { CpuMeter, memory, sleep } from '../lib/proc.js';
import { Repeated } from '../lib/repeats.js';
import { loadOn } from '../lib/serverLoad.js';
import { LABEL, type RunningServer, removeData, type ServerKind, startServer } from '../lib/servers.js';
import { fixed, ms, ratio, Section } from '../lib/stats.js';
import { results } from '../lib/summary.js';

const STEPS = [1, 2, 4, 8, 12];
/** --quick: a short ramp, to see everything work. */
const QUICK_STEPS = [1, 2];
const P99_LIMIT_MS = 100;
const DELIVERY_LIMIT = 0.999;
/** Windows per server and step; figures are their medians. */
const REPEATS = 3;
/**
 * Before a window, the other servers must be this quiet (% of a core, over a quarter second):
 * a peer that collapsed goes on sending its backlog — and its clients echoing it — after its load
 * pauses, on the servers' core, which the next server's window would otherwise pay for.
 */
const SETTLED_BELOW_PCT = 5;
const SETTLE_MAX_MS = 15_000;
/**
 * A window whose cursor p99 passes this: the server collapsed (its backlog is seconds long). It is
 * stopped at once rather than measured again: draining that backlog took core 0 for more than
 * SETTLE_MAX_MS, so the next server's windows measured it as much as their own server.
 */
const COLLAPSED_P99_MS = 1000;
/** The classroom ramp stops starting steps after this long (the whole run has its own cap, harness.ts). */
const TIME_CAP_MS = { quick: 4 * 60_000, full: 12 * 60_000 };

export interface Step {
  boards: number;
  movePer99: number;
  cursorP99: number;
  cursorP50: number;
  /** Lowest and highest over the windows the medians come from: the server's noise at this step. */
  cursorP50Range: [number, number];
  cursorP99Range: [number, number];
  cpu: number;
  rssMb: number;
  perBoardMb: number;
  withinLimits: boolean;
  /** The generator kept up (its loop did not lag) in most of the step's windows. */
  trusted: boolean;
  /** Nothing else on the machine used much CPU during them (median). */
  quiet: boolean;
}

/** One server under test, with its own load (paused while another server takes its turn). */
interface Contender {
  kind: ServerKind;
  server: RunningServer;
  load: Load;
  idleRss: number;
  boards: number;
  steps: Step[];
  /** The last step went over the limits in windows the generator could not keep up with. */
  inconclusive: boolean;
  /** Stopped in the middle of a step: a window's p99 passed COLLAPSED_P99_MS. */
  collapsed: boolean;
  done: boolean;
}

export async function classroom(kinds: readonly ServerKind[], options: BenchOptions): Promise<Section> {
  const warmupMs = options.quick ? 1000 : 2000;
  const seconds = options.quick ? 3 : 6;
  const section = new Section(
    `classroom: boards of 30 (15 cursors @20 Hz, 3 card drags @30 Hz as doc writes); per step, every server measured ${REPEATS} times in alternating order (${warmupMs / 1000} s warm-up, ${seconds} s window each), medians shown`,
    'latency ms from send to each receiver (same clock); arr/mrg/lost = every state sent × receiver: arrived as itself, merged into a later state (timed from its own send time to that state’s arrival), or never came; the limit is on lost; closed = connections the server closed in the step (count×code); CPU % of one core (and per board); RSS/HWM MiB; MiB/board = (RSS − idle RSS)/boards; gen CPU/lag = the generator’s CPU % and event-loop delay p99 ms (over 20: it, not the server, was the limit); cursor p99 range = lowest–highest of the windows (the noise); ours/this = worksort ÷ this server (move p99 · cursor p99 · CPU · MiB/board; <1 favours worksort; none when either step lagged)',
    [
      'server',
      'boards',
      'clients',
      'move p50',
      'move p99',
      'cursor p50',
      'cursor p99',
      'cursor p99 range',
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
  const began = performance.now();
  const cap = options.quick ? TIME_CAP_MS.quick : TIME_CAP_MS.full;
  const contenders: Contender[] = [];
  try {
    for (const kind of kinds) {
      options.log(`classroom: starting ${kind}`);
      const server = await startServer(kind);
      const load = loadOn(server);
      load.paused = true;
      contenders.push({
        kind,
        server,
        load,
        idleRss: Number.NaN,
        boards: 0,
        steps: [],
        inconclusive: false,
        collapsed: false,
        done: false,
      });
    }
    await sleep(1000);
    for (const contender of contenders) contender.idleRss = memory(contender.server.pid).rssMb;

    for (const target of options.steps ?? (options.quick ? QUICK_STEPS : STEPS)) {
      const live = contenders.filter((contender) => !contender.done);
      if (live.length === 0) break;
      if (performance.now() - began > cap) {
        section.note(`time cap of ${cap / 60_000} minutes reached: steps from ${target} boards on not run`);
        break;
      }
      for (const contender of live) {
        try {
          await contender.load.addBoards(target - contender.boards, 90_000);
          contender.boards = target;
        } catch (error) {
          section.add([
            LABEL[contender.kind],
            String(target),
            String(target * 30),
            ...Array<string>(section.columns.length - 4).fill('-'),
            `could not join: ${(error as Error).message}`,
          ]);
          await retire(contender);
        }
      }
      const measuring = live.filter((contender) => !contender.done);
      const repeats = new Map(measuring.map((contender) => [contender, new Repeated()]));
      for (let round = 0; round < REPEATS; round++) {
        const order = round % 2 === 0 ? measuring : [...measuring].reverse();
        for (const contender of order) {
          if (contender.done) continue;
          const settleMs = await settle(measuring.filter((other) => other !== contender));
          if (settleMs > 1000) options.log(`  waited ${(settleMs / 1000).toFixed(1)} s for the other servers to settle`);
          contender.load.paused = false;
          await sleep(warmupMs);
          const measured = await measure(contender.load, [contender.server.pid], seconds);
          contender.load.paused = true;
          repeats.get(contender)?.add(measured);
          const { window } = measured;
          options.log(
            `  ${target} boards, ${contender.kind} #${round + 1}: cursor p50/p99 ${ms(window.latency('cursor').percentile(50))}/${ms(window.latency('cursor').percentile(99))} move p99 ${ms(window.latency('move').percentile(99))} cpu ${fixed(measured.cpu[0] ?? Number.NaN, 0)}% gen cpu ${fixed(window.generatorCpu, 0)}% lag ${fixed(window.lagP99Ms, 0)} others ${fixed(measured.otherCpu, 0)}%`,
          );
          if (window.latency('cursor').percentile(99) > COLLAPSED_P99_MS) {
            options.log(`  ${contender.kind} collapsed at ${target} boards: stopped, so its backlog does not run into the others' windows`);
            contender.collapsed = true;
            await retire(contender);
          }
        }
      }
      for (const contender of measuring) {
        const repeated = repeats.get(contender);
        if (repeated) report(section, contender, repeated, contenders);
        const step = contender.steps[contender.steps.length - 1];
        // Ramp on while within the limits. A step over them ends the ramp when the generator kept
        // up; when it lagged the step proves nothing either way, so one more is tried.
        if (step && !step.withinLimits && !options.steps) {
          if (step.trusted || contender.inconclusive) await retire(contender);
          else contender.inconclusive = true;
        } else contender.inconclusive = false;
      }
    }
  } finally {
    for (const contender of contenders) await retire(contender);
  }
  // Capacity: the most boards each server carried within the limits in a step the generator
  // kept up with; a lagged step proves nothing, so it is named but not counted.
  const capacity = contenders.map(({ kind, steps: list }) => {
    const good = list.filter((step) => step.withinLimits && step.trusted);
    const last = good[good.length - 1];
    const laggedAbove = list.filter((step) => !step.trusted && step.boards > (last?.boards ?? 0)).map((step) => step.boards);
    return `${LABEL[kind]} ${last ? last.boards : 0}${laggedAbove.length ? ` (lagged, not counted: ${laggedAbove.join(', ')})` : ''}`;
  });
  section.note(`most boards within p99 ≤ ${P99_LIMIT_MS} ms and delivery ≥ 99.9 %: ${capacity.join(', ')}`);
  section.note(
    'noise: the spread of a server’s own windows at a step (cursor p99 range: highest − lowest); the targets count ours as no higher than a peer’s within the noise when its median exceeds the peer’s by less than the smaller of the two spreads',
  );
  for (const contender of contenders) results.classroom.set(contender.kind, contender.steps);
  return section;
}

/** Waits until the other servers use (almost) no CPU, at most SETTLE_MAX_MS; answers how long it waited. */
async function settle(others: Contender[]): Promise<number> {
  const began = performance.now();
  while (performance.now() - began < SETTLE_MAX_MS) {
    const meters = others.map((other) => new CpuMeter(other.server.pid));
    await sleep(250);
    if (meters.every((meter) => meter.read() < SETTLED_BELOW_PCT)) break;
  }
  return performance.now() - began;
}

/** Stops a server and its load for good (it went over the limits, or the run is over). */
async function retire(contender: Contender): Promise<void> {
  if (contender.done) return;
  contender.done = true;
  contender.load.destroy();
  await contender.server.stop();
  removeData(contender.server);
}

/** The step's row: medians of its windows, and what the generator did meanwhile. */
function report(section: Section, contender: Contender, repeated: Repeated, contenders: Contender[]): void {
  const { boards, kind } = contender;
  const rss = repeated.median('rssMb');
  const worst = Math.max(repeated.median('moveP99') || 0, repeated.median('cursorP99') || 0);
  const step: Step = {
    boards,
    movePer99: repeated.median('moveP99'),
    cursorP99: repeated.median('cursorP99'),
    cursorP50: repeated.median('cursorP50'),
    cursorP50Range: repeated.range('cursorP50'),
    cursorP99Range: repeated.range('cursorP99'),
    cpu: repeated.median('cpu'),
    rssMb: rss,
    perBoardMb: (rss - contender.idleRss) / boards,
    withinLimits: worst <= P99_LIMIT_MS && repeated.deliveryRatio() >= DELIVERY_LIMIT,
    trusted: repeated.trusted,
    quiet: repeated.median('otherCpu') <= NOISE_LIMIT_PCT,
  };
  contender.steps.push(step);
  const ours = kind === 'worksort' ? undefined : contenders.find((c) => c.kind === 'worksort')?.steps.find((s) => s.boards === boards);
  const notes: string[] = [];
  if (!step.withinLimits) notes.push('over limit');
  const windows = repeated.windows.length;
  if (contender.collapsed) notes.push(`collapsed: stopped after ${windows} of ${REPEATS} windows`);
  if (!repeated.trusted) {
    notes.push(
      `GENERATOR SATURATED in ${repeated.lagged} of ${windows} windows (loop p99 +${fixed(repeated.median('lagP99Ms'), 0)} ms, CPU ${fixed(repeated.median('generatorCpu'), 0)} %): discard`,
    );
  } else if (repeated.lagged > 0) notes.push(`generator saturated in ${repeated.lagged} of ${windows} windows: left out`);
  if (!step.quiet) notes.push(`machine busy (others used ${fixed(repeated.median('otherCpu'), 0)} % CPU)`);
  const [low, high] = step.cursorP99Range;
  section.add([
    LABEL[kind],
    String(boards),
    String(boards * CLASSROOM.participants),
    ms(repeated.median('moveP50')),
    ms(step.movePer99),
    ms(step.cursorP50),
    ms(step.cursorP99),
    `${ms(low)}–${ms(high)}`,
    repeated.deliveryCell(),
    repeated.closesCell(),
    fixed(step.cpu, 0),
    fixed(step.cpu / boards, 1),
    fixed(rss, 0),
    fixed(repeated.median('hwmMb'), 0),
    fixed(step.perBoardMb, 1),
    fixed(repeated.median('generatorCpu'), 0),
    fixed(repeated.median('lagP99Ms'), 0),
    // A step marked for discard (the generator lagged) yields no comparison.
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
    notes.join('; '),
  ]);
}
