// The process's own figures at /metrics: prom-client's default metrics (CPU, memory, heap spaces,
// event-loop lag, handles, file descriptors, Node's version), all but its garbage-collection
// histogram. That one observes every collection, and for each Node builds a performance entry
// (~6 KB with the wrappers of its deprecated fields) that outlives the young generation: at one
// classroom board ~9 a second, a sixth of all the old generation grew by, and 1.5–2 MiB of RSS at
// 1–2 boards (README "Benchmarks"). What collections cost the relay shows in the event loop's lag
// and utilisation, and in the relay's frame (server/metrics.ts).
import type { Registry } from 'prom-client';
import eventLoopLag from 'prom-client/lib/metrics/eventLoopLag.js';
import heapSizeAndUsed from 'prom-client/lib/metrics/heapSizeAndUsed.js';
import heapSpacesSizeAndUsed from 'prom-client/lib/metrics/heapSpacesSizeAndUsed.js';
import osMemoryHeap from 'prom-client/lib/metrics/osMemoryHeap.js';
import processCpuTotal from 'prom-client/lib/metrics/processCpuTotal.js';
import processHandles from 'prom-client/lib/metrics/processHandles.js';
import processMaxFileDescriptors from 'prom-client/lib/metrics/processMaxFileDescriptors.js';
import processOpenFileDescriptors from 'prom-client/lib/metrics/processOpenFileDescriptors.js';
import processRequests from 'prom-client/lib/metrics/processRequests.js';
import processResources from 'prom-client/lib/metrics/processResources.js';
import processStartTime from 'prom-client/lib/metrics/processStartTime.js';
import version from 'prom-client/lib/metrics/version.js';

/** prom-client's default metrics but garbage collection's, registered in `registry` with names starting `prefix`. */
export function collectProcessMetrics(registry: Registry, prefix: string): void {
  // The settings prom-client's collectDefaultMetrics gives them.
  const config = { prefix, eventLoopMonitoringPrecision: 10 };
  for (const collect of [
    processCpuTotal,
    processStartTime,
    osMemoryHeap,
    processOpenFileDescriptors,
    processMaxFileDescriptors,
    eventLoopLag,
    processResources,
    processHandles,
    processRequests,
    heapSizeAndUsed,
    heapSpacesSizeAndUsed,
    version,
  ])
    collect(registry, config);
}
