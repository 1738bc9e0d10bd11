// Route schemas compile on the first request that needs them, not at start (README "Restart and
// memory"), and then validate and serialize exactly as Fastify's own compilers do. A built server
// loads the code its build generated for them instead (test/server/builtSchemas.test.ts runs it).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazySchemaCompilers, type SchemaCode } from '../../server/lazySchemas.js';

function appWithRoutes(code?: SchemaCode, { broken = true } = {}) {
  const app = Fastify({ schemaController: { compilersFactory: lazySchemaCompilers(code) } });
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
  if (broken) app.get('/broken', { schema: { querystring: { type: 'no such type' } } }, async () => ({ ok: true }));
  return app;
}

/** The answers to a valid request and to two that the query string's schema refuses. */
async function cardAnswers(app: ReturnType<typeof appWithRoutes>) {
  try {
    const answers = [];
    for (const url of ['/cards?limit=3', '/cards', '/cards?limit=0']) {
      const response = await app.inject({ method: 'GET', url });
      answers.push({ status: response.statusCode, body: response.body });
    }
    return answers;
  } finally {
    await app.close();
  }
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

describe('route schemas generated as code', () => {
  it("are written by the build's run, one file per route part, and then loaded instead of compiled", async () => {
    // Inside the project, as server/dist is: generated code requires its helpers from node_modules.
    const folder = fs.mkdtempSync(new URL('../../server/dist-test-', import.meta.url).pathname);
    try {
      const writing = appWithRoutes({ folder, write: true }, { broken: false });
      await writing.ready();
      await writing.close();
      const files = fs.readdirSync(folder).sort();
      expect(files.map((file) => file.replace(/\.[0-9a-f]{16}\.cjs$/, ''))).toEqual([
        'GET_cards_200',
        'GET_cards_querystring',
        'HEAD_cards_200',
        'HEAD_cards_querystring',
      ]);

      const compiled = await cardAnswers(appWithRoutes(undefined, { broken: false }));
      expect(compiled[0]).toEqual({ status: 200, body: '{"limit":3}' });
      expect(await cardAnswers(appWithRoutes({ folder }))).toEqual(compiled);

      // What a route runs is the file's code, not a compiled schema.
      const serializer = files.find((file) => file.startsWith('GET_cards_200.')) as string;
      fs.writeFileSync(path.join(folder, serializer), 'module.exports = () => \'{"limit":"from the file"}\'');
      // Read again, as a new process would (the writing and the reading above loaded the files once).
      const { cache } = createRequire(import.meta.url);
      for (const loaded of Object.keys(cache)) if (loaded.startsWith(folder)) delete cache[loaded];
      expect((await cardAnswers(appWithRoutes({ folder })))[0]).toEqual({ status: 200, body: '{"limit":"from the file"}' });
      // A part without a file compiles on its first use, as without generated code.
      fs.rmSync(path.join(folder, files.find((file) => file.startsWith('GET_cards_querystring.')) as string));
      expect((await cardAnswers(appWithRoutes({ folder }))).slice(1)).toEqual(compiled.slice(1));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
