// How busy this process's event loop is, sampled a few times a second, and how long the outbox
// coalesces what a room sends because of it (outbox.ts): nothing while the loop has time to spare;
// once it is busy, a frame that lengthens while the loop stays busy and shortens as it frees up,
// so that a moderately loaded server waits a few milliseconds and only a saturated one a whole
// display frame. One sampler for the whole process; reading it costs nothing per message.
import { type EventLoopUtilization, performance } from 'node:perf_hooks';

export interface LoopLoad {
  /** True while the loop is busy: what a room sends is coalesced per frame of `frameMs`. */
  readonly busy: boolean;
  /** While busy, how long a room gathers changes before it sends them again, ms (0 while not busy). */
  readonly frameMs: number;
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
 * The frame while busy is steered to keep utilisation between these: above the upper bound it
 * lengthens (fewer, larger messages: each costs the server a write and, with the stock client, an
 * echo back), under the lower one it shortens, and below the shortest frame the loop is no longer
 * busy. At 8 classroom boards, frames held at 8, 12 and 16 ms cost ~75, ~70 and ~60 % of a core
 * with cursor p50 6, 8 and 10 ms: these bounds settle at 10–20 ms there, and leave 4 boards (~60 %)
 * sending without a frame. The gap keeps it from hunting: a longer frame lowers utilisation at once.
 */
export const BUSY_ABOVE = 0.7;
const RELAX_BELOW = 0.6;
/** The first frame once busy, and the longest (two display frames: a cursor still moves smoothly enough). */
export const SHORTEST_FRAME_MS = 4;
export const LONGEST_FRAME_MS = 32;
/** Each sample lengthens or shortens the frame by this factor: from shortest to longest in about a second. */
const FRAME_STEP = 1.25;

/** The next frame length for a smoothed utilisation: 0 while not busy. Pure, for the tests. */
export function nextFrameMs(frameMs: number, utilisation: number): number {
  if (utilisation > BUSY_ABOVE) return frameMs === 0 ? SHORTEST_FRAME_MS : Math.min(LONGEST_FRAME_MS, frameMs * FRAME_STEP);
  if (utilisation < RELAX_BELOW && frameMs > 0) {
    const shorter = frameMs / FRAME_STEP;
    return shorter < SHORTEST_FRAME_MS ? 0 : shorter;
  }
  return frameMs;
}

let sampler: { busy: boolean; frameMs: number; utilisation: number } | null = null;

/** The process's loop load; the sampler starts on first use and never holds the process open. */
export function processLoopLoad(): LoopLoad {
  if (sampler) return sampler;
  const state = { busy: false, frameMs: 0, utilisation: 0 };
  let last: EventLoopUtilization = performance.eventLoopUtilization();
  let smoothed = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const recent = performance.eventLoopUtilization(now, last).utilization;
    last = now;
    // Half the weight on the last 100 ms: a burst of a few ms does not switch modes.
    smoothed = smoothed * 0.5 + recent * 0.5;
    state.utilisation = smoothed;
    state.frameMs = nextFrameMs(state.frameMs, smoothed);
    state.busy = state.frameMs > 0;
  }, SAMPLE_MS);
  timer.unref();
  sampler = state;
  return state;
}
