// One Vitest run for every test: unit, server integration (real SQLite, real WebSockets) and
// browser tests (Debian's Chromium). Run from the repository root: `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/fixtures/buildServer.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for something to happen (a picture fetched, a peer's update): Vitest's
    // default of 1 s is shorter than a masked image takes when both cores are busy.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    // Browser and process tests start servers and Chromium; two cores run two files at a time.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
