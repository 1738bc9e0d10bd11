// Errors that leave the server as the contract's `{ error, message }`, with messages written for
// the person who caused them.
import type { FastifyError, FastifyInstance } from 'fastify';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** Headers the answer carries, such as `Retry-After` on a 429 or 503. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const unauthorized = () =>
  new HttpError(401, 'unauthorized', 'This link is not valid or has been revoked. Ask the board owner for a new link.');
export const forbidden = (what: string) => new HttpError(403, 'forbidden', `Your link does not allow you to ${what}.`);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} was not found.`);

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).headers(error.headers).send({ error: error.code, message: error.message });
    }
    if (error.validation) {
      return reply.code(400).send({ error: 'bad_request', message: `The request is not valid: ${error.message}.` });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'request failed');
      return reply
        .code(500)
        .send({ error: 'internal', message: 'Something went wrong on the server. Nothing was changed; please try again.' });
    }
    return reply.code(status).send({ error: error.code ?? 'bad_request', message: error.message });
  });
}
