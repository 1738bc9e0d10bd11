// The trajectory along the board's foot: numbered lanes from less to more sophisticated, joined by
// arrows, dragged (or Alt+arrowed) into order. In protocol step 1 it orders the anticipated
// strategies before anyone sorts; after the sort it marks those nobody used and those nobody
// anticipated. "Line up" moves the piles into that order on the board, so that each pile's number
// is its place. Folds to a button to give the board its room back.
import { useState } from 'react';
import { useT } from '../../i18n/index.js';
import { outcomeSummary, TrajectoryLanes } from './TrajectoryLanes.js';
import { useTrajectory } from './useTrajectory.js';

export function TrajectoryStrip() {
  const t = useT();
  const trajectory = useTrajectory();
  const [open, setOpen] = useState(true);
  if (trajectory.piles.length === 0) return null;
  const summary = outcomeSummary(trajectory, t);
  return (
    <section className="trajectory-dock" aria-label={t('trajectory.title')} data-testid="trajectory-strip">
      <div className="trajectory-head">
        <span className="trajectory-heading">{t('trajectory.title')}</span>
        {open && <span className="trajectory-direction">{t('trajectory.direction')}</span>}
        {summary && <span className="trajectory-summary">{summary}</span>}
      </div>
      {open && <TrajectoryLanes direction="row" testId="trajectory-lanes" />}
      {open && trajectory.canEdit && trajectory.piles.length > 1 && (
        <button
          type="button"
          className="button button-secondary trajectory-fold"
          title={t('trajectory.arrangeHint')}
          onClick={trajectory.arrange}
        >
          {t('trajectory.arrange')}
        </button>
      )}
      <button type="button" className="button button-secondary trajectory-fold" aria-expanded={open} onClick={() => setOpen((was) => !was)}>
        {open ? t('trajectory.fold') : t('trajectory.unfold', { count: trajectory.piles.length })}
      </button>
    </section>
  );
}
