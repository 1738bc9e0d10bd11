// The relay's frame is on /metrics with the loop utilisation that sets it: an operator can see a
// server coalescing because it is busy (loopLoad.ts), and tune from what it did; and the process's
// own figures.

import { metricsList } from 'prom-client/lib/defaultMetrics.js';
import { metricNames as gcMetricNames } from 'prom-client/lib/metrics/gc.js';
import { afterEach, describe, expect, it } from 'vitest';
import { processLoopLoad } from '../../server/sync/loopLoad.js';
import { startServer } from '../fixtures/server.js';

type Server = Awaited<ReturnType<typeof startServer>>;
let server: Server | null = null;

afterEach(async () => {
  await server?.close();
  server = null;
});

/** The value of an unlabelled metric. */
async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server?.url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
}

describe('relay metrics', () => {
  it("report the frame the rooms coalesce over and the loop's utilisation, 0 while idle and more once busy", async () => {
    server = await startServer();
    const load = processLoopLoad();
    await expect.poll(() => load.busy, { timeout: 5000 }).toBe(false);
    expect(await metric('worksort_relay_frame_ms')).toBe(0);
    // Keep the loop busy, in slices that let the sampler and the server run, until it coalesces
    // and while /metrics is read.
    let reading: Promise<[number, number]> | null = null;
    const got: { values: [number, number] | null } = { values: null };
    while (!got.values) {
      const end = performance.now() + 20;
      while (performance.now() < end) {
        // spin
      }
      await new Promise((resolve) => setImmediate(resolve));
      if (load.busy && !reading) {
        reading = Promise.all([metric('worksort_relay_frame_ms'), metric('worksort_event_loop_utilisation')]);
        reading.then((values) => {
          got.values = values;
        });
      }
    }
    const [frame, utilisation] = got.values;
    expect(frame).toBeGreaterThan(0);
    expect(utilisation).toBeGreaterThan(0.5);
  });

  it("carry the process's own figures beside them: prom-client's default metrics but garbage collection's", async () => {
    server = await startServer();
    expect(await metric('worksort_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(await metric('worksort_nodejs_heap_size_used_bytes')).toBeGreaterThan(1_000_000);
    const names = new Set(
      [...(await (await fetch(`${server.url}/metrics`)).text()).matchAll(/^# TYPE (\S+) /gm)].map(([, name]) => name as string),
    );
    // Every default metric prom-client lists, as collectDefaultMetrics would register it…
    const defaults = metricsList.filter((name) => name !== 'gc');
    for (const metricModule of defaults) {
      const { metricNames } = (await import(`prom-client/lib/metrics/${metricModule}.js`)) as { metricNames: string[] };
      for (const name of metricNames) expect(names, `${metricModule}: ${name}`).toContain(`worksort_${name}`);
    }
    // …but the collection histogram, whose observer had Node build an entry for every collection.
    expect(gcMetricNames.length).toBeGreaterThan(0);
    for (const name of gcMetricNames) expect(names).not.toContain(`worksort_${name}`);
  });
});
