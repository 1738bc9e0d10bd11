// The targets, judged from what the workloads measured in this run: the last section
// of the report. Workloads put their key figures in `results`; `targetsSection` reads them.
import { LABEL, type ServerKind } from './servers.js';
import { fixed, ms, Section } from './stats.js';

export interface ClassroomStep {
  boards: number;
  movePer99: number;
  cursorP99: number;
  rssMb: number;
  withinLimits: boolean;
  trusted: boolean;
}

export const results = {
  classroom: new Map<ServerKind, ClassroomStep[]>(),
  /** Median cold open of the 500-card board, ms. */
  cold500: new Map<ServerKind, number>(),
  /** Relayed edits missing after kill -9 and restart. */
  lost: new Map<ServerKind, { relayed: number; lost: number }>(),
};

/** The classroom step the latency and memory targets are judged at. */
const TARGET_BOARDS = 8;
const STEPS = [1, 2, 4, 8, 16];

export function targetsSection(kinds: readonly ServerKind[]): Section | null {
  if (!kinds.includes('worksort')) return null;
  const peers = kinds.filter((kind) => kind !== 'worksort');
  const section = new Section(
    'targets (issue 9), judged from this run',
    'p99 = the worse of move and cursor p99; a peer that did not get through a step counts as losing it; a window in which the generator could not keep up is marked for discard and judges nothing (shown as "lagged", met = not measured)',
    ['target', 'worksort', 'best peer', 'met'],
  );
  const row = (target: string, ours: string, peer: string, met: boolean | null) =>
    section.add([target, ours, peer, met === null ? 'not measured' : met ? 'yes' : 'NO']);

  const classroom = results.classroom;
  if (classroom.size > 0) {
    // Only windows the generator kept up with judge anything: a lagged one is marked for discard.
    const measuredAt = (kind: ServerKind) => classroom.get(kind)?.find((step) => step.boards === TARGET_BOARDS);
    const at = (kind: ServerKind) => {
      const step = measuredAt(kind);
      return step?.trusted ? step : undefined;
    };
    const shown = (kind: ServerKind, text: string) => (measuredAt(kind) && !at(kind) ? 'lagged (discarded)' : text);
    const p99 = (step: ClassroomStep | undefined) => (step ? Math.max(step.movePer99 || 0, step.cursorP99 || 0) : Number.NaN);
    const ours = at('worksort');
    const peerSteps = peers.map((kind) => ({ kind, step: at(kind) })).filter((entry) => entry.step?.withinLimits);
    const bestLatency = peerSteps.sort((a, b) => p99(a.step) - p99(b.step))[0];
    const peersLagged = peers.filter((kind) => measuredAt(kind) && !at(kind)).map((kind) => `${LABEL[kind]} lagged (discarded)`);
    const oursP99 = p99(ours);
    row(
      `classroom ${TARGET_BOARDS} boards: p99 < 50 ms and ≤ best peer`,
      shown('worksort', ours ? `${ms(oursP99)} ms` : '-'),
      [bestLatency ? `${LABEL[bestLatency.kind]} ${ms(p99(bestLatency.step))} ms` : 'none within limits', ...peersLagged].join('; '),
      ours ? oursP99 < 50 && (!bestLatency || oursP99 <= p99(bestLatency.step)) : null,
    );
    const bestRss = peers
      .map((kind) => ({ kind, step: at(kind) }))
      .filter((entry) => entry.step)
      .sort((a, b) => (a.step?.rssMb ?? 0) - (b.step?.rssMb ?? 0))[0];
    row(
      `classroom ${TARGET_BOARDS} boards: RSS ≤ best peer`,
      shown('worksort', ours ? `${fixed(ours.rssMb, 0)} MiB` : '-'),
      [bestRss ? `${LABEL[bestRss.kind]} ${fixed(bestRss.step?.rssMb ?? Number.NaN, 0)} MiB` : '-', ...peersLagged].join('; '),
      ours && bestRss ? ours.rssMb <= (bestRss.step?.rssMb ?? 0) : null,
    );
    const highest = (kind: ServerKind) => {
      const good = (classroom.get(kind) ?? []).filter((step) => step.withinLimits && step.trusted);
      return good[good.length - 1]?.boards ?? 0;
    };
    // With no window the generator kept up with, a server's highest step is unknown, not 0.
    const judged = (kind: ServerKind) => (classroom.get(kind) ?? []).some((step) => step.trusted);
    const oursHighest = highest('worksort');
    const bestPeer = peers.map((kind) => ({ kind, boards: highest(kind) })).sort((a, b) => b.boards - a.boards)[0];
    const needed = bestPeer ? (STEPS.find((boards) => boards > bestPeer.boards) ?? Number.POSITIVE_INFINITY) : 1;
    row(
      'highest step sustained ≥ one above best peer',
      `${oursHighest} boards`,
      bestPeer ? `${LABEL[bestPeer.kind]} ${bestPeer.boards} boards` : '-',
      needed === Number.POSITIVE_INFINITY || !judged('worksort') || (bestPeer && !judged(bestPeer.kind)) ? null : oursHighest >= needed,
    );
  }
  const cold = results.cold500;
  if (cold.size > 0) {
    const ours = cold.get('worksort') ?? Number.NaN;
    const best = peers.map((kind) => ({ kind, value: cold.get(kind) ?? Number.NaN })).sort((a, b) => a.value - b.value)[0];
    row('cold 500-card board p50 < 150 ms', `${ms(ours)} ms`, best ? `${LABEL[best.kind]} ${ms(best.value)} ms` : '-', ours < 150);
  }
  const lost = results.lost;
  if (lost.size > 0) {
    const ours = lost.get('worksort');
    const peerText = peers
      .map((kind) => lost.get(kind) && `${LABEL[kind]} ${lost.get(kind)?.lost}/${lost.get(kind)?.relayed}`)
      .filter(Boolean)
      .join(', ');
    row('kill -9: zero relayed edits lost', ours ? `${ours.lost} of ${ours.relayed}` : '-', peerText || '-', ours ? ours.lost === 0 : null);
  }
  return section.rows.length ? section : null;
}
