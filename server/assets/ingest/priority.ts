// Decoding a class set must not slow live sync for everyone else. On Linux each thread has its
// own nice value (and a new thread takes its creator's), so the threads that decode — libvips's
// (sharp) and the ingest workers (pool.ts) — are made to give way to the main thread, which
// serves every board's WebSocket traffic. Elsewhere this does nothing.
import fs from 'node:fs';
import os from 'node:os';

/** Nice value of decoding threads: the main thread (0) gets ~9× their CPU share when both want it. */
export const DECODING_NICE = 10;

const canRenice = process.platform === 'linux' && fs.existsSync('/proc/self/task');

/** Lowers the calling thread's priority (worker threads call this when they start). */
export function lowerThisThreadsPriority(): void {
  if (canRenice) os.setPriority(DECODING_NICE);
}

/** Lowers the priority of libvips's threads that have not been lowered yet (cheap: reads /proc). */
export function lowerDecodingThreadsPriority(): void {
  if (!canRenice) return;
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      if (fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() !== 'libvips worker') continue;
      if (os.getPriority(Number(tid)) < DECODING_NICE) os.setPriority(Number(tid), DECODING_NICE);
    } catch (error) {
      // The thread ended between listing and reading or lowering it: nothing to lower.
      const code = (error as { info?: { code?: string } }).info?.code ?? (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ESRCH') throw error;
    }
  }
}
