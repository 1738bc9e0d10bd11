// Main-thread work per frame, from a Chromium performance trace. Headless Chromium paces frames
// at 60 Hz whatever the flags (the interval between animation frames never drops under 16.7 ms), so
// that interval says only whether a frame was missed; the work the renderer's main thread did in each
// frame (input, awareness messages, React, Konva drawing, style, layout, paint) says how much room
// is left. A frame's work is the time the main thread was busy between the starts of two frames.
import type { CDPSession, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

export interface FrameTrace {
  /** Main-thread busy time in each frame, in ms. */
  work: number[];
  /** Interval between the starts of consecutive frames, in ms. */
  intervals: number[];
}

const CATEGORIES = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline.frame', '__metadata'];

export async function startFrameTrace(page: Page): Promise<() => Promise<FrameTrace>> {
  const session: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (message) => {
    events.push(...(message.value as unknown as TraceEvent[]));
  });
  await session.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES }, transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise<void>((resolve) => session.once('Tracing.tracingComplete', () => resolve()));
    await session.send('Tracing.end');
    await complete;
    await session.detach();
    return framesOf(events);
  };
}

function framesOf(events: TraceEvent[]): FrameTrace {
  // The page's main thread: the renderer main thread that began the most frames.
  const mains = new Set(
    events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map(threadKey),
  );
  const begins = new Map<string, number[]>();
  for (const event of events) {
    if (event.name !== 'BeginMainThreadFrame' || !mains.has(threadKey(event))) continue;
    const list = begins.get(threadKey(event)) ?? [];
    list.push(event.ts);
    begins.set(threadKey(event), list);
  }
  const [thread, starts] = [...begins.entries()].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  starts.sort((a, b) => a - b);
  const tasks = events
    .filter(
      (event) =>
        event.ph === 'X' &&
        (event.name === 'ThreadControllerImpl::RunTask' || event.name === 'RunTask') &&
        threadKey(event) === thread &&
        event.dur !== undefined,
    )
    .map((event) => ({ start: event.ts, end: event.ts + (event.dur ?? 0) }))
    .sort((a, b) => a.start - b.start);
  const work: number[] = [];
  const intervals: number[] = [];
  let first = 0;
  for (let i = 0; i + 1 < starts.length; i++) {
    const from = starts[i] as number;
    const to = starts[i + 1] as number;
    let busy = 0;
    while (first < tasks.length && (tasks[first]?.end ?? 0) <= from) first++;
    for (let j = first; j < tasks.length; j++) {
      const task = tasks[j];
      if (!task || task.start >= to) break;
      busy += Math.max(0, Math.min(task.end, to) - Math.max(task.start, from));
    }
    work.push(busy / 1000);
    intervals.push((to - from) / 1000);
  }
  return { work, intervals };
}

function threadKey(event: { pid: number; tid: number }): string {
  return `${event.pid}:${event.tid}`;
}
