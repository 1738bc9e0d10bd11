// Budgets for heavy work (issue 15): how many uploads, sheets, histories or demo boards a process
// works on at once, how many wait their turn, and how many bytes uploads may hold in memory.
// Past a budget the caller is told to come back later (503 or 429 with Retry-After), and
// everyone else keeps being served.
import { HttpError } from './errors.js';

/** Seconds to wait before retrying, drawn from [min, 2·min) so refused callers come back spread out. */
export function retryAfterSeconds(min: number, random: () => number = Math.random): number {
  return Math.max(1, Math.round(min * (1 + random())));
}

/** 503: the whole process is at its budget for this kind of work. */
export function serverBusy(message: string, minRetrySeconds: number): HttpError {
  const seconds = retryAfterSeconds(minRetrySeconds);
  return new HttpError(503, 'busy', `${message} Please try again in ${seconds} seconds.`, { 'Retry-After': String(seconds) });
}

/** 429: this board (or caller) is at its own budget; other boards are unaffected. */
export function boardBusy(code: string, message: string, minRetrySeconds: number): HttpError {
  const seconds = retryAfterSeconds(minRetrySeconds);
  return new HttpError(429, code, `${message} Please try again in ${seconds} seconds.`, { 'Retry-After': String(seconds) });
}

export interface WorkSlots {
  /**
   * Waits for a turn (at most `running` at once, `waiting` more queued, both process-wide and per
   * `key`); throws the refusal when the queue is full. The caller must call the returned release.
   */
  acquire(key: string): Promise<() => void>;
  readonly running: number;
  readonly waiting: number;
}

export interface SlotLimits {
  /** At most this many at once in the process. */
  running: number;
  /** At most this many more queued in the process; beyond that `busy()` is thrown. */
  waiting: number;
  /** At most this many, running or queued, for one key (a board); beyond that `keyBusy()` is thrown. */
  perKey: number;
  busy(): HttpError;
  keyBusy(): HttpError;
}

export function createWorkSlots(limits: SlotLimits): WorkSlots {
  let running = 0;
  const queue: (() => void)[] = [];
  const perKey = new Map<string, number>();
  return {
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
    async acquire(key) {
      const mine = perKey.get(key) ?? 0;
      if (mine >= limits.perKey) throw limits.keyBusy();
      if (running >= limits.running && queue.length >= limits.waiting) throw limits.busy();
      perKey.set(key, mine + 1);
      if (running >= limits.running) await new Promise<void>((resolve) => queue.push(resolve));
      else running++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (perKey.get(key) ?? 1) - 1;
        if (left === 0) perKey.delete(key);
        else perKey.set(key, left);
        // The turn passes straight to the next in line, so `running` never dips below the queue's need.
        const next = queue.shift();
        if (next) next();
        else running--;
      };
    },
  };
}

/** Bytes held in memory by work in progress (uploads being received and read), process-wide. */
export interface ByteBudget {
  /** Takes `bytes` from the budget, or returns false (taking nothing) when they do not fit. */
  take(bytes: number): boolean;
  give(bytes: number): void;
  readonly used: number;
}

export function createByteBudget(limit: number): ByteBudget {
  let used = 0;
  return {
    get used() {
      return used;
    },
    take(bytes) {
      if (used + bytes > limit) return false;
      used += bytes;
      return true;
    },
    give(bytes) {
      used = Math.max(0, used - bytes);
    },
  };
}
