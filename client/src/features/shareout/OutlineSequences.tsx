// The outline's share-out: every sequence of the board with its steps in order, for keyboards and
// screen readers. Enter opens a step's work full size, Alt+↑/↓ (or a drag) moves it, and each
// sequence opens in the share-out panel to be written, presented and shared.
import { type KeyboardEvent, useRef, useState } from 'react';
import { moveStep, type Sequence } from '#shared/schema/sequence.js';
import { useBoard } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { useListDrag } from '../../ui/useListDrag.js';
import { useSequences } from './useSequences.js';
import './shareout.css';

export function OutlineSequences({ onOpenSequence }: { onOpenSequence(sequenceId: string): void }) {
  const t = useT();
  const sequences = useSequences();
  const [said, setSaid] = useState('');
  return (
    <details className="outline-extra" data-testid="outline-sequences">
      <summary className="outline-extra-title">
        {t('shareout.outlineTitle')} ({sequences.length})
      </summary>
      {sequences.length === 0 ? (
        <p className="outline-hint">{t('shareout.outlineNone')}</p>
      ) : (
        sequences.map((sequence) => (
          <OutlineSequence key={sequence.id} sequence={sequence} onOpen={() => onOpenSequence(sequence.id)} onSay={setSaid} />
        ))
      )}
      <div className="visually-hidden" role="status" aria-live="polite">
        {said}
      </div>
    </details>
  );
}

function OutlineSequence({ sequence, onOpen, onSay }: { sequence: Sequence; onOpen(): void; onSay(text: string): void }) {
  const t = useT();
  const { doc, history, canEdit, showCard, labelOf } = useBoard();
  const list = useRef<HTMLOListElement>(null);
  const count = sequence.steps.length;
  const title = sequence.title || t('shareout.untitled');
  const hintId = `outline-steps-hint-${sequence.id}`;

  const move = (stepId: string, toIndex: number) => {
    history.change(() => moveStep(doc, sequence.id, stepId, toIndex));
    onSay(t('shareout.stepMoved', { n: toIndex + 1, count }));
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-step-id="${CSS.escape(stepId)}"]`)?.focus());
  };
  const drag = useListDrag({ ids: sequence.steps.map((step) => step.id), direction: 'column', enabled: canEdit, onMove: move });

  const onKeyDown = (event: KeyboardEvent, index: number, stepId: string) => {
    if (!canEdit || !event.altKey) return;
    const to = event.key === 'ArrowUp' ? index - 1 : event.key === 'ArrowDown' ? index + 1 : -1;
    if (to < 0 || to >= count) return;
    event.preventDefault();
    event.stopPropagation();
    move(stepId, to);
  };

  return (
    <section className="outline-sequence" aria-label={title} data-sequence-id={sequence.id}>
      <div className="outline-sequence-head">
        <h3 className="outline-sequence-title">{t('shareout.outlineSequence', { title, count })}</h3>
        <button type="button" className="button button-secondary outline-sequence-open" onClick={onOpen}>
          {t('shareout.outlineOpen')}
        </button>
      </div>
      {count === 0 ? (
        <p className="outline-hint">{t('shareout.noSteps')}</p>
      ) : (
        <>
          <ol className="outline-steps" ref={list} aria-label={title} aria-describedby={hintId} {...drag.listProps}>
            {sequence.steps.map((step, index) => {
              const text = t('shareout.outlineStep', {
                n: index + 1,
                count,
                student: labelOf(step.cardId) || t('shareout.missingCard'),
                region: step.region ? ` · ${t('shareout.region')}` : '',
                question: step.question ? t('shareout.outlineQuestion', { text: step.question }) : '',
              });
              return (
                <li key={step.id} className={drag.markClass(index) && `outline-step-${drag.markClass(index)}`}>
                  <button
                    type="button"
                    className="outline-step"
                    data-step-id={step.id}
                    {...drag.itemProps(step.id, index)}
                    onKeyDown={(event) => onKeyDown(event, index, step.id)}
                    onClick={() => showCard(step.cardId, null)}
                  >
                    {text}
                  </button>
                </li>
              );
            })}
          </ol>
          <p className="visually-hidden" id={hintId}>
            {t('shareout.outlineKeys')}
          </p>
        </>
      )}
    </section>
  );
}
