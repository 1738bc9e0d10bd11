// A token bucket per connection: a sustained rate with room for short bursts (a drag that starts
// while the cursor moves), so one flooding client cannot starve a board.

export interface TokenBucket {
  /** Takes one token; false when the bucket is empty. */
  take(now?: number): boolean;
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
  };
}
