// The live-sync wire format, shared by server and client ("protocol mode" is something else: the
// team protocol of shared/protocolSession.ts). Message types are those of
// y-websocket (y-protocols): sync and awareness; the server adds nothing to the wire format.

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

/** The path prefix of the WebSocket endpoint: `/sync/<boardId>?token=…`. */
export const SYNC_PATH = '/sync';

/**
 * WebSocket close codes (4000–4999 are for applications). The stock client reconnects after any
 * close; these tell it, and the person, why.
 */
export const CLOSE_CODES = {
  /** The token was rotated or the board deleted while connected. */
  tokenRevoked: 4401,
  /** The client sent something that does not decode as y-protocols. */
  malformedMessage: 4400,
  /** A message, document or rate limit was exceeded. */
  limitExceeded: 4413,
  /** The server is shutting down; reconnect elsewhere. */
  serverShutdown: 4503,
  /** The board could not be loaded. */
  loadFailed: 4500,
  /**
   * An update was refused (a phase locked by the facilitator, protocol state changed by someone
   * other than the owner, the built-in pile deleted): nothing of it was applied, stored or relayed.
   * The client's copy now holds a change the board will never have: it must load the board afresh.
   */
  editRefused: 4423,
} as const;

/** Awareness state each participant publishes (README, "The API"). */
export interface ParticipantState {
  /** `role` is the board access the link grants; `team` the person's part (shared/presence.ts TEAM_ROLES). */
  user: { name: string; color: string; role: string; team?: string };
  /** Board coordinates of the pointer. */
  cursor?: { x: number; y: number } | null;
  /** Cards this participant is dragging right now and where they are (board coordinates). */
  drag?: { cards: { id: string; x: number; y: number }[] } | null;
  /** What else others see of me (shared/presence.ts): my view, laser, ink in progress, calls to the room. */
  viewport?: { x: number; y: number; w: number; h: number } | null;
  laser?: { points: number[] } | null;
  inking?: { tool: string; color: string; width: number; points: number[] } | null;
  summon?: { id: string } | null;
  spotlight?: { id: string; cardId: string; pinId?: string; work?: boolean } | null;
}
