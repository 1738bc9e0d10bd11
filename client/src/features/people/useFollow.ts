// Following someone's view, bringing everyone to mine, and spotlights: my visible board area goes
// out through awareness; a follower's view glides to the followed person's area, fitted to the
// follower's screen, until the follower touches anything (a press, a wheel, a key).
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { followView } from '#shared/presence.js';
import type { Participant } from '../../board/hooks/useParticipants.js';
import type { ViewportControls } from '../../board/hooks/useViewport.js';
import { visibleRect } from '../../board/viewport.js';
import type { Presence } from '../../sync/presence.js';

/** How quickly a follower's view closes the gap to the followed view (time constant). */
const GLIDE_MS = 120;

export interface FollowState {
  following: Participant | null;
  follow(clientId: number | null): void;
  /** Someone who brought everyone to their view, or whose followee left, for a short notice. */
  notice: { kind: 'brought' | 'gone'; name: string } | null;
}

export function useFollow(options: {
  area: RefObject<HTMLElement | null>;
  view: ViewportControls;
  width: number;
  height: number;
  participants: Participant[];
  presence: Presence;
}): FollowState {
  const { area, view, width, height, participants, presence } = options;
  const [followingId, setFollowingId] = useState<number | null>(null);
  const [notice, setNotice] = useState<FollowState['notice']>(null);
  const following = followingId === null ? null : (participants.find((p) => p.clientId === followingId) ?? null);

  // My view, for those who follow me.
  useEffect(() => {
    if (width > 0 && height > 0) presence.viewport(visibleRect(view.viewport, width, height));
  }, [presence, view.viewport, width, height]);

  // The followed person left: stop, and say so.
  const lastName = useRef('');
  if (following) lastName.current = following.name;
  useEffect(() => {
    if (followingId !== null && !participants.some((p) => p.clientId === followingId)) {
      setFollowingId(null);
      setNotice({ kind: 'gone', name: lastName.current });
    }
  }, [followingId, participants]);

  // Glide towards the followed view.
  const target = following?.viewport && width > 0 ? followView(following.viewport, width, height) : null;
  const targetKey = target ? `${target.x.toFixed(1)} ${target.y.toFixed(1)} ${target.scale.toFixed(4)}` : '';
  const setViewport = view.setViewport;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the target is compared by value (targetKey).
  useEffect(() => {
    if (!target) return;
    let frame = 0;
    let last = performance.now();
    const step = (now: number) => {
      const k = 1 - Math.exp(-Math.min(100, now - last) / GLIDE_MS);
      last = now;
      let done = false;
      setViewport((current) => {
        const next = {
          x: current.x + (target.x - current.x) * k,
          y: current.y + (target.y - current.y) * k,
          scale: current.scale + (target.scale - current.scale) * k,
        };
        done = Math.abs(next.x - target.x) < 0.5 && Math.abs(next.y - target.y) < 0.5 && Math.abs(next.scale - target.scale) < 0.0005;
        return done ? target : next;
      });
      if (!done) frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [targetKey, setViewport]);

  // Any input of mine on the board breaks out of following.
  useEffect(() => {
    const element = area.current;
    if (followingId === null || !element) return;
    const stop = () => setFollowingId(null);
    const onKey = (event: KeyboardEvent) => {
      if (!event.repeat && !['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) stop();
    };
    element.addEventListener('pointerdown', stop, true);
    element.addEventListener('wheel', stop, true);
    window.addEventListener('keydown', onKey, true);
    return () => {
      element.removeEventListener('pointerdown', stop, true);
      element.removeEventListener('wheel', stop, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [area, followingId]);

  // "Bring everyone to me": a new summon from anyone moves my view to theirs once.
  const seenSummons = useRef<Map<number, string> | null>(null);
  useEffect(() => {
    const first = seenSummons.current === null;
    const seen = seenSummons.current ?? new Map<number, string>();
    seenSummons.current = seen;
    for (const participant of participants) {
      const id = participant.summon?.id;
      if (!id || seen.get(participant.clientId) === id) continue;
      seen.set(participant.clientId, id);
      // Calls made before I arrived are history, not a call to me.
      if (first || !participant.viewport || width <= 0) continue;
      setViewport(followView(participant.viewport, width, height));
      setNotice({ kind: 'brought', name: participant.name });
    }
  }, [participants, width, height, setViewport]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 4000);
    return () => clearTimeout(timer);
  }, [notice]);

  const follow = useCallback((clientId: number | null) => setFollowingId(clientId), []);
  return { following, follow, notice };
}

/** A card someone is showing everyone: opened on my screen when it starts, closed when it ends. */
export function useSpotlight(
  participants: Participant[],
  onShow: (cardId: string, pinId: string | null) => void,
  onEnd: (cardId: string) => void,
) {
  const seen = useRef<Map<number, string> | null>(null);
  const [active, setActive] = useState<{ clientId: number; name: string; cardId: string } | null>(null);
  useEffect(() => {
    const first = seen.current === null;
    const known = seen.current ?? new Map<number, string>();
    seen.current = known;
    for (const participant of participants) {
      const spot = participant.spotlight;
      const before = known.get(participant.clientId);
      if (spot && before !== spot.id) {
        known.set(participant.clientId, spot.id);
        if (!first) {
          onShow(spot.cardId, spot.pinId);
          setActive({ clientId: participant.clientId, name: participant.name, cardId: spot.cardId });
        }
      } else if (!spot && before) {
        known.delete(participant.clientId);
        if (active?.clientId === participant.clientId) {
          onEnd(active.cardId);
          setActive(null);
        }
      }
    }
    if (active && !participants.some((p) => p.clientId === active.clientId)) {
      onEnd(active.cardId);
      setActive(null);
    }
  }, [participants, onShow, onEnd, active]);
  return active;
}
