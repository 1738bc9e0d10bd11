// Route schemas compile on the first request that needs them, not at start (README "Restart and
// memory"), and then validate and serialize exactly as Fastify's own compilers do.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazySchemaCompilers } from '../../server/lazySchemas.js';

function appWithRoutes() {
  const app = Fastify({ schemaController: { compilersFactory: lazySchemaCompilers() } });
  app.get(
    '/cards',
    {
      schema: {
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1 } }, required: ['limit'] },
        response: { 200: { type: 'object', properties: { limit: { type: 'integer' } } } },
      },
    },
    // The response schema has no `secret`: the serializer leaves it out.
    async (request) => ({ limit: (request.query as { limit: number }).limit, secret: 'not in the schema' }),
  );
  // A schema Ajv cannot compile: found out when the route is first used, not when the server starts.
  app.get('/broken', { schema: { querystring: { type: 'no such type' } } }, async () => ({ ok: true }));
  return app;
}

describe('lazily compiled route schemas', () => {
  it('validate, coerce and serialize as Fastify does', async () => {
    const app = appWithRoutes();
    try {
      const ok = await app.inject({ method: 'GET', url: '/cards?limit=3' });
      expect(ok.statusCode).toBe(200);
      // Coerced from the query string to an integer, and only what the response schema names.
      expect(ok.json()).toEqual({ limit: 3 });
      const missing = await app.inject({ method: 'GET', url: '/cards' });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().message).toMatch(/limit/);
      const tooSmall = await app.inject({ method: 'GET', url: '/cards?limit=0' });
      expect(tooSmall.statusCode).toBe(400);
      expect(tooSmall.json().message).toMatch(/>= 1/);
    } finally {
      await app.close();
    }
  });

  it('compile nothing before a route is used', async () => {
    const app = appWithRoutes();
    try {
      // Eager compilation would refuse to start with the broken schema.
      await app.ready();
      expect((await app.inject({ method: 'GET', url: '/cards?limit=1' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/broken' })).statusCode).toBe(500);
    } finally {
      await app.close();
    }
  });
});
