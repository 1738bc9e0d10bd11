// prom-client's default metrics, one module each (server/processMetrics.ts): the package's types
// cover only its main entry.
declare module 'prom-client/lib/metrics/*.js' {
  import type { Registry } from 'prom-client';

  const collect: (registry: Registry, config: { prefix: string; eventLoopMonitoringPrecision: number }) => void;
  export default collect;
  export const metricNames: string[];
}

/** The names of the default metrics' modules, in the order collectDefaultMetrics registers them. */
declare module 'prom-client/lib/defaultMetrics.js' {
  export const metricsList: string[];
}
