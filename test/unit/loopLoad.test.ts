// The process's loop load, which decides between sending presence at once and once a frame: busy
// while the event loop works most of the time, idle again once it has time to spare; the frame
// lengthens while the loop stays busy and shortens as it frees up.
import { describe, expect, it } from 'vitest';
import {
  AT_ONCE_BELOW,
  BUSY_ABOVE,
  LONGEST_FRAME_MS,
  nextFrameMs,
  processLoopLoad,
  SHORTEST_FRAME_MS,
} from '../../server/sync/loopLoad.js';

/** Keeps the event loop working, in slices that still let timers run, until `until` says stop. */
function work(until: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const slice = () => {
      const end = performance.now() + 20;
      while (performance.now() < end) {
        // spin: the loop is busy
      }
      if (until()) resolve();
      else setImmediate(slice);
    };
    slice();
  });
}

describe('loop load', () => {
  it('is busy while the loop is kept working, and idle again after', async () => {
    const load = processLoopLoad();
    expect(load.busy).toBe(false);
    await work(() => load.busy);
    expect(load.busy).toBe(true);
    expect(load.frameMs).toBeGreaterThanOrEqual(SHORTEST_FRAME_MS);
    expect(load.utilisation).toBeGreaterThan(AT_ONCE_BELOW);
    await expect.poll(() => load.busy, { timeout: 5000 }).toBe(false);
    expect(load.frameMs).toBe(0);
  });

  it('lengthens the frame step by step while the loop stays busy, and shortens it back to none as it frees up', () => {
    const frames: number[] = [];
    let frame = 0;
    // Saturated for a second and a half (15 samples): from the shortest frame up to the longest, no further.
    for (let sample = 0; sample < 15; sample++) {
      frame = nextFrameMs(frame, 0.95);
      frames.push(frame);
    }
    expect(frames[0]).toBe(SHORTEST_FRAME_MS);
    for (let i = 1; i < frames.length; i++) expect(frames[i]).toBeGreaterThanOrEqual(frames[i - 1] as number);
    expect(frames.at(-1)).toBe(LONGEST_FRAME_MS);
    // Between the bounds the frame holds: a longer frame has just lowered the load.
    expect(nextFrameMs(frame, 0.65)).toBe(frame);
    expect(nextFrameMs(0, BUSY_ABOVE - 0.01)).toBe(0);
    // Relaxed: shorter at every sample, then not busy at all.
    const relaxing: number[] = [];
    while (frame > 0) {
      frame = nextFrameMs(frame, 0.2);
      relaxing.push(frame);
    }
    expect(relaxing.length).toBeGreaterThan(2);
    expect(relaxing.length).toBeLessThan(15);
    expect(relaxing.at(-2)).toBeGreaterThanOrEqual(SHORTEST_FRAME_MS);
  });
});
