// The share-out calls of the server's API: a read-only class link to one sequence, and its revocation.
import type { ErrorBody } from '#shared/api.js';
import type { SequenceLink } from '#shared/shareout.js';
import { ApiError } from '../../sync/api.js';

async function call(method: 'POST' | 'DELETE', boardId: string, sequenceId: string, token: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/sequences/${encodeURIComponent(sequenceId)}/share`, {
      method,
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'unreachable', 'The Worksort server cannot be reached. Check the connection and try again.');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
    throw new ApiError(response.status, 'error', body.message ?? `The server answered ${response.status}.`);
  }
  return response;
}

/** Makes the class's link (revoking any earlier one) and answers its full address. */
export async function shareSequence(boardId: string, sequenceId: string, token: string): Promise<string> {
  const { url } = (await (await call('POST', boardId, sequenceId, token)).json()) as SequenceLink;
  return new URL(url, window.location.origin).href;
}

export async function revokeSequenceShare(boardId: string, sequenceId: string, token: string): Promise<void> {
  await call('DELETE', boardId, sequenceId, token);
}
