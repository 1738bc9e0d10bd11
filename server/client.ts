// Serves the built client: its static files, and index.html for the app's own routes (`/b/…`,
// `/share/…`, `/class/…`).
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';

export const clientPlugin: FastifyPluginAsync<{ clientDir: string | null }> = async (app, { clientDir }) => {
  if (!clientDir || !fs.existsSync(path.join(clientDir, 'index.html'))) {
    app.log.warn({ clientDir }, 'no built client found; serving the API only (run `npm run build`)');
    return;
  }
  // Loaded only here: an API-only server (CLIENT_DIR=none, behind a proxy that serves the
  // client) starts without it.
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic, {
    root: clientDir,
    index: ['index.html'],
    setHeaders(res, file) {
      // Vite puts a content hash in every name under assets/: those never change. index.html must.
      const hashed = file.startsWith(path.join(clientDir, 'assets') + path.sep);
      res.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/b/:boardId', (_request, reply) => reply.header('Cache-Control', 'no-cache').sendFile('index.html'));
  // A share-out page for a class (a read-only link to one sequence).
  app.get('/share/:boardId/:sequenceId', (_request, reply) => reply.header('Cache-Control', 'no-cache').sendFile('index.html'));
  // A class's page (`/class/<classId>`) and the pages under it: a student's year
  // (`/class/<classId>/student/<studentId>`), the class's movement (`/class/<classId>/movement`);
  // and the same task across classrooms. Class tokens ride in the fragment.
  app.get('/class/*', (_request, reply) => reply.header('Cache-Control', 'no-cache').sendFile('index.html'));
  app.get('/classes/compare', (_request, reply) => reply.header('Cache-Control', 'no-cache').sendFile('index.html'));
};
