// "Add to share-out" in a card's full-size view: the page on screen becomes the next step of the
// board's share-out (a new "Share-out" sequence when there is none yet), for everyone at once.
import { useState } from 'react';
import { addStep, createSequence } from '../../../../shared/schema/sequence.js';
import { useBoard } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { useSequences } from './useSequences.js';

export function AddToShareOut({ cardId, page }: { cardId: string; page: number }) {
  const t = useT();
  const { doc, history, canEdit } = useBoard();
  const sequences = useSequences();
  const [added, setAdded] = useState<string | null>(null);
  if (!canEdit) return null;
  const target = sequences[0] ?? null;
  const inTarget = target?.steps.some((step) => step.cardId === cardId && step.page === page) ?? false;

  const add = () => {
    let title = target?.title ?? '';
    history.change(() => {
      const sequenceId = target?.id ?? createSequence(doc, t('shareout.defaultTitle'));
      if (!target) title = t('shareout.defaultTitle');
      addStep(doc, sequenceId, { cardId, page });
    });
    setAdded(title || t('shareout.untitled'));
  };

  return (
    <div className="field shareout-add">
      <span className="field-label">{t('shareout.panelTitle')}</span>
      <button type="button" className="button button-secondary" onClick={add} disabled={inTarget} data-testid="add-to-shareout">
        {inTarget ? t('shareout.inSequence') : t('shareout.add')}
      </button>
      <p className="field-hint" role="status">
        {added ? t('shareout.added', { title: added }) : t('shareout.addHint')}
      </p>
    </div>
  );
}
