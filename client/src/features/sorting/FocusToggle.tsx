// Marking a lesson study focus student from the card inspector (issue 6): shared by everyone on the
// board, at most a few per board, changed by editors only.
import { useId } from 'react';
import { MAX_FOCUS_STUDENTS, setFocusStudent } from '#shared/schema/focus.js';
import { useFocusStudents } from '../../board/hooks/useFocusStudents.js';
import { useBoard } from '../../board/session.js';
import { useT } from '../../i18n/index.js';

export function FocusToggle({ cardId }: { cardId: string }) {
  const { doc, history, canEdit } = useBoard();
  const t = useT();
  const hintId = useId();
  const focus = useFocusStudents(doc);
  const marked = focus.includes(cardId);
  const full = !marked && focus.length >= MAX_FOCUS_STUDENTS;
  const max = MAX_FOCUS_STUDENTS;
  return (
    <div className="field focus-field">
      <span className="field-label">{t('focus.title')}</span>
      <label className={marked ? 'inline-check focus-toggle focus-toggle-on' : 'inline-check focus-toggle'}>
        <input
          type="checkbox"
          checked={marked}
          disabled={!canEdit || full}
          aria-describedby={hintId}
          onChange={(event) => {
            const on = event.target.checked;
            history.change(() => setFocusStudent(doc, cardId, on));
          }}
        />
        <span aria-hidden="true">★</span> {t('focus.mark')}
      </label>
      <p className="field-hint" id={hintId}>
        {full ? t('focus.full', { max }) : canEdit ? t('focus.hint', { max }) : t('focus.readOnly')}{' '}
        {t('focus.count', { count: focus.length, max })}
      </p>
    </div>
  );
}
