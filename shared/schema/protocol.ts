// Protocol mode: the facilitator (the owner token) walks the team through the four phases of the
// student-work protocol. The state lives in the top-level `protocol` map, which only the owner may
// change (the server refuses anyone else's update to it); everyone reads it through `readProtocol`.
// The exemplar ("what would mastery look like?", phase 1) is the top-level Y.Text `exemplar`.
import type * as Y from 'yjs';
import { readBoolean, readNumber, readString } from './fields.js';

export const PROTOCOL_PHASES = ['task', 'sort', 'trends', 'nextSteps'] as const;
export type ProtocolPhase = (typeof PROTOCOL_PHASES)[number];

/** Minutes of each phase in the 75–90 minute session plan (README, "The practice it serves"). */
export const DEFAULT_PHASE_MINUTES: Readonly<Record<ProtocolPhase, number>> = { task: 5, sort: 35, trends: 10, nextSteps: 20 };
export const MAX_PHASE_MINUTES = 240;

/** Private first: everyone sorts on their own layer (`private`), then the layers are compared (`revealed`). */
export const PRIVATE_SORT_STAGES = ['off', 'private', 'revealed'] as const;
export type PrivateSortStage = (typeof PRIVATE_SORT_STAGES)[number];

export interface PhaseTimer {
  /** When the running timer was last started (epoch ms, facilitator's clock), or null while paused. */
  startedAt: number | null;
  /** Time run before `startedAt`, over earlier start/pause stretches of this phase. */
  elapsedMs: number;
}

export interface ProtocolState {
  /** Whether the board is in protocol mode at all. */
  active: boolean;
  phase: ProtocolPhase;
  minutes: Record<ProtocolPhase, number>;
  timer: PhaseTimer;
  /** Phases whose work may no longer change (the server refuses such edits). */
  locks: Record<ProtocolPhase, boolean>;
  privateSort: PrivateSortStage;
  /**
   * The disputed card the facilitator has put in front of the team after a private-first sort
   * (everyone's screen shows it large beside its candidate piles), or null.
   */
  discussing: string | null;
}

export function isProtocolPhase(value: unknown): value is ProtocolPhase {
  return typeof value === 'string' && (PROTOCOL_PHASES as readonly string[]).includes(value);
}

export function boardProtocol(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('protocol');
}

/** The exemplar of phase 1: what mastery would look like, written together. */
export function exemplarText(doc: Y.Doc): Y.Text {
  return doc.getText('exemplar');
}

export function clampMinutes(value: unknown, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(MAX_PHASE_MINUTES, Math.max(1, Math.round(value)));
}

function readPhaseRecord<T>(value: unknown, read: (entry: unknown, phase: ProtocolPhase) => T): Record<ProtocolPhase, T> {
  const source = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    task: read(source.task, 'task'),
    sort: read(source.sort, 'sort'),
    trends: read(source.trends, 'trends'),
    nextSteps: read(source.nextSteps, 'nextSteps'),
  };
}

export function readMinutes(value: unknown): Record<ProtocolPhase, number> {
  return readPhaseRecord(value, (entry, phase) => clampMinutes(entry, DEFAULT_PHASE_MINUTES[phase]));
}

export function readLocks(value: unknown): Record<ProtocolPhase, boolean> {
  return readPhaseRecord(value, (entry) => entry === true);
}

/** The protocol as stored, tolerant of missing or wrong-typed fields from old or hostile clients. */
export function readProtocolMap(map: Y.Map<unknown>): ProtocolState {
  const phase = map.get('phase');
  const startedAt = map.get('timerStartedAt');
  const stage = readString(map, 'privateSort', 'off');
  return {
    active: readBoolean(map, 'active'),
    phase: isProtocolPhase(phase) ? phase : 'task',
    minutes: readMinutes(map.get('minutes')),
    timer: {
      startedAt: typeof startedAt === 'number' && Number.isFinite(startedAt) ? startedAt : null,
      elapsedMs: Math.max(0, readNumber(map, 'timerElapsedMs')),
    },
    locks: readLocks(map.get('locks')),
    privateSort: (PRIVATE_SORT_STAGES as readonly string[]).includes(stage) ? (stage as PrivateSortStage) : 'off',
    discussing: readString(map, 'discussing') || null,
  };
}

export function readProtocol(doc: Y.Doc): ProtocolState {
  return readProtocolMap(boardProtocol(doc));
}

/** Writes what a transition changed, in one transaction; only keys that differ are written. */
export function writeProtocol(doc: Y.Doc, patch: Partial<ProtocolState>): void {
  const map = boardProtocol(doc);
  const current = readProtocolMap(map);
  doc.transact(() => {
    if (patch.active !== undefined && patch.active !== current.active) map.set('active', patch.active);
    if (patch.phase !== undefined && patch.phase !== current.phase) map.set('phase', patch.phase);
    if (patch.minutes && !samePhaseRecord(patch.minutes, current.minutes)) map.set('minutes', { ...patch.minutes });
    if (patch.locks && !samePhaseRecord(patch.locks, current.locks)) map.set('locks', { ...patch.locks });
    if (patch.timer) {
      if (patch.timer.startedAt !== current.timer.startedAt) map.set('timerStartedAt', patch.timer.startedAt);
      if (patch.timer.elapsedMs !== current.timer.elapsedMs) map.set('timerElapsedMs', patch.timer.elapsedMs);
    }
    if (patch.privateSort !== undefined && patch.privateSort !== current.privateSort) map.set('privateSort', patch.privateSort);
    if (patch.discussing !== undefined && patch.discussing !== current.discussing) map.set('discussing', patch.discussing ?? '');
  });
}

function samePhaseRecord<T>(a: Record<ProtocolPhase, T>, b: Record<ProtocolPhase, T>): boolean {
  return PROTOCOL_PHASES.every((phase) => a[phase] === b[phase]);
}
