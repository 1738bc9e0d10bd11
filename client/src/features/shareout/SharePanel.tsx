// The share-out beside the board (the five practices' select, sequence, connect): the team's
// sequences of student work for tomorrow's lesson, each step with the question for the class and
// a note on why this piece and how it connects to the next. Steps come from a card's full-size view
// ("Add to share-out": the page, a pin's box or a drawn region) or a pile's chosen card; here they are ordered (buttons, Alt+↑/↓, or along the trajectory), written,
// shared with the class as a read-only link, and printed. Everything is live for everyone.
import { type FormEvent, useEffect, useId, useState } from 'react';
import {
  addStep,
  createSequence,
  deleteSequence,
  moveStep,
  removeStep,
  renameSequence,
  type Sequence,
  type SequenceStep,
  stepNote,
  updateStep,
} from '#shared/schema/sequence.js';
import { stepsInTrajectoryOrder, trajectoryOrder } from '#shared/trajectory.js';
import { useBoard, useBoardSorting, usePageUrl } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { ApiError, downloadFile } from '../../sync/api.js';
import { CollabTextArea } from '../../ui/CollabTextArea.js';
import { CopyField } from '../../ui/CopyField.js';
import { useListDrag } from '../../ui/useListDrag.js';
import { revokeSequenceShare, shareSequence } from './shareApi.js';
import { useSequences } from './useSequences.js';
import './shareout.css';

/** The sequence the panel shows: the one chosen, else the first. */
export function useChosenSequence(sequences: readonly Sequence[], chosenId: string | null): Sequence | null {
  return sequences.find((sequence) => sequence.id === chosenId) ?? sequences[0] ?? null;
}

export function SharePanel({ chosenId, onChoose, onClose }: { chosenId: string | null; onChoose(id: string): void; onClose(): void }) {
  const t = useT();
  const { doc, history, canEdit, boardId, token, presence } = useBoard();
  const sorting = useBoardSorting();
  const titleId = useId();
  const newTitleId = useId();
  const sequences = useSequences();
  const sequence = useChosenSequence(sequences, chosenId);
  const [newTitle, setNewTitle] = useState('');
  // A link belongs to one sequence: another one chosen shows none until it is shared.
  const [shared, setShared] = useState<{ sequenceId: string; url: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const link = shared && shared.sequenceId === sequence?.id ? shared.url : null;

  const create = (event: FormEvent) => {
    event.preventDefault();
    const title = newTitle.trim() || t('shareout.defaultTitle');
    let id = '';
    history.change(() => {
      id = createSequence(doc, title);
    });
    setNewTitle('');
    onChoose(id);
  };

  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const byTrajectory = () => {
    if (!sequence) return;
    const cards = [...sorting.sharedCards.values()];
    const ordered = stepsInTrajectoryOrder(sequence.steps, cards, [...sorting.pileMap.values()]);
    history.change(() => {
      ordered.forEach((step, index) => {
        moveStep(doc, sequence.id, step.id, index);
      });
    });
  };

  return (
    <aside className="outline-panel shareout-panel" aria-labelledby={titleId} data-testid="shareout-panel">
      <div className="outline-header">
        <h2 id={titleId}>{t('shareout.panelTitle')}</h2>
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('shareout.close')}
        </button>
      </div>
      <p className="field-hint">{t('shareout.panelIntro')}</p>

      {sequences.length > 1 && (
        <label className="field">
          <span className="field-label">{t('shareout.choose')}</span>
          <select className="input" value={sequence?.id ?? ''} onChange={(event) => onChoose(event.target.value)}>
            {sequences.map((one) => (
              <option key={one.id} value={one.id}>
                {one.title || t('shareout.untitled')}
              </option>
            ))}
          </select>
        </label>
      )}

      {sequence ? (
        <section className="shareout-sequence" aria-label={sequence.title || t('shareout.untitled')}>
          {canEdit ? (
            <input
              className="input shareout-title"
              aria-label={t('shareout.titleLabel')}
              value={sequence.title}
              maxLength={120}
              onChange={(event) => history.type(() => renameSequence(doc, sequence.id, event.target.value))}
            />
          ) : (
            <h3 className="shareout-title">{sequence.title || t('shareout.untitled')}</h3>
          )}
          {sequence.steps.length === 0 ? (
            <p className="field-hint">{t('shareout.noSteps')}</p>
          ) : (
            <StepList sequence={sequence} onProblem={setProblem} />
          )}
          {canEdit && <AddFromPile sequenceId={sequence.id} />}
          <div className="shareout-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={sequence.steps.length === 0}
              onClick={() => presence.presentShareout({ sequenceId: sequence.id, step: 0, pair: false })}
              data-testid="shareout-present"
            >
              {t('shareout.present')}
            </button>
            {canEdit && sequence.steps.length > 1 && (
              <button type="button" className="button button-secondary" onClick={byTrajectory}>
                {t('shareout.byTrajectory')}
              </button>
            )}
            <button
              type="button"
              className="button button-secondary"
              disabled={busy || sequence.steps.length === 0}
              onClick={() =>
                act(() =>
                  downloadFile(`/api/boards/${boardId}/sequences/${sequence.id}/export.pdf`, token, `${sequence.title || 'share-out'}.pdf`),
                )
              }
            >
              {t('shareout.pdf')}
            </button>
            {canEdit && (
              <button
                type="button"
                className="button button-primary"
                disabled={busy || sequence.steps.length === 0}
                onClick={() =>
                  act(async () => setShared({ sequenceId: sequence.id, url: await shareSequence(boardId, sequence.id, token) }))
                }
              >
                {link ? t('shareout.newLink') : t('shareout.share')}
              </button>
            )}
          </div>
          {link && (
            <div className="shareout-link">
              <CopyField label={t('shareout.linkLabel')} hint={t('shareout.linkHint')} value={link} testId="shareout-link" />
              <button
                type="button"
                className="button button-danger"
                disabled={busy}
                onClick={() =>
                  act(async () => {
                    await revokeSequenceShare(boardId, sequence.id, token);
                    setShared(null);
                  })
                }
              >
                {t('shareout.revoke')}
              </button>
            </div>
          )}
          {problem && (
            <p className="field-error" role="alert">
              {problem}
            </p>
          )}
          {canEdit && (
            <button
              type="button"
              className="button button-secondary shareout-delete"
              onClick={() => history.change(() => deleteSequence(doc, sequence.id))}
            >
              {t('shareout.delete')}
            </button>
          )}
        </section>
      ) : (
        <p className="field-hint">{t('shareout.none')}</p>
      )}

      {canEdit && (
        <form className="shareout-new" onSubmit={create}>
          <label className="field-label" htmlFor={newTitleId}>
            {t('shareout.newLabel')}
          </label>
          <div className="copy-row">
            <input
              id={newTitleId}
              className="input"
              value={newTitle}
              maxLength={120}
              placeholder={t('shareout.defaultTitle')}
              onChange={(event) => setNewTitle(event.target.value)}
            />
            <button type="submit" className="button button-secondary">
              {t('shareout.create')}
            </button>
          </div>
        </form>
      )}
    </aside>
  );
}

