// The server asks V8 to favour memory while its event loop has time to spare and speed once the
// loop stays busy; and V8, asked so at run time, returns more of a fragmented old generation.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  FAVOUR_MEMORY_BELOW,
  FAVOUR_MEMORY_FLAG,
  FAVOUR_SPEED_ABOVE,
  FAVOUR_SPEED_FLAG,
  favourMemoryWhileCalm,
  heapPreference,
  nextFavoursMemory,
} from '../../server/heapPreference.js';
import { npmStartSettings } from '../fixtures/process.js';

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

const fragmentedOldGeneration = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/fragmentedOldGeneration.cjs');

/** The old generation's objects and pages (MiB) of a child node with `npm start`'s flags and `flag` set at run time, after most of its objects died. */
function oldGenerationAfterDeaths(flag: string): { objects: number; pages: number } {
  const run = spawnSync(process.execPath, ['--expose-gc', ...npmStartSettings().nodeFlags, fragmentedOldGeneration, flag], {
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as { objects: number; pages: number };
}

describe('heap preference', () => {
  it('favours memory while the loop has time to spare and speed once it is busy, with a gap between', () => {
    expect(nextFavoursMemory(true, 0.2)).toBe(true);
    expect(nextFavoursMemory(true, FAVOUR_SPEED_ABOVE)).toBe(true);
    expect(nextFavoursMemory(true, 0.6)).toBe(false);
    // Back from speed only well under the bound that left memory.
    expect(nextFavoursMemory(false, 0.45)).toBe(false);
    expect(nextFavoursMemory(false, FAVOUR_MEMORY_BELOW)).toBe(false);
    expect(nextFavoursMemory(false, 0.2)).toBe(true);
  });

  it('switches a process whose loop stays busy to speed, and back to memory once it is calm', async () => {
    const preference = favourMemoryWhileCalm(100);
    try {
      expect(heapPreference()).toBe(preference);
      expect(preference.favoursMemory).toBe(true);
      await work(() => !preference.favoursMemory);
      expect(preference.favoursMemory).toBe(false);
      await expect.poll(() => preference.favoursMemory, { timeout: 5000 }).toBe(true);
    } finally {
      preference.stop();
    }
    expect(heapPreference()).toBeNull();
  });

  it('leaves fewer pages to the same objects in a fragmented old generation when V8 favours memory', () => {
    const memory = oldGenerationAfterDeaths(FAVOUR_MEMORY_FLAG);
    const speed = oldGenerationAfterDeaths(FAVOUR_SPEED_FLAG);
    // The same objects survive either way…
    expect(Math.abs(memory.objects - speed.objects)).toBeLessThan(1);
    // …but favouring memory, the collections moved them out of half-empty pages and returned those
    // (measured: 26–27 against 33 MiB of pages for 16 MiB of objects).
    expect(speed.pages - memory.pages).toBeGreaterThan(3);
  });
});
