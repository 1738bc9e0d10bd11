// Reading a board link someone pasted (to compare with another board): `…/b/<id>#token=<token>`,
// with or without the address of the server in front.
import { boardIdFromPath, tokenFromHash } from './token.js';

export interface BoardLink {
  boardId: string;
  token: string;
}

/** The board id and token of a pasted link, or null when it is not a Worksort board link. */
export function parseBoardLink(text: string, origin = window.location.origin): BoardLink | null {
  let url: URL;
  try {
    url = new URL(text.trim(), origin);
  } catch {
    return null;
  }
  const boardId = boardIdFromPath(url.pathname);
  const token = tokenFromHash(url.hash);
  return boardId && token ? { boardId, token } : null;
}
