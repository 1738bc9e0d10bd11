// Prometheus metrics at /metrics (prom-client): connections, boards loaded, message and byte
// counters (rates come from Prometheus' rate()), and how long persistence takes.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import client from 'prom-client';

export interface SyncMetrics {
  messagesReceived: client.Counter;
  bytesReceived: client.Counter;
  messagesSent: client.Counter;
  bytesSent: client.Counter;
  persistSeconds: client.Histogram;
  /** Connections closed because their backlog would not drain (backpressure.ts). */
  slowDisconnects: client.Counter;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: SyncMetrics;
  }
}

/** Builds the metric set on a registry of its own, so several apps in one process never clash. */
export function createSyncMetrics(registry: client.Registry): SyncMetrics {
  return {
    messagesReceived: new client.Counter({
      name: 'worksort_messages_received_total',
      help: 'WebSocket messages received',
      registers: [registry],
    }),
    bytesReceived: new client.Counter({ name: 'worksort_bytes_received_total', help: 'WebSocket bytes received', registers: [registry] }),
    messagesSent: new client.Counter({ name: 'worksort_messages_sent_total', help: 'WebSocket messages sent', registers: [registry] }),
    bytesSent: new client.Counter({ name: 'worksort_bytes_sent_total', help: 'WebSocket bytes sent', registers: [registry] }),
    slowDisconnects: new client.Counter({
      name: 'worksort_slow_disconnects_total',
      help: 'Connections closed because they could not keep up with what was sent to them',
      registers: [registry],
    }),
    persistSeconds: new client.Histogram({
      name: 'worksort_persist_seconds',
      help: 'Time to make one batch of document updates durable',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
}

export const metricsPlugin: FastifyPluginAsync = fp(async (app: FastifyInstance) => {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'worksort_' });
  app.decorate('metrics', createSyncMetrics(registry));
  new client.Gauge({
    name: 'worksort_connections',
    help: 'Open WebSocket connections',
    registers: [registry],
    collect() {
      this.set(app.rooms.connectionCount);
    },
  });
  new client.Gauge({
    name: 'worksort_boards_loaded',
    help: 'Boards loaded in memory',
    registers: [registry],
    collect() {
      this.set(app.rooms.loadedCount);
    },
  });
  app.get('/metrics', { config: { rateLimit: false } }, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
});
