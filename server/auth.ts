// Board tokens: who may do what on which board. Every route but board creation and health names
// a token, in the Authorization header or (for WebSockets and <img>) the `token` query parameter.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { type Role, roleAtLeast } from '#shared/roles.js';
import { forbidden, HttpError, unauthorized } from './errors.js';
import { classGrantOnBoard } from './storage/classes.js';
import type { TokenGrant } from './storage/storage.js';
import type { TokenSecrets } from './storage/tokenSecrets.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** A pre-handler admitting requests whose token grants at least `role` on `:boardId`. */
    requireRole(role: Role, action: string): preHandlerAsyncHookHandler;
    /** How tokens are hashed at rest (server/storage/tokenSecrets.ts). */
    tokenSecrets: TokenSecrets;
  }
  interface FastifyRequest {
    grant: TokenGrant & { token: string };
  }
}

/** 192 random bits, URL-safe: unguessable (the contract asks for at least 128). */
export function newToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

export function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1] ?? null;
  }
  const query = request.query as Record<string, unknown> | undefined;
  return typeof query?.token === 'string' && query.token !== '' ? query.token : null;
}

/** Constant-time comparison for secrets such as the creation key. */
export function sameSecret(a: string, b: string): boolean {
  const left = crypto.createHash('sha256').update(a).digest();
  const right = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(left, right);
}

export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('grant', null as unknown as FastifyRequest['grant']);
  app.decorate('requireRole', (role: Role, action: string): preHandlerAsyncHookHandler => {
    return async (request) => {
      const token = tokenOf(request);
      const boardId = (request.params as { boardId?: string }).boardId;
      if (!token || !boardId) throw unauthorized();
      const grant = await findGrant(app, token, boardId);
      if (!grant) throw unauthorized();
      if (!roleAtLeast(grant.role, role)) throw forbidden(action);
      request.grant = { ...grant, token };
    };
  });
});

/**
 * What `token` grants on `boardId`: a board token on its own board, or a token of the board's
 * class (the team's one link) with its role. A token of another board is an unknown token.
 */
export async function findGrant(app: FastifyInstance, token: string, boardId: string): Promise<TokenGrant | null> {
  // Tokens are looked up by their keyed hash: what a lookup's timing could reveal is about the
  // hash, which tells nothing of any token (server/storage/tokenSecrets.ts). No token is this long.
  if (token.length > 200) return null;
  const grant = await app.storage.findToken(token);
  if (grant) return grant.boardId === boardId ? grant : null;
  return classGrantOnBoard(app.classStore, token, boardId);
}

export function requireCreationKey(request: FastifyRequest, creationKey: string | null): void {
  if (!creationKey) return;
  const given = tokenOf(request);
  if (!given || !sameSecret(given, creationKey)) {
    throw new HttpError(401, 'unauthorized', 'Creating boards on this server needs its creation key.');
  }
}
