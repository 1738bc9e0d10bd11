// Builds the Worksort server: one Fastify app, one plugin per concern, sharing a few services.
// Tests start it in-process on port 0; `main.ts` starts it for real.

import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { CLOSE_CODES } from '#shared/syncWire.js';
import { createClassSetImporter } from './assets/classSets.js';
import { assetRoutes } from './assets/routes.js';
import { uploadRoutes } from './assets/uploads.js';
import { authPlugin, findGrant } from './auth.js';
import { boardRoutes } from './boards/routes.js';
import { namingRoutes } from './classes/namingRoutes.js';
import { classRoutes } from './classes/routes.js';
import { clientPlugin } from './client.js';
import type { Config } from './config.js';
import { demoRoutes } from './demo/routes.js';
import { registerErrorHandler } from './errors.js';
import { exportRoutes } from './export/routes.js';
import { healthPlugin } from './health.js';
import { lazySchemaCompilers, type SchemaCode } from './lazySchemas.js';
import { metricsPlugin, metricsRoutes } from './metrics.js';
import { retentionPlugin } from './retention.js';
import { securityPlugin } from './security.js';
import { sequenceRoutes } from './sequences/routes.js';
import { snapshotRoutes } from './snapshots/routes.js';
import { openStorage } from './storage/open.js';
import { localFanout, redisFanout } from './sync/fanout.js';
import { closeSocketsForRestart, syncPlugin } from './sync/plugin.js';
import { createRevocation } from './sync/revocation.js';
import { RoomRegistry } from './sync/rooms.js';
import './services.js';

/** Removes tokens from URLs before they reach a log line. */
export function redactTokens(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

export interface BuildOptions {
  /** The built server's generated schema code (server/main.ts); without it, schemas compile on first use. */
  schemaCode?: SchemaCode;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization'],
      serializers: {
        req: (request) => ({ method: request.method, url: redactTokens(request.url), remoteAddress: request.ip }),
      },
    },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    schemaController: { compilersFactory: lazySchemaCompilers(options.schemaCode) },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const opened = await openStorage(config);
  const fanout = config.redisUrl ? await redisFanout(config.redisUrl, config.redisKeyPrefix, app.log) : localFanout();
  app.decorate('config', config);
  app.decorate('storage', opened.storage);
  app.decorate('classStore', opened.classes);
  app.decorate('assets', opened.assets);
  app.decorate('readiness', async () => ({ storage: await opened.ready(), fanout: await fanout.ping() }));
  await app.register(metricsPlugin);
  app.decorate(
    'rooms',
    new RoomRegistry({
      storage: opened.storage,
      fanout,
      log: app.log,
      compactAfterUpdates: config.compactAfterUpdates,
      maxDocumentBytes: config.maxDocumentBytes,
      maxAwarenessBytes: config.maxAwarenessBytes,
      onPersisted: (seconds) => app.metrics.persistSeconds.observe(seconds),
    }),
  );
  app.decorate('tokenSecrets', opened.secrets);
  const revocation = await createRevocation({
    rooms: app.rooms,
    storage: opened.storage,
    secrets: opened.secrets,
    opens: async (token, boardId) => (await findGrant(app, token, boardId)) !== null,
    log: app.log,
    redisUrl: config.redisUrl,
    redisKeyPrefix: config.redisKeyPrefix,
  });
  app.decorate('revocation', revocation);
  app.decorate('classSets', createClassSetImporter(app));
  app.addHook('onClose', async () => {
    await revocation.close();
    await app.classSets.close();
    await app.rooms.closeAll(CLOSE_CODES.serverShutdown, 'the server is restarting');
    await fanout.close();
    await opened.classes.close();
    await opened.storage.close();
  });

  registerErrorHandler(app);
  // Fastify's own answer (and log line) for an unknown route quotes the whole URL, token included.
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'not_found', message: `There is nothing at ${request.method} ${request.url.split('?')[0]}.` }),
  );
  await app.register(securityPlugin);
  await app.register(fastifyWebsocket, { options: { maxPayload: config.maxMessageBytes }, preClose: closeSocketsForRestart });
  await app.register(authPlugin);
  await app.register(healthPlugin);
  await app.register(metricsRoutes);
  await app.register(boardRoutes);
  await app.register(classRoutes);
  await app.register(namingRoutes);
  await app.register(assetRoutes);
  await app.register(uploadRoutes);
  await app.register(demoRoutes);
  await app.register(snapshotRoutes);
  await app.register(exportRoutes);
  await app.register(sequenceRoutes);
  await app.register(syncPlugin);
  await app.register(retentionPlugin);
  await app.register(clientPlugin, { clientDir: config.clientDir });
  return app;
}
