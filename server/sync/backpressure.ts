// What the server does with a socket that cannot keep up, and how it tells a client it closed to
// come back. A socket's backlog (`bufferedAmount`: bytes accepted for it but not yet handed to the
// network) passes through three stages: congested (no presence until it drains, outbox.ts),
// then hopeless — over a hard cap for too long, or over the ceiling at once — and closed, so one
// stalled tablet never holds the server's memory or anybody else's messages.

/** Past this backlog a peer is congested: it gets no presence (cursors) until it drains. */
export const CONGESTED_BYTES = 256 * 1024;
/** A backlog above this that does not drain within `SLOW_GRACE_MS` marks a hopeless socket. */
export const SLOW_BYTES = 4 * 1024 * 1024;
export const SLOW_GRACE_MS = 10_000;
/** A backlog above this closes the socket at once. */
export const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/** A hopeless socket cannot read its close frame (it sits behind the backlog): cut it after this. */
export const CLOSE_GRACE_MS = 2000;

/**
 * Reconnect advice in a close reason: "…; retry in 1840 ms". The delay is drawn at random from
 * [minMs, 2·minMs), so clients closed together (a restart, a storm of slow sockets) come back
 * spread out rather than all at once. Clients that ignore it still back off exponentially.
 */
export function withRetryAdvice(reason: string, minMs = 1000, random: () => number = Math.random): string {
  return `${reason}; retry in ${Math.round(minMs * (1 + random()))} ms`;
}

/** Reads a retry delay out of a close reason written by `withRetryAdvice`; null when it has none. */
export function retryAdvice(reason: string): number | null {
  const match = /; retry in (\d+) ms$/.exec(reason);
  return match ? Number(match[1]) : null;
}

export type Backlog = 'ok' | 'congested' | 'hopeless';

/** Tracks one socket's backlog over time and tells when it has become hopeless. */
export class BacklogWatch {
  /** Since when the backlog has stayed above SLOW_BYTES (performance.now()), or null. */
  private slowSince: number | null = null;

  constructor(
    private readonly limits = { congested: CONGESTED_BYTES, slow: SLOW_BYTES, graceMs: SLOW_GRACE_MS, max: MAX_BUFFERED_BYTES },
  ) {}

  /** Judges the backlog now; call it whenever the socket is about to be sent something. */
  check(bufferedAmount: number, now = performance.now()): Backlog {
    if (bufferedAmount > this.limits.max) return 'hopeless';
    if (bufferedAmount > this.limits.slow) {
      this.slowSince ??= now;
      if (now - this.slowSince >= this.limits.graceMs) return 'hopeless';
    } else this.slowSince = null;
    return bufferedAmount > this.limits.congested ? 'congested' : 'ok';
  }
}
