// Everyone else's pointer, over the board: an arrow in their colour with their name, the same size
// at any zoom so the facilitator's pointer reads from the back of the room. Positions arrive ~20
// times a second; each pointer glides to its latest position every frame (no React render per
// frame, only a transform per element), and fades when its owner stops moving it.
import { useEffect, useRef } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Viewport } from '../viewport.js';

/** A pointer still this long fades to a ghost of itself; it disappears after LEAVE_MS. */
const IDLE_MS = 4000;
const LEAVE_MS = 60_000;
/** How quickly a pointer closes the gap to its latest position (time constant of the glide). */
const GLIDE_MS = 45;

interface Tracked {
  element: HTMLDivElement;
  label: HTMLSpanElement;
  target: { x: number; y: number };
  shown: { x: number; y: number };
  movedAt: number;
  idle: boolean;
  name: string;
  color: string;
}

const ARROW = 'M0 0 L0 22 L6 17 L10 26 L14 24 L10 15 L18 15 Z';

/** Just what a pointer needs from a participant's awareness state (read on every message, so kept small). */
function readPointer(state: unknown): { name: string; color: string; cursor: { x: number; y: number } } | null {
  if (typeof state !== 'object' || state === null) return null;
  const { user, cursor } = state as { user?: { name?: unknown; color?: unknown }; cursor?: { x?: unknown; y?: unknown } | null };
  if (!user || typeof user.name !== 'string' || !cursor) return null;
  const { x, y } = cursor;
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return null;
  const color = typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#34495e';
  return { name: user.name.slice(0, 40) || 'Someone', color, cursor: { x, y } };
}

function createCursor(layer: HTMLElement): Pick<Tracked, 'element' | 'label'> {
  const element = document.createElement('div');
  element.className = 'remote-cursor';
  element.innerHTML = `<svg width="20" height="28" viewBox="-1 -1 20 28" aria-hidden="true"><path d="${ARROW}" stroke="#fff" stroke-width="2" stroke-linejoin="round"/></svg><span class="remote-cursor-name"></span>`;
  const label = element.querySelector('span') as HTMLSpanElement;
  layer.appendChild(element);
  return { element, label };
}

export function CursorsOverlay({ awareness, viewport }: { awareness: Awareness; viewport: Viewport }) {
  const layerRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef(viewport);
  const kick = useRef<() => void>(() => {});
  viewRef.current = viewport;
  // A pan or zoom moves every pointer on screen at once.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the viewport is read through its ref; a change only needs a frame.
  useEffect(() => kick.current(), [viewport]);

  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const tracked = new Map<number, Tracked>();
    let frame = 0;
    let lastFrame = performance.now();

    const update = (clientId: number, state: unknown, now: number) => {
      const seen = clientId === awareness.clientID ? null : readPointer(state);
      let entry = tracked.get(clientId);
      if (!seen) {
        entry?.element.remove();
        tracked.delete(clientId);
        return;
      }
      if (!entry) {
        entry = {
          ...createCursor(layer),
          target: { ...seen.cursor },
          shown: { ...seen.cursor },
          movedAt: now,
          idle: false,
          name: '',
          color: '',
        };
        tracked.set(clientId, entry);
      }
      if (entry.target.x !== seen.cursor.x || entry.target.y !== seen.cursor.y) {
        entry.target = { ...seen.cursor };
        entry.movedAt = now;
      }
      if (entry.name !== seen.name || entry.color !== seen.color) {
        entry.name = seen.name;
        entry.color = seen.color;
        entry.element.dataset.participant = seen.name;
        entry.element.style.setProperty('--cursor-color', seen.color);
        entry.label.textContent = seen.name;
      }
    };
    const readAll = () => {
      const now = performance.now();
      const states = awareness.getStates();
      for (const clientId of tracked.keys()) if (!states.has(clientId)) update(clientId, null, now);
      states.forEach((state, clientId) => {
        update(clientId, state, now);
      });
    };

    const draw = (now: number) => {
      frame = 0;
      const dt = Math.min(100, now - lastFrame);
      lastFrame = now;
      const view = viewRef.current;
      const follow = 1 - Math.exp(-dt / GLIDE_MS);
      let moving = false;
      for (const entry of tracked.values()) {
        const dx = entry.target.x - entry.shown.x;
        const dy = entry.target.y - entry.shown.y;
        // Far jumps (a new participant, a teleport) land at once; short ones glide.
        if (Math.hypot(dx, dy) * view.scale > 600 || Math.hypot(dx, dy) * view.scale < 0.3) entry.shown = { ...entry.target };
        else {
          entry.shown = { x: entry.shown.x + dx * follow, y: entry.shown.y + dy * follow };
          moving = true;
        }
        const x = entry.shown.x * view.scale + view.x;
        const y = entry.shown.y * view.scale + view.y;
        entry.element.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
        const idleFor = now - entry.movedAt;
        const idle = idleFor > IDLE_MS;
        if (idle !== entry.idle) {
          entry.idle = idle;
          entry.element.classList.toggle('remote-cursor-idle', idle);
        }
        entry.element.hidden = idleFor > LEAVE_MS;
      }
      if (moving) frame = requestAnimationFrame(draw);
    };

    const schedule = () => {
      if (!frame) {
        lastFrame = performance.now();
        frame = requestAnimationFrame(draw);
      }
    };
    kick.current = schedule;
    // Thirty people moving send hundreds of changes a second: look only at who changed.
    const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
      const now = performance.now();
      const states = awareness.getStates();
      for (const clientId of [...added, ...updated, ...removed]) update(clientId, states.get(clientId) ?? null, now);
      schedule();
    };
    readAll();
    schedule();
    awareness.on('change', onChange);
    // Idle pointers fade even when nothing else happens.
    const idleTimer = setInterval(schedule, 1000);
    return () => {
      awareness.off('change', onChange);
      clearInterval(idleTimer);
      cancelAnimationFrame(frame);
      kick.current = () => {};
      for (const entry of tracked.values()) entry.element.remove();
    };
  }, [awareness]);

  return <div ref={layerRef} className="cursors-overlay" data-testid="cursors" aria-hidden="true" />;
}
