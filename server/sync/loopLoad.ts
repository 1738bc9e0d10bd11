// How busy this process's event loop is, sampled a few times a second: the outbox sends presence
// at once while the loop has time to spare and coalesces it per frame once the loop is busy
// (outbox.ts). One sampler for the whole process; reading it costs nothing per message.
import { type EventLoopUtilization, performance } from 'node:perf_hooks';

export interface LoopLoad {
  /** True while the loop has been busy lately (its utilisation above a threshold). */
  readonly busy: boolean;
  /** The loop's recent utilisation, 0–1 (smoothed). */
  readonly utilisation: number;
}

/**
 * Under this utilisation a change goes out as soon as the message that made it is handled; above
 * it (and until the loop is busy) at the end of the turn, with every other message of that turn:
 * sending each message's change on its own costs more, which would push a moderately loaded loop
 * into busy, framed sending (and back), at each flip.
 */
export const AT_ONCE_BELOW = 0.25;

/** True while changes go out as soon as the message that made them is handled. */
export function sendsAtOnce(load: LoopLoad): boolean {
  return !load.busy && load.utilisation < AT_ONCE_BELOW;
}

const SAMPLE_MS = 100;
/**
 * Utilisation past which the loop counts as busy, and under which it counts as idle again. The
 * gap keeps it from flapping: coalescing lowers utilisation, which would otherwise end it at once.
 */
const BUSY_ABOVE = 0.5;
const IDLE_BELOW = 0.3;

let sampler: { busy: boolean; utilisation: number } | null = null;

/** The process's loop load; the sampler starts on first use and never holds the process open. */
export function processLoopLoad(): LoopLoad {
  if (sampler) return sampler;
  const state = { busy: false, utilisation: 0 };
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  let smoothed = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const recent = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    // Half the weight on the last 100 ms: a burst of a few ms does not switch modes.
    smoothed = smoothed * 0.5 + recent * 0.5;
    state.utilisation = smoothed;
    if (state.busy && smoothed < IDLE_BELOW) state.busy = false;
    else if (!state.busy && smoothed > BUSY_ABOVE) state.busy = true;
  }, SAMPLE_MS);
  timer.unref();
  sampler = state;
  return state;
}
