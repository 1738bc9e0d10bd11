// What the server needs from storage, whichever engine is behind it. Plugins depend on this
// interface only; `sqlite.ts` is the embedded default.
import type { Role } from '#shared/roles.js';

/** Storage the server cannot start without is unreachable or unusable; main.ts prints the message. */
export class StartupError extends Error {}

export interface BoardRecord {
  id: string;
  title: string;
  createdAt: number;
}

export interface TokenGrant {
  boardId: string;
  role: Role;
}

export type BoardTokens = Record<Role, string>;

/** A named, immutable copy of a board's document (README, "The API"). */
export interface SnapshotRecord {
  id: string;
  boardId: string;
  name: string;
  createdAt: number;
}

/** A read-only link to one share-out sequence of a board, for the class. */
export interface SequenceShare {
  boardId: string;
  sequenceId: string;
}

export interface Storage {
  createBoard(board: BoardRecord, tokens: BoardTokens, initialState: Uint8Array): Promise<void>;
  getBoard(boardId: string): Promise<BoardRecord | null>;
  /**
   * Storage keeps tokens only as keyed hashes (server/storage/tokenSecrets.ts): callers hand in
   * and get back tokens in the clear, and nothing readable as a token is ever written.
   */
  findToken(token: string): Promise<TokenGrant | null>;
  /** The board's tokens in the clear, for the holder of its owner token; null for anyone else. */
  getTokens(boardId: string, ownerToken: string): Promise<BoardTokens | null>;
  /**
   * Replaces `role`'s token (the old one stops matching at once), sealing the other links anew when
   * the owner's changes. False, and nothing changed, unless `ownerToken` is the board's owner token.
   */
  setToken(boardId: string, role: Role, token: string, ownerToken: string): Promise<boolean>;
  /** Deletes the board, its tokens, its document and its snapshots for good. False when there was no board. */
  deleteBoard(boardId: string): Promise<boolean>;

  /**
   * Appends document updates in one atomic, durable write. The sync layer awaits this before it
   * applies or relays the updates to anyone.
   */
  appendUpdates(boardId: string, updates: Uint8Array[]): Promise<void>;
  loadUpdates(boardId: string): Promise<Uint8Array[]>;
  /**
   * Compaction: under a per-board lock, reads every stored update, asks `merge` for one state
   * that contains them all, and replaces exactly the rows it read by that state. Rows that other
   * server processes append meanwhile are kept, so no process can compact away another's update.
   */
  compact(boardId: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<void>;
  /**
   * Only where one process owns the storage (SQLite): replaces a board's whole log by `state`.
   * There a loaded board's room wrote every row of its log and holds them all in its document, so
   * compaction need not read the log back and apply it again (~60 % of a compaction's time).
   */
  replaceLog?(boardId: string, state: Uint8Array): Promise<void>;
  /** Records that a board was used at `at` (ms); appending updates does this by itself (`boardUseRecorder`). */
  touchBoard(boardId: string, at: number): Promise<void>;
  /** Boards nobody changed or opened since `before` (ms), for the retention period. */
  boardsUntouchedSince(before: number): Promise<string[]>;
  /** Rows and bytes of a board's update log, for measurements and metrics. */
  documentSize(boardId: string): Promise<{ updates: number; bytes: number }>;

  /** Stores a snapshot: the encoded Yjs state of the board (`Y.encodeStateAsUpdate`), no images. */
  createSnapshot(snapshot: SnapshotRecord, state: Uint8Array): Promise<void>;
  /** A board's snapshots, newest first. */
  listSnapshots(boardId: string): Promise<SnapshotRecord[]>;
  /** One snapshot of a board with its state, or null (also when it belongs to another board). */
  getSnapshot(boardId: string, snapshotId: string): Promise<(SnapshotRecord & { state: Uint8Array }) | null>;
  countSnapshots(boardId: string): Promise<number>;
  /** How many snapshots a board keeps and their states' bytes together (for its snapshot budget). */
  snapshotUsage(boardId: string): Promise<{ count: number; bytes: number }>;

  /**
   * Share-out links. Only a digest of the link's secret is kept (`digest` is computed by the
   * caller), so a copy of the database grants nothing. One link per sequence: setting replaces it.
   */
  setSequenceShare(share: SequenceShare, digest: string): Promise<void>;
  findSequenceShare(digest: string): Promise<SequenceShare | null>;
  /** False when the sequence had no link. */
  deleteSequenceShare(share: SequenceShare): Promise<boolean>;

  close(): Promise<void>;
}

/** An append records its board's use at most this often: retention counts days, not moves. */
export const USE_RECORDED_EVERY_MS = 60_000;
/** Boards whose last recorded use a process remembers; past this it starts afresh. */
const USES_REMEMBERED = 10_000;

/**
 * For appends: the time to record as a board's use, or null when this process recorded it less
 * than a minute ago. Recording it with every move wrote a second row per commit, which doubled
 * how fast SQLite's write-ahead log grew and so how often a checkpoint (an fsync of 4–8 ms on the
 * event loop) stalled every board.
 */
export function boardUseRecorder(now: () => number = Date.now): (boardId: string) => number | null {
  const recorded = new Map<string, number>();
  return (boardId) => {
    const at = now();
    if (at - (recorded.get(boardId) ?? Number.NEGATIVE_INFINITY) < USE_RECORDED_EVERY_MS) return null;
    if (recorded.size >= USES_REMEMBERED) recorded.clear();
    recorded.set(boardId, at);
    return at;
  };
}
