// The pile panel, beside the board: a pile's title and colour, what its students are showing us and
// the next steps for them (both written together, live), who is in it, fold and delete. It does not
// cover the board, so the team keeps sorting while someone writes.
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { PILE_COLORS } from '#shared/colors.js';
import { pilesLocked } from '#shared/protocolLocks.js';
import { isBuiltInPile } from '#shared/schema/notSureYet.js';
import { type Pile, pileText, updatePile } from '#shared/schema/pile.js';
import { useAnnotationEnv } from '../../board/annotationEnv.js';
import { useBoard, useBoardSorting } from '../../board/session.js';
import { textOn } from '../../board/theme.js';
import { useT } from '../../i18n/index.js';
import { CollabTextArea } from '../../ui/CollabTextArea.js';
import { colorName } from '../../ui/colorNames.js';
import { TierHint } from '../../ui/TierHint.js';
import { PinCitations } from '../annotations/PinCitations.js';
import { MAX_PILE_TITLE } from './PileTitleEditor.js';

export interface PileEditorProps {
  pile: Pile;
  /** Its keyboard number (1–9), or 0. */
  number: number;
  members: { id: string; label: string }[];
  onSetCollapsed(collapsed: boolean): void;
  onDelete(): void;
  onClose(): void;
}

export function PileEditor({ pile, number, members, onSetCollapsed, onDelete, onClose }: PileEditorProps) {
  const { doc, history, canEdit, showCard: onOpenCard } = useBoard();
  // Citing evidence pins in the description (issue 5).
  const annotations = useAnnotationEnv();
  // Phases the facilitator locked: their fields read only, as the server would refuse them (issue 5).
  const protocolLocks = useBoardSorting().protocol.locks;
  const t = useT();
  const titleLocked = protocolLocks?.trends === true;
  const descriptionLocked = protocolLocks?.trends === true;
  const nextStepsLocked = protocolLocks?.nextSteps === true;
  const canDelete = !isBuiltInPile(pile.id) && !(protocolLocks && pilesLocked({ locks: protocolLocks }));
  const [title, setTitle] = useState(pile.title);
  const [confirming, setConfirming] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const description = pileText(doc, pile.id, 'description');
  const nextSteps = pileText(doc, pile.id, 'nextSteps');

  // Someone else renamed it while the field is not being edited: show theirs.
  const editing = useRef(false);
  useEffect(() => {
    if (!editing.current) setTitle(pile.title);
  }, [pile.title]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a different pile starts afresh.
  useEffect(() => {
    setConfirming(false);
    heading.current?.focus();
  }, [pile.id]);

  const commitTitle = (event?: FormEvent) => {
    event?.preventDefault();
    editing.current = false;
    const clean = title.trim().slice(0, MAX_PILE_TITLE);
    if (clean && clean !== pile.title) history.change(() => updatePile(doc, pile.id, { title: clean }));
    else setTitle(pile.title);
  };

  return (
    <aside className="side-panel pile-panel" aria-labelledby="pile-panel-title" data-testid="pile-panel">
      <header className="side-panel-header" style={{ backgroundColor: pile.color, color: textOn(pile.color) }}>
        {number > 0 && <span className="pile-number">{number}</span>}
        <h2 id="pile-panel-title" ref={heading} tabIndex={-1}>
          {pile.title.trim() || t('pile.untitled')}
        </h2>
        <button
          type="button"
          className="side-panel-close"
          onClick={onClose}
          aria-label={t('pileEditor.close')}
          title={t('pileEditor.closeHint')}
        >
          ×
        </button>
      </header>
      <div className="side-panel-body">
        {canEdit && (
          <form onSubmit={commitTitle} className="field">
            <label className="field-label" htmlFor="pile-title-field">
              {t('pileEditor.title')}
            </label>
            <input
              id="pile-title-field"
              className="input"
              value={title}
              maxLength={MAX_PILE_TITLE}
              readOnly={titleLocked}
              onFocus={() => {
                editing.current = true;
              }}
              onChange={(event) => setTitle(event.target.value)}
              onBlur={() => commitTitle()}
            />
            <TierHint title={title} />
          </form>
        )}
        {canEdit && (
          <fieldset className="field color-field">
            <legend className="field-label">{t('pileEditor.color')}</legend>
            <div className="swatches">
              {PILE_COLORS.map((color) => (
                <button
                  key={color}
                  type="button"
                  className="swatch"
                  style={{ backgroundColor: color }}
                  aria-pressed={pile.color === color}
                  aria-label={t('pileEditor.colorOption', { color: colorName(t, color) })}
                  onClick={() => pile.color !== color && history.change(() => updatePile(doc, pile.id, { color }))}
                />
              ))}
            </div>
          </fieldset>
        )}
        <div className="field">
          <label className="field-label" htmlFor="pile-description">
            {t('pileEditor.description')}
          </label>
          <p className="field-hint">{t('pileEditor.descriptionHint')}</p>
          {description ? (
            <CollabTextArea
              key={`d-${pile.id}`}
              id="pile-description"
              text={description}
              history={history}
              label={t('pileEditor.description')}
              placeholder={t('pileEditor.descriptionPlaceholder')}
              readOnly={!canEdit || descriptionLocked}
              rows={4}
            />
          ) : (
            <p className="static-text">{pile.description}</p>
          )}
          {annotations && (
            <PinCitations
              env={annotations}
              description={pile.description}
              text={canEdit ? description : null}
              memberIds={members.map((member) => member.id)}
              fieldId="pile-description"
            />
          )}
        </div>
        <div className="field">
          <label className="field-label" htmlFor="pile-next-steps">
            {t('pileEditor.nextSteps')}
          </label>
          <p className="field-hint">{t('pileEditor.nextStepsHint')}</p>
          {nextSteps ? (
            <CollabTextArea
              key={`n-${pile.id}`}
              id="pile-next-steps"
              text={nextSteps}
              history={history}
              label={t('pileEditor.nextSteps')}
              placeholder={t('pileEditor.nextStepsPlaceholder')}
              readOnly={!canEdit || nextStepsLocked}
              rows={4}
            />
          ) : (
            <p className="static-text">{pile.nextSteps}</p>
          )}
        </div>
        <section className="field" aria-labelledby="pile-members-title">
          <h3 id="pile-members-title" className="field-label">
            {t(members.length === 1 ? 'pile.countOne' : 'pile.countMany', { count: members.length })}
          </h3>
          {members.length === 0 ? (
            <p className="field-hint">{t('pileEditor.noMembers')}</p>
          ) : (
            <ul className="member-list">
              {members.map((member) => (
                <li key={member.id}>
                  <button type="button" className="member" onClick={() => onOpenCard(member.id)}>
                    {member.label || t('card.unnamed')}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        {canEdit && (
          <div className="side-panel-actions">
            <button type="button" className="button button-secondary" onClick={() => onSetCollapsed(!pile.collapsed)}>
              {pile.collapsed ? t('pileEditor.expand') : t('pileEditor.collapse')}
            </button>
            {confirming ? (
              <div className="confirm" role="alert">
                <p className="confirm-text">
                  {t('pileEditor.deleteConfirm', { title: pile.title.trim() || t('pile.untitled'), count: members.length })}
                </p>
                <div className="confirm-actions">
                  <button type="button" className="button button-danger" onClick={onDelete}>
                    {t('pileEditor.deleteYes')}
                  </button>
                  <button type="button" className="button button-secondary" onClick={() => setConfirming(false)}>
                    {t('pileEditor.deleteNo')}
                  </button>
                </div>
              </div>
            ) : (
              canDelete && (
                <button type="button" className="button button-danger-quiet" onClick={() => setConfirming(true)}>
                  {t('pileEditor.delete')}
                </button>
              )
            )}
          </div>
        )}
      </div>
    </aside>
  );
}
