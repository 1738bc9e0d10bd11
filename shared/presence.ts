// What participants publish about themselves beyond a cursor (shared/protocol.ts ParticipantState):
// their part in the team, the board area they look at (for following), a laser trail, the stroke
// they are inking, and calls to the room (bring everyone here, spotlight a card). Awareness comes
// from clients we do not control, so every reader checks shapes and bounds.
import type { Rect } from './layout.js';

/** The people who sort together (README, "The practice it serves"): the role each picks when joining. */
export const TEAM_ROLES = ['teacher', 'interventionist', 'specialEducator', 'coach', 'facilitator'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export function isTeamRole(value: unknown): value is TeamRole {
  return typeof value === 'string' && (TEAM_ROLES as readonly string[]).includes(value);
}

/** A laser trail keeps points this long; older ones have faded out. */
export const LASER_FADE_MS = 1200;
/** Most points of a laser trail or an ink preview carried in awareness (kept well under its size limit). */
export const MAX_TRAIL_POINTS = 48;
export const MAX_PREVIEW_POINTS = 600;

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export function readViewport(value: unknown): Rect | null {
  if (typeof value !== 'object' || value === null) return null;
  const { x, y, w, h } = value as Record<string, unknown>;
  if (!finite(x) || !finite(y) || !finite(w) || !finite(h) || w <= 0 || h <= 0) return null;
  return { x, y, w, h };
}

/** A flat `x, y, x, y…` list of at most `max` finite numbers pairs, or null. */
export function readFlatPoints(value: unknown, max: number, stride = 2): number[] | null {
  if (!Array.isArray(value) || value.length < stride) return null;
  const points: number[] = [];
  for (let i = 0; i + stride - 1 < value.length && points.length < max * stride; i += stride) {
    const slice = value.slice(i, i + stride);
    if (!slice.every(finite)) return null;
    points.push(...(slice as number[]));
  }
  return points;
}

export interface Summon {
  id: string;
}

export interface Spotlight {
  id: string;
  cardId: string;
  pinId: string | null;
  /** Everyone sees the student's work alone (the card's face crop) rather than the whole page. */
  work: boolean;
}

export function readSummon(value: unknown): Summon | null {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as Record<string, unknown>).id;
  return typeof id === 'string' && id.length <= 40 ? { id } : null;
}

export function readSpotlight(value: unknown): Spotlight | null {
  if (typeof value !== 'object' || value === null) return null;
  const { id, cardId, pinId, work } = value as Record<string, unknown>;
  if (typeof id !== 'string' || typeof cardId !== 'string' || id.length > 40 || cardId.length > 64) return null;
  return { id, cardId, pinId: typeof pinId === 'string' && pinId.length <= 64 ? pinId : null, work: work === true };
}

/** The view a follower takes to show what the followed person sees: their area, fitted to the follower's screen. */
export function followView(area: Rect, width: number, height: number): { x: number; y: number; scale: number } {
  const scale = Math.min(width / area.w, height / area.h);
  return { scale, x: width / 2 - (area.x + area.w / 2) * scale, y: height / 2 - (area.y + area.h / 2) * scale };
}
