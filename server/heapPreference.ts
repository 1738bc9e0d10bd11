// While the server has time to spare, V8 is asked to favour memory over speed; once its event loop
// is busy, speed again. The switch is V8's `--optimize-for-size`, set at run time: V8 reads it as it
// goes, among other places when a full collection picks the pages to compact: favouring memory, it
// moves the objects out of more of the partly empty pages and returns those (with two thirds of
// 44 MiB of small objects dead, 26 against 33 MiB of pages kept: test/unit/heapPreference.test.ts).
// At one classroom board that left ~1.5 MiB fewer old-generation pages and ~2 MiB less resident at
// the same latency; at 8 boards the longer collections, on the loop's own thread
// (`--no-concurrent-marking`), cost the relay its p99 (README "Benchmarks").
//
// The price: V8 stamps a code cache with a hash of its flags. While memory is favoured, a built-in
// module first required then, and a worker thread's start, compile without Node's cache (measured:
// three built-ins 17 → 51 ms, a worker 34 → 65 ms, once each). Only the serving process switches
// (serve.ts), never the build's run that writes the bundle's own code cache.
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';

/** The V8 flag that favours memory over speed, and the one that returns V8 to its default. */
export const FAVOUR_MEMORY_FLAG = '--optimize-for-size';
export const FAVOUR_SPEED_FLAG = '--no-optimize-for-size';

/**
 * The loop's utilisation, averaged over a few seconds, under which memory is favoured again and
 * over which speed is: a classroom board keeps this machine's loop ~15–30 % busy, two boards
 * 20–45 %, eight 45–70 %. The gap keeps a load near one bound from switching at every sample.
 */
export const FAVOUR_MEMORY_BELOW = 0.35;
export const FAVOUR_SPEED_ABOVE = 0.5;

export interface HeapPreference {
  /** True while V8 is asked to favour memory over speed. */
  readonly favoursMemory: boolean;
  /** Stops switching and leaves V8 at its default, favouring speed. */
  stop(): void;
}

/** Whether memory is favoured after a sample of the averaged utilisation. Pure, for the tests. */
export function nextFavoursMemory(favoursMemory: boolean, utilisation: number): boolean {
  if (favoursMemory) return utilisation <= FAVOUR_SPEED_ABOVE;
  return utilisation < FAVOUR_MEMORY_BELOW;
}

let preference: HeapPreference | null = null;

/**
 * Starts switching, once per process (later calls answer the same preference): memory is favoured
 * from the start, an idle server's state. The sampler never holds the process open.
 */
export function favourMemoryWhileCalm(sampleMs = 1000): HeapPreference {
  if (preference) return preference;
  let favoursMemory = true;
  v8.setFlagsFromString(FAVOUR_MEMORY_FLAG);
  let last = performance.eventLoopUtilization();
  let averaged = 0;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    // Half the weight on the last sample: one heavy request does not switch, a load that stays does.
    averaged = averaged * 0.5 + performance.eventLoopUtilization(now, last).utilization * 0.5;
    last = now;
    const next = nextFavoursMemory(favoursMemory, averaged);
    if (next !== favoursMemory) v8.setFlagsFromString(next ? FAVOUR_MEMORY_FLAG : FAVOUR_SPEED_FLAG);
    favoursMemory = next;
  }, sampleMs);
  timer.unref();
  const started: HeapPreference = {
    get favoursMemory() {
      return favoursMemory;
    },
    stop() {
      clearInterval(timer);
      v8.setFlagsFromString(FAVOUR_SPEED_FLAG);
      favoursMemory = false;
      preference = null;
    },
  };
  preference = started;
  return started;
}

/** The process's heap preference, or null where nothing switches it (tests that build the app). */
export function heapPreference(): HeapPreference | null {
  return preference;
}
