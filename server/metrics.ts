// Prometheus metrics at /metrics (prom-client): connections, boards loaded, message and byte
// counters (rates come from Prometheus' rate()), how long persistence takes, and the heavy work
// in progress against its budgets. With METRICS_TOKEN set, only a scraper holding it may read them.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import client from 'prom-client';
import { HttpError } from './errors.js';
import { collectProcessMetrics } from './processMetrics.js';
import { processLoopLoad } from './sync/loopLoad.js';

export interface SyncMetrics {
  messagesReceived: client.Counter;
  bytesReceived: client.Counter;
  messagesSent: client.Counter;
  bytesSent: client.Counter;
  persistSeconds: client.Histogram;
  /** Connections closed because their backlog would not drain (backpressure.ts). */
  slowDisconnects: client.Counter;
  /** Reports on `/metrics` how many of a kind of heavy work (budgets.ts) run and wait right now. */
  watchWork(kind: string, work: { readonly running: number; readonly waiting: number }): void;
  /** Reports a byte budget's use (budgets.ts) on `/metrics`. */
  watchBytes(kind: string, budget: { readonly used: number }): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: SyncMetrics;
  }
}

/** Builds the metric set on a registry of its own, so several apps in one process never clash. */
export function createSyncMetrics(registry: client.Registry): SyncMetrics {
  const works = new Map<string, { readonly running: number; readonly waiting: number }>();
  const budgets = new Map<string, { readonly used: number }>();
  new client.Gauge({
    name: 'worksort_work_in_progress',
    help: 'Heavy requests (uploads, contact sheets, histories, demo boards) running or waiting their turn',
    labelNames: ['kind', 'state'],
    registers: [registry],
    collect() {
      for (const [kind, work] of works) {
        this.set({ kind, state: 'running' }, work.running);
        this.set({ kind, state: 'waiting' }, work.waiting);
      }
    },
  });
  new client.Gauge({
    name: 'worksort_budget_bytes_used',
    help: 'Bytes held against a process-wide memory budget (uploads being received)',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      for (const [kind, budget] of budgets) this.set({ kind }, budget.used);
    },
  });
  return {
    watchWork: (kind, work) => works.set(kind, work),
    watchBytes: (kind, budget) => budgets.set(kind, budget),
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

declare module 'fastify' {
  interface FastifyInstance {
    metricsRegistry: client.Registry;
  }
}

export const metricsPlugin: FastifyPluginAsync = fp(async (app: FastifyInstance) => {
  const registry = new client.Registry();
  app.decorate('metricsRegistry', registry);
  collectProcessMetrics(registry, 'worksort_');
  app.decorate('metrics', createSyncMetrics(registry));
  new client.Gauge({
    name: 'worksort_connections',
    help: 'Open WebSocket connections',
    registers: [registry],
    collect() {
      this.set(app.rooms.connectionCount);
    },
  });
  const loopLoad = processLoopLoad();
  new client.Gauge({
    name: 'worksort_relay_frame_ms',
    help: 'How long rooms gather changes before sending them while the event loop is busy (0: sent at once)',
    registers: [registry],
    collect() {
      this.set(loopLoad.frameMs);
    },
  });
  new client.Gauge({
    name: 'worksort_event_loop_utilisation',
    help: 'Share of time the event loop was busy lately (smoothed), which sets the relay frame',
    registers: [registry],
    collect() {
      this.set(loopLoad.utilisation);
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
});

/**
 * `GET /metrics`, registered after the security plugin and the error handler (unlike the metrics
 * themselves, which the sync plugin needs first) so that the rate limit and the contract's error
 * shape apply to it.
 */
export const metricsRoutes: FastifyPluginAsync = async (app) => {
  const registry = app.metricsRegistry;
  // Scrapers come every 15 s or so; the limit keeps anyone else from making the server count all day.
  const rateLimit = { max: METRICS_REQUESTS_PER_MINUTE, timeWindow: '1 minute' };
  app.get('/metrics', { config: { rateLimit } }, async (request, reply) => {
    const token = app.config.metricsToken;
    if (token !== null && !holdsToken(request, token)) {
      throw new HttpError(401, 'unauthorized', 'Metrics need the scrape token: send Authorization: Bearer <METRICS_TOKEN>.');
    }
    reply.header('Cache-Control', 'no-store');
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};

const METRICS_REQUESTS_PER_MINUTE = 60;

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
function holdsToken(request: FastifyRequest, token: string): boolean {
  const sent = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  const a = crypto.createHash('sha256').update(sent).digest();
  const b = crypto.createHash('sha256').update(token).digest();
  return crypto.timingSafeEqual(a, b);
}
