// Liveness (`/healthz`: cheap, no storage round trip) and readiness (`/readyz`) for load
// balancers and operators. Neither needs a token.
import type { FastifyPluginAsync } from 'fastify';

export const healthPlugin: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  // Readiness: can this process serve boards right now (storage and Redis answer)?
  app.get('/readyz', async (_request, reply) => {
    const checks = await app.readiness();
    const ready = checks.storage && checks.fanout;
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
};
