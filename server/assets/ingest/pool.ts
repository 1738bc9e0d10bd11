// The worker threads that read PDFs and HEIC photos (worker.ts). At most `threads` tasks run at
// once and each has its own time limit, counted from when it starts, not while it waits: a page
// that takes longer has its thread terminated, which is the only way to stop pdf.js or libheif
// in the middle of synchronous work.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { projectRoot } from '../../paths.js';
import type { IngestResult, IngestTask } from './worker.js';

export class TaskTimeout extends Error {}
/** The process went past its ingest memory budget while the task ran: it was stopped, through no fault of its file. */
export class MemoryBudgetExceeded extends Error {}

/** How often resident memory is read while tasks run: a decoder allocates at most a few hundred MB/s. */
const MEMORY_WATCH_MS = 50;

export interface IngestPool {
  run(task: IngestTask, timeoutMs: number): Promise<IngestResult>;
  close(): Promise<void>;
}

/**
 * Worker threads inherit the process's flags when given none, which is what the built server
 * wants (and passing them would fail: a worker refuses V8 flags such as --max-semi-space-size).
 * When this file is the TypeScript source (Vitest, tsx), the worker must load worker.ts too:
 * it gets tsx's loader, found from this package's own dependencies.
 */
function workerExecArgv(): string[] | undefined {
  if (!import.meta.url.endsWith('.ts') || process.execArgv.some((flag) => flag.includes('tsx'))) return undefined;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [...process.execArgv, '--import', tsx];
}

/** The worker's own file: its TypeScript source beside this one, or its entry in the built bundle. */
function workerFile(): string {
  if (import.meta.url.endsWith('.ts')) return new URL('./worker.ts', import.meta.url).href;
  return pathToFileURL(path.join(projectRoot, 'server', 'dist', 'worker.js')).href;
}

/**
 * `memoryBytes` bounds the process's resident memory while tasks run: decoders allocate typed
 * arrays and WebAssembly memory outside a worker's heap limit, so past it every running task is
 * stopped (the memory cannot be traced to one thread) and answers `MemoryBudgetExceeded`.
 */
export function createIngestPool(threads: number, memoryBytes: number): IngestPool {
  let pool: Piscina | null = null;
  // Created on first use: a server nobody uploads a PDF to never starts a thread.
  const piscina = () =>
    (pool ??= new Piscina({
      filename: workerFile(),
      minThreads: 0,
      maxThreads: threads,
      // Idle threads end, returning the memory pdf.js and libheif's WebAssembly heap grew to.
      idleTimeout: 30_000,
      concurrentTasksPerWorker: 1,
      execArgv: workerExecArgv(),
      // A runaway document exhausts its thread's heap, not the server's.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    }));

  let running = 0;
  const waiting: (() => void)[] = [];
  const inFlight = new Set<{ abort: AbortController; overBudget: boolean }>();
  let watch: NodeJS.Timeout | null = null;
  const watchMemory = () => {
    if (process.memoryUsage.rss() <= memoryBytes) return;
    for (const task of inFlight) {
      task.overBudget = true;
      task.abort.abort();
    }
  };
  const slot = async () => {
    if (running >= threads) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };

  return {
    async run(task, timeoutMs) {
      await slot();
      const abort = new AbortController();
      const tracked = { abort, overBudget: false };
      inFlight.add(tracked);
      // A process already past its budget starts nothing: a small task could finish before the first read.
      watchMemory();
      watch ??= setInterval(watchMemory, MEMORY_WATCH_MS);
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, timeoutMs);
      try {
        return (await piscina().run(task, { signal: abort.signal })) as IngestResult;
      } catch (error) {
        if (tracked.overBudget) throw new MemoryBudgetExceeded('the process went past its ingest memory budget');
        if (timedOut) throw new TaskTimeout('the task took too long');
        throw error;
      } finally {
        clearTimeout(timer);
        inFlight.delete(tracked);
        if (inFlight.size === 0 && watch) {
          clearInterval(watch);
          watch = null;
        }
        release();
      }
    },
    async close() {
      await pool?.destroy();
      pool = null;
    },
  };
}

/** `bytes` in memory the worker threads share: as they are if they already are, else copied once. */
export function sharedBytes(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}
