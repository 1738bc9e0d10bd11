// The facilitator's moves through the protocol as pure functions: each takes the state (and the
// time, for the timer) and answers the patch to write. The timer is stored as "started at" plus
// "elapsed before", so every screen computes the same remaining time without anyone ticking it.
import {
  clampMinutes,
  DEFAULT_PHASE_MINUTES,
  type PhaseTimer,
  PROTOCOL_PHASES,
  type PrivateSortStage,
  type ProtocolPhase,
  type ProtocolState,
} from './schema/protocol.js';

const STOPPED: PhaseTimer = { startedAt: null, elapsedMs: 0 };

export function phaseNumber(phase: ProtocolPhase): number {
  return PROTOCOL_PHASES.indexOf(phase) + 1;
}

/** Milliseconds the current phase's timer has run at `now`. */
export function elapsedMs(timer: PhaseTimer, now: number): number {
  const running = timer.startedAt === null ? 0 : Math.max(0, now - timer.startedAt);
  return timer.elapsedMs + running;
}

/** Milliseconds left in the current phase at `now`; negative once the phase runs over. */
export function remainingMs(state: Pick<ProtocolState, 'phase' | 'minutes' | 'timer'>, now: number): number {
  return state.minutes[state.phase] * 60_000 - elapsedMs(state.timer, now);
}

export function timerRunning(state: Pick<ProtocolState, 'timer'>): boolean {
  return state.timer.startedAt !== null;
}

/** `12:05`, or `+1:30` once over time; whole seconds, rounded up while counting down. */
export function formatClock(ms: number): string {
  const over = ms < 0;
  const seconds = over ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return over ? `+${text}` : text;
}

/** Protocol mode on, at phase 1 with a stopped timer; minutes and locks set earlier are kept. */
export function startProtocol(state: ProtocolState): Partial<ProtocolState> {
  return { active: true, phase: 'task', timer: STOPPED, privateSort: state.privateSort === 'revealed' ? 'off' : state.privateSort };
}

export function endProtocol(): Partial<ProtocolState> {
  return { active: false, timer: STOPPED, discussing: null };
}

export function startTimer(state: ProtocolState, now: number): Partial<ProtocolState> {
  if (timerRunning(state)) return {};
  return { timer: { startedAt: now, elapsedMs: state.timer.elapsedMs } };
}

export function pauseTimer(state: ProtocolState, now: number): Partial<ProtocolState> {
  if (!timerRunning(state)) return {};
  return { timer: { startedAt: null, elapsedMs: elapsedMs(state.timer, now) } };
}

/** Back to the full time of the phase, stopped. */
export function resetTimer(): Partial<ProtocolState> {
  return { timer: STOPPED };
}

/**
 * Moves to another phase. Its timer starts from its full time, running if the facilitator's timer
 * was running (the session keeps flowing), stopped otherwise.
 */
export function goToPhase(state: ProtocolState, phase: ProtocolPhase, now: number): Partial<ProtocolState> {
  if (phase === state.phase) return {};
  return { phase, timer: timerRunning(state) ? { startedAt: now, elapsedMs: 0 } : STOPPED };
}

export function nextPhase(state: ProtocolState, now: number): Partial<ProtocolState> {
  const next = PROTOCOL_PHASES[PROTOCOL_PHASES.indexOf(state.phase) + 1];
  return next ? goToPhase(state, next, now) : {};
}

export function previousPhase(state: ProtocolState, now: number): Partial<ProtocolState> {
  const previous = PROTOCOL_PHASES[PROTOCOL_PHASES.indexOf(state.phase) - 1];
  return previous ? goToPhase(state, previous, now) : {};
}

export function setPhaseMinutes(state: ProtocolState, phase: ProtocolPhase, minutes: number): Partial<ProtocolState> {
  return { minutes: { ...state.minutes, [phase]: clampMinutes(minutes, DEFAULT_PHASE_MINUTES[phase]) } };
}

export function setPhaseLock(state: ProtocolState, phase: ProtocolPhase, locked: boolean): Partial<ProtocolState> {
  return { locks: { ...state.locks, [phase]: locked } };
}

export function setPrivateSort(stage: PrivateSortStage): Partial<ProtocolState> {
  // Only a revealed sort has disagreements to talk through.
  return stage === 'revealed' ? { privateSort: stage } : { privateSort: stage, discussing: null };
}

/** Puts a disputed card in front of the whole team (null: back to the board). */
export function discussCard(cardId: string | null): Partial<ProtocolState> {
  return { discussing: cardId };
}

/** A clock this far off is corrected; closer ones are left alone (the Date header only has seconds). */
export const CLOCK_TOLERANCE_MS = 2000;

/**
 * How far to shift this device's clock to read the server's, from one request's HTTP `Date`
 * header (whole seconds, so on average half a second behind the moment it was written) and the
 * local times it was sent and received. The timer's start is stored in the facilitator's time;
 * a laptop minutes off would otherwise show everyone a different time left. 0 when within tolerance.
 */
export function clockOffset(serverDate: number, sentAt: number, receivedAt: number): number {
  if (!Number.isFinite(serverDate)) return 0;
  const offset = serverDate + 500 - (sentAt + receivedAt) / 2;
  return Math.abs(offset) > CLOCK_TOLERANCE_MS ? Math.round(offset) : 0;
}
