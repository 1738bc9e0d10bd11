// Other people on the board, from awareness: who they are, where their pointer is, what they drag.
import { useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { ParticipantState } from '../../../shared/protocol.js';

export interface Participant {
  clientId: number;
  name: string;
  color: string;
  role: string;
  cursor: { x: number; y: number } | null;
  drag: { id: string; x: number; y: number }[];
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
    cursor,
    drag,
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
