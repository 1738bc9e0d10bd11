// On a class's new board: the next steps the team wrote on the class's previous board, pile by
// pile, as a checklist ticked off together ("did we do this?"). The ticks live in the board's
// document, so everyone sees them at once and they stay with this board.
import { useId } from 'react';
import type * as Y from 'yjs';
import { boardCarriedSteps, type CarriedStep, listCarriedSteps, setCarriedStepDone } from '#shared/schema/carriedSteps.js';
import { useDocValue } from '../../board/hooks/docValue.js';
import { useBoard } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { PanelToggle } from '../../ui/PanelToggle.js';
import './history.css';

const carriedTypes = (doc: Y.Doc) => [boardCarriedSteps(doc) as Y.AbstractType<unknown>];

export function useCarriedSteps(): CarriedStep[] {
  const { doc } = useBoard();
  return useDocValue(doc, 'carriedSteps', carriedTypes, listCarriedSteps);
}

/** The toolbar's button for the checklist; absent on a board that inherited none. */
export function CarriedStepsToggle({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const t = useT();
  const steps = useCarriedSteps();
  if (steps.length === 0) return null;
  const done = steps.filter((step) => step.done).length;
  return (
    <PanelToggle
      open={open}
      onToggle={onToggle}
      label={`${t('history.carriedToggle')} ${done}/${steps.length}`}
      hint={t('history.carriedToggleHint')}
      testId="carried-steps-toggle"
      icon={<path d="M4 7l2 2 4-4M4 15l2 2 4-4M13 7h7M13 15h7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />}
    />
  );
}

export function CarriedStepsPanel({ onClose }: { onClose(): void }) {
  const t = useT();
  const titleId = useId();
  const { doc, history, canEdit } = useBoard();
  const steps = useCarriedSteps();
  const from = steps[0]?.fromBoardTitle ?? '';
  const groups: { title: string; color: string; steps: CarriedStep[] }[] = [];
  for (const step of steps) {
    const last = groups.at(-1);
    if (last && last.title === step.pileTitle) last.steps.push(step);
    else groups.push({ title: step.pileTitle, color: step.pileColor, steps: [step] });
  }
  const done = steps.filter((step) => step.done).length;
  return (
    <aside className="outline-panel carried-panel" aria-labelledby={titleId} data-testid="carried-steps-panel">
      <div className="outline-header">
        <h2 id={titleId}>{t('history.carriedTitle', { board: from })}</h2>
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('history.carriedClose')}
        </button>
      </div>
      <p className="field-hint">{t('history.carriedIntro')}</p>
      <p className="carried-progress" role="status">
        {t('history.carriedDone', { done, total: steps.length })}
      </p>
      {groups.map((group) => (
        <section key={`${group.title}-${group.steps[0]?.id}`} className="carried-pile" aria-label={group.title}>
          <h3>
            <span className="history-swatch" style={{ background: group.color }} aria-hidden="true" />
            {group.title}
          </h3>
          <ul className="carried-list">
            {group.steps.map((step) => (
              <li key={step.id}>
                <label className={step.done ? 'carried-step carried-step-done' : 'carried-step'}>
                  <input
                    type="checkbox"
                    checked={step.done}
                    disabled={!canEdit}
                    onChange={(event) => {
                      const checked = event.target.checked;
                      history.change(() => setCarriedStepDone(doc, step.id, checked));
                    }}
                  />
                  <span>{step.text}</span>
                </label>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
