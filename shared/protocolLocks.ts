// What each protocol phase owns in the board document, and whether a change may happen. The
// server describes every incoming update as the paths it changes and asks `refusalFor`; the
// interface asks `phaseLocked` to disable what would be refused.
//
// A path is the top-level type's name, then the map keys down to what changed: `cards/c1/pileId`
// for a card's pile, `cards/c1` for a card added or deleted, `piles/p1/description` for typing in a
// pile's description (text and array edits name the type edited). A pattern owns a path when it is
// a prefix of it (`*` matches any one key), or, for an `exact` pattern, when it is the whole path.
import type { Role } from './roles.js';
import { NOT_SURE_YET_PILE_ID } from './schema/notSureYet.js';
import type { ProtocolPhase, ProtocolState } from './schema/protocol.js';

export type DocPath = readonly string[];

export interface LockPattern {
  path: DocPath;
  exact?: boolean;
}

const ANY = '*';
const pilesAddedOrDeleted: LockPattern = { path: ['piles', ANY], exact: true };

/**
 * 1 task & exemplar: the task and the exemplar text.
 * 2 sort: which cards there are, which pile each is in and where (pile, order, x, y), which piles
 *   there are, and the private-first layers and decisions.
 * 3 trends: pile titles and what each pile shows (its description); no pile added or deleted.
 * 4 next steps: each pile's next steps; no pile added or deleted.
 * Pile geometry, colours, folding, tags, comments and ink stay free: they arrange the talk, not its results.
 */
export const PHASE_OWNS: Readonly<Record<ProtocolPhase, readonly LockPattern[]>> = {
  task: [{ path: ['meta', 'task'] }, { path: ['exemplar'] }],
  sort: [
    { path: ['cards', ANY], exact: true },
    { path: ['cards', ANY, 'pileId'] },
    { path: ['cards', ANY, 'order'] },
    { path: ['cards', ANY, 'x'] },
    { path: ['cards', ANY, 'y'] },
    pilesAddedOrDeleted,
    { path: ['privateSortPlacements'] },
    { path: ['privateSortPeople'] },
    { path: ['privateSortSettled'] },
  ],
  trends: [pilesAddedOrDeleted, { path: ['piles', ANY, 'title'] }, { path: ['piles', ANY, 'description'] }],
  nextSteps: [pilesAddedOrDeleted, { path: ['piles', ANY, 'nextSteps'] }],
};

/** Only the facilitator (the owner token) changes the protocol: phase, timer, minutes, locks. */
const PROTOCOL_STATE: LockPattern = { path: ['protocol'] };
/** The built-in pile is never deleted or replaced. */
const BUILT_IN_PILE: LockPattern = { path: ['piles', NOT_SURE_YET_PILE_ID], exact: true };

export function matches(pattern: LockPattern, path: DocPath): boolean {
  if (pattern.exact ? path.length !== pattern.path.length : path.length < pattern.path.length) return false;
  return pattern.path.every((segment, i) => segment === ANY || segment === path[i]);
}

/** The locked phase that owns `path`, if any. */
export function lockingPhase(path: DocPath, locks: ProtocolState['locks']): ProtocolPhase | null {
  for (const phase of Object.keys(PHASE_OWNS) as ProtocolPhase[]) {
    if (locks[phase] && PHASE_OWNS[phase].some((pattern) => matches(pattern, path))) return phase;
  }
  return null;
}

export const PHASE_LABELS: Readonly<Record<ProtocolPhase, string>> = {
  task: 'task and exemplar',
  sort: 'sort',
  trends: 'trends',
  nextSteps: 'next steps',
};

/**
 * Why an update changing `paths` is refused for someone with `role`, or null if it may apply;
 * `locks` are those in force before the update.
 * The reason is a WebSocket close reason: short, for the person whose edit it was.
 */
export function refusalFor(paths: Iterable<DocPath>, role: Role, locks: ProtocolState['locks']): string | null {
  for (const path of paths) {
    if (role !== 'owner' && matches(PROTOCOL_STATE, path)) return 'only the facilitator can change the protocol';
    if (matches(BUILT_IN_PILE, path)) return 'the Not sure yet pile cannot be deleted';
    const phase = lockingPhase(path, locks);
    if (phase) return `the ${PHASE_LABELS[phase]} phase is locked by the facilitator`;
  }
  return null;
}

/** Whether piles may be added or deleted now (the interface asks before it tries). */
export function pilesLocked(protocol: Pick<ProtocolState, 'locks'>): boolean {
  return protocol.locks.sort || protocol.locks.trends || protocol.locks.nextSteps;
}
