// Web hardening for every answer: security headers with a Content-Security-Policy the client runs
// under (no inline scripts), no Referer leaving the app, and per-address HTTP rate limits.
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from './errors.js';

export const securityPlugin = fp(async (app: FastifyInstance) => {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Konva and React set styles through the CSSOM, which CSP allows; no inline <style>.
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Board links carry their token in the fragment, which browsers never send; this also keeps
    // the path of a board out of other sites' logs.
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });

  await app.register(rateLimit, {
    global: true,
    max: app.config.httpRequestsPerMinute,
    timeWindow: '1 minute',
    // Page images are many, cheap and token-guarded: a class set of thumbnails is one page load.
    allowList: (request) => /^\/api\/boards\/[^/]+\/assets\//.test(request.url) || request.url === '/healthz',
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate_limited', `Too many requests from your network. Please wait ${context.after} and try again.`),
  });
});

/** Route options for calls that create boards: stricter than the global limit. */
export function creationRateLimit(app: FastifyInstance) {
  return { rateLimit: { max: app.config.boardCreationsPerMinute, timeWindow: '1 minute' } };
}
