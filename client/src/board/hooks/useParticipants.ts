// Other people on the board, from awareness: who they are, where their pointer is, what they drag.
import { useRef, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Rect } from '#shared/layout.js';
import {
  isTeamRole,
  MAX_PREVIEW_POINTS,
  MAX_TRAIL_POINTS,
  readFlatPoints,
  readSpotlight,
  readSummon,
  readViewport,
  type Spotlight,
  type Summon,
  type TeamRole,
} from '#shared/presence.js';
import type { ParticipantState } from '#shared/syncWire.js';

export interface Participant {
  clientId: number;
  name: string;
  color: string;
  role: string;
  /** Their part in the team, if they said. */
  team: TeamRole | null;
  cursor: { x: number; y: number } | null;
  drag: { id: string; x: number; y: number }[];
  /** The board area on their screen. */
  viewport: Rect | null;
  /** Their laser trail, `x, y` pairs, newest last. */
  laser: number[] | null;
  inking: { tool: 'pen' | 'highlighter'; color: string; width: number; points: number[] } | null;
  summon: Summon | null;
  spotlight: Spotlight | null;
}

interface ParticipantStore {
  subscribe(listener: () => void): () => void;
  snapshot(): Participant[];
}

const stores = new WeakMap<Awareness, ParticipantStore>();

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** Awareness comes from other clients unchecked: keep only well-formed fields. */
export function readParticipant(clientId: number, raw: unknown): Participant | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const state = raw as Partial<ParticipantState>;
  const user = state.user;
  if (typeof user !== 'object' || user === null || typeof user.name !== 'string') return null;
  const cursor = state.cursor && finite(state.cursor.x) && finite(state.cursor.y) ? { x: state.cursor.x, y: state.cursor.y } : null;
  const drag = Array.isArray(state.drag?.cards)
    ? state.drag.cards
        .filter((card) => typeof card?.id === 'string' && finite(card.x) && finite(card.y))
        .slice(0, 200)
        .map((card) => ({ id: card.id, x: card.x, y: card.y }))
    : [];
  return {
    clientId,
    name: user.name.slice(0, 40) || 'Someone',
    color: typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#34495e',
    role: typeof user.role === 'string' ? user.role : 'viewer',
    team: isTeamRole(user.team) ? user.team : null,
    cursor,
    drag,
    viewport: readViewport(state.viewport),
    laser: readFlatPoints(state.laser?.points, MAX_TRAIL_POINTS),
    inking: readInking(state.inking),
    summon: readSummon(state.summon),
    spotlight: readSpotlight(state.spotlight),
  };
}

function readInking(value: ParticipantState['inking']): Participant['inking'] {
  if (!value || typeof value !== 'object') return null;
  const points = readFlatPoints(value.points, MAX_PREVIEW_POINTS);
  if (!points || typeof value.width !== 'number' || !Number.isFinite(value.width)) return null;
  return {
    tool: value.tool === 'highlighter' ? 'highlighter' : 'pen',
    color: typeof value.color === 'string' && /^#[0-9a-f]{6}$/i.test(value.color) ? value.color : '#34495e',
    width: Math.min(200, Math.max(0.5, value.width)),
    points,
  };
}

function participantStore(awareness: Awareness): ParticipantStore {
  let store = stores.get(awareness);
  if (!store) {
    const listeners = new Set<() => void>();
    const read = (): Participant[] => {
      const list: Participant[] = [];
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return;
        const participant = readParticipant(clientId, state);
        if (participant) list.push(participant);
      });
      return list.sort((a, b) => a.clientId - b.clientId);
    };
    let participants = read();
    // Twenty people moving their pointers send hundreds of changes a second: re-read and re-render
    // at most once a frame, not once a message.
    let scheduled = false;
    const flush = () => {
      scheduled = false;
      participants = read();
      for (const listener of listeners) listener();
    };
    awareness.on('change', () => {
      if (scheduled) return;
      scheduled = true;
      if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(flush);
      else setTimeout(flush, 16);
    });
    store = {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      snapshot: () => participants,
    };
    stores.set(awareness, store);
  }
  return store;
}

/** Everyone else on the board, re-read whenever anyone's awareness state changes. */
export function useParticipants(awareness: Awareness): Participant[] {
  const store = participantStore(awareness);
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

/** What a participant looks like apart from where their pointer is (whether it is on the board counts). */
export function keyWithoutPointer(p: Participant): string {
  const drag = p.drag.map((card) => `${card.id},${card.x},${card.y}`).join(';');
  const view = p.viewport ? `${p.viewport.x},${p.viewport.y},${p.viewport.w},${p.viewport.h}` : '';
  const inking = p.inking
    ? `${p.inking.tool}${p.inking.color}${p.inking.width}:${p.inking.points.length}:${p.inking.points.slice(-2).join(',')}`
    : '';
  return [
    p.clientId,
    p.name,
    p.color,
    p.role,
    p.team,
    p.cursor ? 1 : 0,
    drag,
    view,
    p.laser?.join(',') ?? '',
    inking,
    p.summon?.id ?? '',
    p.spotlight?.id ?? '',
  ].join('|');
}

/**
 * Everyone else, for components that do not draw pointers: the same list, but a new one only when
 * something other than pointer positions changed. Thirty pointers moving would otherwise re-render
 * them every frame (issue 5 benchmark). Pointer positions in it may be stale.
 */
export function useParticipantsExceptPointers(
  awareness: Awareness,
  keyOf: (participant: Participant) => string = keyWithoutPointer,
): Participant[] {
  const store = participantStore(awareness);
  const last = useRef<{ from: Participant[]; key: string; list: Participant[] } | null>(null);
  const snapshot = () => {
    const list = store.snapshot();
    const cached = last.current;
    if (cached?.from === list) return cached.list;
    const key = list.map(keyOf).join('\n');
    if (cached?.key === key) {
      last.current = { from: list, key, list: cached.list };
      return cached.list;
    }
    last.current = { from: list, key, list };
    return list;
  };
  return useSyncExternalStore(store.subscribe, snapshot);
}

/** Who is dragging what, and whether their pointer is on the board: all the canvas draws of others. */
export function dragKey(p: Participant): string {
  return [p.clientId, p.name, p.color, p.cursor ? 1 : 0, p.drag.map((card) => `${card.id},${card.x},${card.y}`).join(';')].join('|');
}
