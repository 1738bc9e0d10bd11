// The protocol bar, a strip above the board (never over it: pile names and counts stay visible,
// issue 25): the four phases, the current one's prompt, and a timer every screen counts down
// alike. The facilitator (owner link) starts, pauses and moves through the phases, sets minutes and
// locks finished phases; everyone else sees the same bar read-only. Below it, the current phase's
// details: the exemplar and anticipated strategies in phase 1, each pile's progress in 3 and 4.
// Over the board itself only the facilitator's start button and, after a private-first sort, the
// disagreement view (DisagreementView.tsx).
import { useCallback, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { agreedPlacements, compareLayers } from '#shared/disagreements.js';
import {
  discussCard,
  endProtocol,
  formatClock,
  goToPhase,
  nextPhase,
  pauseTimer,
  phaseNumber,
  previousPhase,
  remainingMs,
  resetTimer,
  setPhaseLock,
  setPhaseMinutes,
  setPrivateSort,
  startProtocol,
  startTimer,
  timerRunning,
} from '#shared/protocolSession.js';
import type { Role } from '#shared/roles.js';
import type { Card, CardPlacement } from '#shared/schema/card.js';
import type { Pile } from '#shared/schema/pile.js';
import { clearPrivateSort } from '#shared/schema/privateSort.js';
import { exemplarText, PROTOCOL_PHASES, type ProtocolPhase, type ProtocolState, writeProtocol } from '#shared/schema/protocol.js';
import { applyPlan } from '#shared/sorting.js';
import { markAnticipated, nextTrajectoryPlace, strategyPiles, trajectoryOrder } from '#shared/trajectory.js';
import { type MessageKey, useT } from '../../i18n/index.js';
import type { History } from '../../sync/history.js';
import { CollabTextArea } from '../../ui/CollabTextArea.js';
import { TierHint } from '../../ui/TierHint.js';
import { DisagreementView, useShownDisagreement } from './DisagreementView.js';
import { useFacilitator, useNow, usePrivateLayers } from './useProtocol.js';
import './protocol.css';
import { useBoard, useBoardSorting } from '../../board/session.js';

const PHASE_NAME: Record<ProtocolPhase, MessageKey> = {
  task: 'protocol.phase.task',
  sort: 'protocol.phase.sort',
  trends: 'protocol.phase.trends',
  nextSteps: 'protocol.phase.nextSteps',
};

const PHASE_PROMPT: Record<ProtocolPhase, MessageKey> = {
  task: 'protocol.prompt.task',
  sort: 'protocol.prompt.sort',
  trends: 'protocol.prompt.trends',
  nextSteps: 'protocol.prompt.nextSteps',
};

/** What the bar and its parts read from the board session. */
interface ProtocolBarProps {
  doc: Y.Doc;
  history: History;
  role: Role;
  protocol: ProtocolState;
  /** Every card as the board shows it to everyone (not my private layer). */
  cards: ReadonlyMap<string, Card>;
  pileMap: ReadonlyMap<string, Pile>;
  labelOf(card: Pick<Card, 'id' | 'student'>): string;
  /** Adds an empty pile named for an anticipated strategy. */
  onAddPile(title: string): void;
  /** Opens a pile's panel (its description and next steps), from the per-pile list of phases 3 and 4. */
  onOpenPile?(pileId: string): void;
  /** Shown for a moment when something was refused or is locked. */
  notice: string | null;
  onDismissNotice(): void;
}

/** What the bar reads from the board session. */
function useProtocolProps(notice: string | null, onDismissNotice: () => void): ProtocolBarProps {
  const session = useBoard();
  const sorting = useBoardSorting();
  return {
    doc: session.doc,
    history: session.history,
    role: session.role,
    protocol: sorting.protocol,
    cards: sorting.sharedCards,
    pileMap: sorting.pileMap,
    labelOf: sorting.labelOf,
    // An anticipated strategy takes the next place in the trajectory, ordered before anyone sorts.
    onAddPile: (pileTitle) =>
      session.history.change(() => {
        const place = nextTrajectoryPlace([...sorting.pileMap.values()]);
        const created = sorting.addPile(pileTitle, false);
        if (created) markAnticipated(session.doc, created.id, place);
      }),
    onOpenPile: session.openPile,
    notice,
    onDismissNotice,
  };
}

function NoticeBox({ notice, onDismissNotice }: { notice: string | null; onDismissNotice(): void }) {
  const t = useT();
  if (!notice) return null;
  return (
    <div className="protocol-notice" role="status">
      <span>{notice}</span>
      <button type="button" className="button button-secondary protocol-small" onClick={onDismissNotice}>
        {t('protocol.refusedClose')}
      </button>
    </div>
  );
}

/**
 * What protocol mode puts over the board: the facilitator's start button (and a refusal notice)
 * while it is off; the disputed work in front of everyone while a revealed sort is talked through.
 */
export function ProtocolOverlay({ notice, onDismissNotice }: { notice: string | null; onDismissNotice(): void }) {
  const { protocol } = useBoardSorting();
  if (protocol.active) return <DisagreementView />;
  return notice ? (
    <div className="protocol-dock-idle">
      <NoticeBox notice={notice} onDismissNotice={onDismissNotice} />
    </div>
  ) : null;
}

/**
 * The facilitator's "Start protocol", among the board's actions in the toolbar: over the canvas it
 * would cover work on a board larger than the screen (issues 19 and 25).
 */
export function StartProtocolButton() {
  const { doc, role } = useBoard();
  const { protocol } = useBoardSorting();
  const t = useT();
  const facilitator = role === 'owner';
  const act = useFacilitator(doc, facilitator);
  if (!facilitator || protocol.active) return null;
  return (
    <button
      type="button"
      className="button button-secondary toolbar-panel-button protocol-start"
      title={t('protocol.startHint')}
      onClick={() => act((state) => startProtocol(state))}
    >
      <ClockIcon />
      {t('protocol.start')}
    </button>
  );
}

export function ProtocolBar({ notice, onDismissNotice }: { notice: string | null; onDismissNotice(): void }) {
  const props = useProtocolProps(notice, onDismissNotice);
  const { doc, role, protocol } = props;
  const t = useT();
  const facilitator = role === 'owner';
  const act = useFacilitator(doc, facilitator);
  // A tablet held landscape starts with the details folded: they would take half its board.
  const [detailsOpen, setDetailsOpen] = useState(() => !window.matchMedia?.('(max-height: 780px)').matches);

  if (!protocol.active) return null;

  const phase = protocol.phase;
  const showDetails = phase !== 'sort';
  return (
    <div className="protocol-dock">
      <section
        className={`protocol-bar${facilitator ? ' protocol-bar-facilitator' : ''}`}
        aria-label={t('protocol.label')}
        data-testid="protocol-bar"
        data-phase={phase}
      >
        <ol className="protocol-steps">
          {PROTOCOL_PHASES.map((step) => (
            <PhaseStep key={step} step={step} protocol={protocol} facilitator={facilitator} act={act} />
          ))}
        </ol>
        <ProtocolTimer protocol={protocol} />
        {facilitator && (
          <div className="protocol-controls">
            <PhaseIconButton label={t('protocol.previous')} glyph="‹" disabled={phase === 'task'} onClick={() => act(previousPhase)} />
            {timerRunning(protocol) ? (
              <button type="button" className="button button-secondary" onClick={() => act(pauseTimer)}>
                {t('protocol.timerPause')}
              </button>
            ) : (
              <button type="button" className="button button-primary" onClick={() => act(startTimer)}>
                {t('protocol.timerStart')}
              </button>
            )}
            <PhaseIconButton label={t('protocol.timerReset')} glyph="↺" onClick={() => act(() => resetTimer())} />
            <label className="protocol-minutes" title={t('protocol.minutes', { phase: t(PHASE_NAME[phase]) })}>
              <input
                type="number"
                min={1}
                max={240}
                value={protocol.minutes[phase]}
                aria-label={t('protocol.minutes', { phase: t(PHASE_NAME[phase]) })}
                onChange={(event) => {
                  const minutes = Number(event.target.value);
                  if (Number.isFinite(minutes) && minutes >= 1) act((state) => setPhaseMinutes(state, phase, minutes));
                }}
              />
              <span>{t('protocol.minutesShort')}</span>
            </label>
            <PhaseIconButton label={t('protocol.next')} glyph="›" disabled={phase === 'nextSteps'} onClick={() => act(nextPhase)} />
            <button
              type="button"
              className="link-button protocol-end"
              title={t('protocol.endHint')}
              onClick={() => act(() => endProtocol())}
            >
              {t('protocol.end')}
            </button>
          </div>
        )}
      </section>
      <div className="protocol-below">
        <p className="protocol-prompt">
          <strong>{t('protocol.step', { number: phaseNumber(phase), phase: t(PHASE_NAME[phase]) })}.</strong> {t(PHASE_PROMPT[phase])}
        </p>
        {phase === 'sort' && <PrivateFirst {...props} act={act} facilitator={facilitator} />}
        {showDetails && (
          <button
            type="button"
            className="link-button protocol-details-toggle"
            aria-expanded={detailsOpen}
            onClick={() => setDetailsOpen(!detailsOpen)}
          >
            {t('protocol.details')} {detailsOpen ? '▴' : '▾'}
          </button>
        )}
      </div>
      {showDetails && detailsOpen && phase === 'task' && <TaskDetails {...props} />}
      {showDetails && detailsOpen && (phase === 'trends' || phase === 'nextSteps') && <PileProgress {...props} field={phase} />}
      <NoticeBox notice={notice} onDismissNotice={onDismissNotice} />
    </div>
  );
}

function PhaseStep({
  step,
  protocol,
  facilitator,
  act,
}: {
  step: ProtocolPhase;
  protocol: ProtocolState;
  facilitator: boolean;
  act: ReturnType<typeof useFacilitator>;
}) {
  const t = useT();
  const current = step === protocol.phase;
  const locked = protocol.locks[step];
  const name = t(PHASE_NAME[step]);
  const label = (
    <>
      <span className="protocol-step-number">{phaseNumber(step)}</span>
      <span className="protocol-step-name">{name}</span>
    </>
  );
  return (
    <li
      className={`protocol-step${current ? ' protocol-step-current' : ''}${locked ? ' protocol-step-locked' : ''}`}
      aria-current={current ? 'step' : undefined}
    >
      {facilitator ? (
        <button
          type="button"
          className="protocol-step-go"
          title={t('protocol.step', { number: phaseNumber(step), phase: name })}
          aria-label={t('protocol.step', { number: phaseNumber(step), phase: name })}
          onClick={() => act((state, now) => goToPhase(state, step, now))}
        >
          {label}
        </button>
      ) : (
        <span className="protocol-step-go">{label}</span>
      )}
      {facilitator ? (
        <button
          type="button"
          className="protocol-lock"
          aria-pressed={locked}
          aria-label={locked ? t('protocol.unlock', { phase: name }) : t('protocol.lock', { phase: name })}
          title={locked ? t('protocol.unlock', { phase: name }) : t('protocol.lock', { phase: name })}
          onClick={() => act((state) => setPhaseLock(state, step, !locked))}
        >
          <LockIcon locked={locked} />
          <span className="protocol-lock-word">{locked ? t('protocol.lockedWord') : t('protocol.lockWord')}</span>
        </button>
      ) : (
        locked && (
          <span className="protocol-lock protocol-lock-static" role="img" aria-label={t('protocol.lockedPhase', { phase: name })}>
            <LockIcon locked />
          </span>
        )
      )}
    </li>
  );
}

/** The phase's time left, counting down on every screen from the shared start time. */
function ProtocolTimer({ protocol }: { protocol: ProtocolState }) {
  const t = useT();
  const running = timerRunning(protocol);
  const now = useNow(running);
  const left = remainingMs(protocol, now);
  const over = left < 0;
  return (
    <div
      className={`protocol-timer${over ? ' protocol-timer-over' : ''}${running ? ' protocol-timer-running' : ''}`}
      data-testid="protocol-timer"
      data-running={running}
      role="timer"
      aria-label={t('protocol.timer')}
    >
      <span className="protocol-clock">{formatClock(left)}</span>
      {over ? (
        <span className="protocol-timer-state">{t('protocol.timerOver')}</span>
      ) : (
        !running && <span className="protocol-timer-state">{t('protocol.timerPaused')}</span>
      )}
    </div>
  );
}

/** Phase 1: the exemplar, written together, and the strategies the team expects (each an empty pile). */
function TaskDetails({ doc, history, role, protocol, pileMap, onAddPile }: ProtocolBarProps) {
  const t = useT();
  const canEdit = role !== 'viewer' && !protocol.locks.task;
  const [strategy, setStrategy] = useState('');
  const text = useMemo(() => exemplarText(doc), [doc]);
  const piles = trajectoryOrder(strategyPiles([...pileMap.values()]))
    .map((pile) => pile.title)
    .filter(Boolean);
  const add = () => {
    const title = strategy.trim();
    if (!title) return;
    onAddPile(title);
    setStrategy('');
  };
  return (
    <section className="protocol-details" aria-label={t('protocol.details')}>
      <div className="protocol-details-column">
        <CollabTextArea
          text={text}
          history={history}
          id="protocol-exemplar"
          label={t('protocol.exemplar')}
          placeholder={t('protocol.exemplarPlaceholder')}
          readOnly={!canEdit}
          rows={3}
        />
      </div>
      <div className="protocol-details-column">
        <label className="field-label" htmlFor="protocol-strategy">
          {t('protocol.anticipated')}
        </label>
        {role !== 'viewer' && !protocol.locks.sort && (
          <form
            className="protocol-strategy-form"
            onSubmit={(event) => {
              event.preventDefault();
              add();
            }}
          >
            <input
              id="protocol-strategy"
              className="input"
              value={strategy}
              maxLength={120}
              placeholder={t('protocol.anticipatedPlaceholder')}
              onChange={(event) => setStrategy(event.target.value)}
            />
            <button type="submit" className="button button-secondary" disabled={!strategy.trim()}>
              {t('protocol.addStrategy')}
            </button>
          </form>
        )}
        <TierHint title={strategy} />
        {piles.length > 0 && (
          <ul className="protocol-pile-list">
            {piles.map((title, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: titles can repeat; the list is display only
              <li key={i}>{title}</li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/** Phases 3 and 4: each pile, whether its description (or next steps) is written yet, one click from its panel. */
function PileProgress({ pileMap, onOpenPile, field }: ProtocolBarProps & { field: 'trends' | 'nextSteps' }) {
  const t = useT();
  const piles = [...pileMap.values()].sort((a, b) => a.x - b.x || a.y - b.y);
  const written = (pile: Pile) => (field === 'trends' ? pile.description : pile.nextSteps).trim() !== '';
  const done = piles.filter(written).length;
  return (
    <section className="protocol-details protocol-progress" aria-label={t('protocol.details')} data-testid="pile-progress">
      <p className="protocol-muted">
        {t(field === 'trends' ? 'protocol.progressTrends' : 'protocol.progressNextSteps', { done, count: piles.length })}
      </p>
      <ul className="protocol-progress-list">
        {piles.map((pile) => (
          <li key={pile.id}>
            <button
              type="button"
              className={`protocol-progress-pile${written(pile) ? ' protocol-progress-done' : ''}`}
              style={{ borderColor: pile.color }}
              onClick={() => onOpenPile?.(pile.id)}
            >
              <span aria-hidden="true">{written(pile) ? '✓' : '○'}</span> {pile.title.trim() || t('pile.untitled')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Phase 2's private-first switch (the facilitator's) and what it means for everyone. */
function PrivateFirst({
  doc,
  protocol,
  cards,
  pileMap,
  facilitator,
  act,
}: ProtocolBarProps & { facilitator: boolean; act: ReturnType<typeof useFacilitator> }) {
  const t = useT();
  const layers = usePrivateLayers(doc);
  const reveal = useCallback(() => {
    // Cards everyone agreed on go to their pile for everyone, with the reveal, in one change.
    const comparisons = compareLayers(cards.keys(), layers.values(), pileMap);
    const plan = new Map<string, CardPlacement>();
    let order = Date.now();
    for (const [cardId, pileId] of agreedPlacements(comparisons)) plan.set(cardId, { pileId, order: order++, x: 0, y: 0 });
    // …and the first card still in dispute goes in front of everyone.
    const firstDisputed = comparisons.find((comparison) => comparison.disagreement)?.cardId ?? null;
    doc.transact(() => {
      applyPlan(doc, plan);
      writeProtocol(doc, { ...setPrivateSort('revealed'), ...discussCard(firstDisputed) });
    });
  }, [cards, layers, pileMap, doc]);
  const stage = protocol.privateSort;
  return (
    <div className="protocol-private">
      {stage === 'private' && <span className="protocol-private-note">{t('protocol.privateActive')}</span>}
      {stage !== 'off' && layers.size > 0 && (
        <span className="protocol-private-count">{t('protocol.privateCount', { count: layers.size })}</span>
      )}
      {facilitator && stage === 'off' && !protocol.locks.sort && (
        <button
          type="button"
          className="button button-secondary protocol-small"
          title={t('protocol.privateStartHint')}
          onClick={() =>
            // A fresh private sort: layers and decisions of an earlier one are forgotten with the start.
            doc.transact(() => {
              clearPrivateSort(doc);
              writeProtocol(doc, setPrivateSort('private'));
            })
          }
        >
          {t('protocol.privateStart')}
        </button>
      )}
      {facilitator && stage === 'private' && (
        <button type="button" className="button button-primary protocol-small" title={t('protocol.privateRevealHint')} onClick={reveal}>
          {t('protocol.privateReveal')}
        </button>
      )}
      {stage === 'revealed' && <DisputedCount />}
      {facilitator && stage === 'revealed' && (
        <button type="button" className="button button-secondary protocol-small" onClick={() => act(() => setPrivateSort('off'))}>
          {t('protocol.privateFinish')}
        </button>
      )}
    </div>
  );
}

/** After the reveal: how many cards are left to settle, and a way back to them from the board. */
function DisputedCount() {
  const t = useT();
  const { role } = useBoard();
  const { shown, open, show } = useShownDisagreement();
  if (open.length === 0) return <span className="protocol-private-count">{t('disagree.none')}</span>;
  return (
    <>
      <span className="protocol-count">{t('disagree.count', { count: open.length })}</span>
      {!shown && (
        <button
          type="button"
          className="button button-primary protocol-small"
          title={role === 'owner' ? t('discuss.startHint') : undefined}
          onClick={() => show(open[0]?.cardId ?? null)}
        >
          {role === 'owner' ? t('discuss.start') : t('discuss.open')}
        </button>
      )}
    </>
  );
}

function LockIcon({ locked }: { locked: boolean }) {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
      <path d={locked ? 'M5 7V5a3 3 0 0 1 6 0v2' : 'M5 7V5a3 3 0 0 1 5.8-1'} fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

function ClockIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

/** A one-glyph control of the facilitator's row, named for screen readers and on hover. */
function PhaseIconButton({ label, glyph, disabled, onClick }: { label: string; glyph: string; disabled?: boolean; onClick(): void }) {
  return (
    <button
      type="button"
      className="button button-secondary protocol-icon"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
    >
      {glyph}
    </button>
  );
}
