// Web hardening for every answer: security headers with a Content-Security-Policy the client runs
// under (no inline scripts), no Referer leaving the app, and HTTP rate limits. A district routes
// every school through one public address, so requests with a valid board token are counted per
// token; only what carries none (pages, board creation, guessed tokens) is counted per address.
import crypto from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { tokenOf } from './auth.js';
import { HttpError } from './errors.js';

/** Routes left out of rate limits, by their route pattern (never the raw URL, whose query anyone writes). */
const UNLIMITED_ROUTES = new Set([
  // Page images are many, cheap and token-guarded: a class set of thumbnails is one page load.
  '/api/boards/:boardId/assets/:assetId',
  '/healthz',
]);
/** The built client's files and pages: a school loading them at once is one address, many people. */
const CLIENT_ROUTES = new Set(['/', '/*', '/b/:boardId', '/class/*']);
/** Client files per minute per address, as a multiple of the per-address limit. */
export const CLIENT_FILES_FACTOR = 10;
/** How long a token found valid is counted as such without asking storage again. */
const VALID_TOKEN_MS = 60_000;
const VALID_TOKEN_CACHE = 10_000;

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

  // Valid tokens seen recently, by their digest: the limit's key, not a grant (routes still check).
  const validTokens = new Map<string, number>();
  const validTokenKey = async (request: FastifyRequest): Promise<string | null> => {
    const token = tokenOf(request);
    if (!token || token.length > 200) return null;
    const digest = crypto.createHash('sha256').update(token).digest('base64url');
    const now = Date.now();
    const until = validTokens.get(digest);
    if (until !== undefined && until > now) return digest;
    validTokens.delete(digest);
    const grant = await app.storage.findToken(token).catch(() => null);
    if (!grant) return null;
    const boardId = (request.params as { boardId?: unknown } | undefined)?.boardId;
    if (typeof boardId === 'string' && boardId !== grant.boardId) return null;
    if (validTokens.size >= VALID_TOKEN_CACHE) validTokens.delete(validTokens.keys().next().value as string);
    validTokens.set(digest, now + VALID_TOKEN_MS);
    return digest;
  };

  const countedPerToken = new WeakSet<FastifyRequest>();
  await app.register(rateLimit, {
    global: true,
    timeWindow: '1 minute',
    keyGenerator: async (request) => {
      if (CLIENT_ROUTES.has(request.routeOptions.url ?? '')) return `client:${request.ip}`;
      const token = await validTokenKey(request);
      if (token) countedPerToken.add(request);
      return token ? `token:${token}` : `address:${request.ip}`;
    },
    max: (_request, key) =>
      key.startsWith('token:')
        ? app.config.httpRequestsPerMinutePerToken
        : key.startsWith('client:')
          ? app.config.httpRequestsPerMinute * CLIENT_FILES_FACTOR
          : app.config.httpRequestsPerMinute,
    allowList: (request) => UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
    errorResponseBuilder: (request, context) =>
      new HttpError(
        429,
        'rate_limited',
        countedPerToken.has(request)
          ? `Too many requests with this board link. Please wait ${context.after} and try again.`
          : `Too many requests from your network. Please wait ${context.after} and try again.`,
      ),
  });
});

/** Route options for calls that create boards: stricter than the global limit. */
export function creationRateLimit(app: FastifyInstance) {
  return { rateLimit: { max: app.config.boardCreationsPerMinute, timeWindow: '1 minute' } };
}
