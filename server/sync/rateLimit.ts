// A token bucket per connection: a sustained rate with room for short bursts (a drag that starts
// while the cursor moves), so one flooding client cannot starve a board.

export interface TokenBucket {
  /** Takes one token; false when the bucket is empty. */
  take(now?: number): boolean;
  /** Puts one token back (never past the burst): for a message the other side is owed. */
  refund(): void;
}

export function tokenBucket(perSecond: number, burst = perSecond * 2): TokenBucket {
  let tokens = burst;
  let last = Date.now();
  return {
    take(now = Date.now()) {
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * perSecond);
      last = now;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    refund() {
      tokens = Math.min(burst, tokens + 1);
    },
  };
}

/**
 * Main-thread time to spend on something per second (encoding sync answers): spent as it is
 * measured, refilled over time, never saved up beyond `capMs`. Work waits while it is overdrawn.
 */
export class TimeBudget {
  private level: number;
  private last: number;

  constructor(
    private readonly msPerSecond: number,
    private readonly capMs = msPerSecond,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.level = capMs;
    this.last = now();
  }

  /** How long until there is time to spend (0: now). */
  waitMs(): number {
    this.refill();
    return this.level > 0 ? 0 : Math.ceil((-this.level / this.msPerSecond) * 1000) + 1;
  }

  spend(ms: number): void {
    this.refill();
    this.level -= ms;
  }

  private refill(): void {
    const now = this.now();
    this.level = Math.min(this.capMs, this.level + ((now - this.last) / 1000) * this.msPerSecond);
    this.last = now;
  }
}
