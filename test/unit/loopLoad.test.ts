// The process's loop load, which decides between sending presence at once and once a frame: busy
// while the event loop works most of the time, idle again once it has time to spare.
import { describe, expect, it } from 'vitest';
import { AT_ONCE_BELOW, processLoopLoad } from '../../server/sync/loopLoad.js';

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
    expect(load.utilisation).toBeGreaterThan(AT_ONCE_BELOW);
    await expect.poll(() => load.busy, { timeout: 5000 }).toBe(false);
  });
});