/**
 * A pile's chosen card as the next step: the team picks, along the trajectory, the piece of work
 * that best shows each strategy.
 */
function AddFromPile({ sequenceId }: { sequenceId: string }) {
  const t = useT();
  const { doc, history } = useBoard();
  const { pileMap, layout, labelOf } = useBoardSorting();
  const pileFieldId = useId();
  const cardFieldId = useId();
  const piles = trajectoryOrder([...pileMap.values()]).filter((pile) => (layout.members.get(pile.id)?.length ?? 0) > 0);
  const [chosenPile, setPile] = useState<string | null>(null);
  const [chosenCard, setCard] = useState<string | null>(null);
  const pile = piles.find((each) => each.id === chosenPile) ?? piles[0];
  const members = pile ? (layout.members.get(pile.id) ?? []) : [];
  const card = members.find((each) => each.id === chosenCard) ?? members[0];
  if (!pile || !card) return null;
  return (
    <fieldset className="shareout-from-pile" data-testid="shareout-from-pile">
      <legend className="field-label">{t('shareout.fromPile')}</legend>
      <div className="shareout-from-pile-row">
        <label className="visually-hidden" htmlFor={pileFieldId}>
          {t('shareout.fromPilePile')}
        </label>
        <select id={pileFieldId} className="input" value={pile.id} onChange={(event) => setPile(event.target.value)}>
          {piles.map((each) => (
            <option key={each.id} value={each.id}>
              {each.title.trim() || t('pile.untitled')}
            </option>
          ))}
        </select>
        <label className="visually-hidden" htmlFor={cardFieldId}>
          {t('shareout.fromPileCard')}
        </label>
        <select id={cardFieldId} className="input" value={card.id} onChange={(event) => setCard(event.target.value)}>
          {members.map((each) => (
            <option key={each.id} value={each.id}>
              {labelOf(each) || t('card.unnamed')}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => history.change(() => addStep(doc, sequenceId, { cardId: card.id }))}
        >
          {t('shareout.fromPileAdd')}
        </button>
      </div>
    </fieldset>
  );
}

/** The steps in order, dragged (or moved with their buttons and Alt+↑/↓) into the order the class sees. */
function StepList({ sequence, onProblem }: { sequence: Sequence; onProblem(problem: string | null): void }) {
  const { doc, history, canEdit } = useBoard();
  const drag = useListDrag({
    ids: sequence.steps.map((step) => step.id),
    direction: 'column',
    enabled: canEdit,
    onMove: (stepId, toIndex) => history.change(() => moveStep(doc, sequence.id, stepId, toIndex)),
  });
  return (
    <ol className="shareout-steps" {...drag.listProps}>
      {sequence.steps.map((step, index) => (
        <StepItem
          key={step.id}
          sequence={sequence}
          step={step}
          index={index}
          dragProps={drag.itemProps(step.id, index)}
          dropMark={drag.markClass(index)}
          onProblem={onProblem}
        />
      ))}
    </ol>
  );
}

function StepItem({
  sequence,
  step,
  index,
  dragProps,
  dropMark,
  onProblem,
}: {
  sequence: Sequence;
  step: SequenceStep;
  index: number;
  dragProps: ReturnType<ReturnType<typeof useListDrag>['itemProps']>;
  dropMark: string;
  onProblem(problem: string | null): void;
}) {
  const t = useT();
  const { doc, history, canEdit, labelOf, boardId, token } = useBoard();
  const assetUrl = usePageUrl();
  const { sharedCards } = useBoardSorting();
  const card = sharedCards.get(step.cardId);
  const assetId = card?.pages[step.page] ?? card?.pages[0];
  const note = stepNote(doc, sequence.id, step.id);
  const last = sequence.steps.length - 1;
  const move = (to: number) => history.change(() => moveStep(doc, sequence.id, step.id, to));
  const [question, setQuestion] = useState(step.question);
  useEffect(() => setQuestion(step.question), [step.question]);

  return (
    <li
      className={dropMark ? `shareout-step ${dropMark}` : 'shareout-step'}
      {...dragProps}
      aria-label={t('shareout.stepLabel', { n: index + 1, student: card ? labelOf(card.id) : t('shareout.missingCard') })}
      onKeyDown={(event) => {
        if (!canEdit || !event.altKey) return;
        if (event.key === 'ArrowUp' && index > 0) move(index - 1);
        else if (event.key === 'ArrowDown' && index < last) move(index + 1);
        else return;
        event.preventDefault();
      }}
    >
      <div className="shareout-step-head">
        <span className="shareout-step-number" aria-hidden="true">
          {index + 1}
        </span>
        {assetId ? <img className="shareout-thumb" src={assetUrl(assetId, 'thumb')} alt="" /> : null}
        <span className="shareout-step-student">
          {card ? labelOf(card.id) : t('shareout.missingCard')}
          {step.region ? <span className="shareout-step-region"> · {t('shareout.region')}</span> : null}
        </span>
        {canEdit && (
          <span className="shareout-step-buttons">
            <button
              type="button"
              className="button button-icon"
              aria-label={t('shareout.up')}
              disabled={index === 0}
              onClick={() => move(index - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="button button-icon"
              aria-label={t('shareout.down')}
              disabled={index === last}
              onClick={() => move(index + 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="button button-icon"
              aria-label={t('shareout.remove')}
              onClick={() => history.change(() => removeStep(doc, sequence.id, step.id))}
            >
              ×
            </button>
          </span>
        )}
      </div>
      <label className="field">
        <span className="field-label">{t('shareout.question')}</span>
        <input
          className="input"
          value={question}
          readOnly={!canEdit}
          maxLength={500}
          placeholder={t('shareout.questionPlaceholder')}
          onChange={(event) => setQuestion(event.target.value)}
          onBlur={() => question !== step.question && history.change(() => updateStep(doc, sequence.id, step.id, { question }))}
          onKeyDown={(event) => event.key === 'Enter' && (event.target as HTMLInputElement).blur()}
        />
      </label>
      {note && (
        <CollabTextArea
          text={note}
          history={history}
          label={t('shareout.note')}
          placeholder={t('shareout.notePlaceholder')}
          readOnly={!canEdit}
          rows={2}
          maxLength={2000}
        />
      )}
      <button
        type="button"
        className="button button-secondary shareout-step-png"
        aria-label={t('shareout.pngLabel', { n: index + 1 })}
        title={t('shareout.pngLabel', { n: index + 1 })}
        data-testid="shareout-step-png"
        onClick={() => {
          onProblem(null);
          downloadFile(
            `/api/boards/${boardId}/sequences/${sequence.id}/steps/${index + 1}.png`,
            token,
            `${sequence.title || 'share-out'} - step ${index + 1}.png`,
          ).catch((error: unknown) => onProblem(error instanceof ApiError ? error.message : String(error)));
        }}
      >
        {t('shareout.png')}
      </button>
    </li>
  );
}
