// The trajectory along the board's foot: numbered lanes from less to more sophisticated, joined by
// arrows, dragged (or Alt+arrowed) into order. In protocol step 1 it orders the anticipated
// strategies before anyone sorts; after the sort it marks those nobody used and those nobody
// anticipated. "Line up" moves the piles into that order on the board, so that each pile's number
// is its place. Until the team starts a trajectory (orders a pile, or anticipates a strategy) it
// waits folded to a button, and it folds again whenever the board needs its room back.
import { useState } from 'react';
import { useT } from '../../i18n/index.js';
import { outcomeSummary, TrajectoryLanes } from './TrajectoryLanes.js';
import { useTrajectory } from './useTrajectory.js';

export function TrajectoryStrip() {
  const t = useT();
  const trajectory = useTrajectory();
  // null: nobody here chose; then it is open once the team has a trajectory.
  const [chosen, setOpen] = useState<boolean | null>(null);
  if (trajectory.piles.length === 0) return null;
  const started = trajectory.piles.some((pile) => pile.order !== null || pile.anticipated);
  const open = chosen ?? started;
  const summary = outcomeSummary(trajectory, t);
  if (!open) {
    return (
      <section className="trajectory-dock trajectory-dock-folded" aria-label={t('trajectory.title')} data-testid="trajectory-strip">
        <button type="button" className="button button-secondary trajectory-fold" aria-expanded={false} onClick={() => setOpen(true)}>
          {t('trajectory.unfold', { count: trajectory.piles.length })}
        </button>
      </section>
    );
  }
  return (
    <section className="trajectory-dock" aria-label={t('trajectory.title')} data-testid="trajectory-strip">
      <div className="trajectory-head">
        <span className="trajectory-heading">{t('trajectory.title')}</span>
        <span className="trajectory-direction">{t('trajectory.direction')}</span>
        {summary && <span className="trajectory-summary">{summary}</span>}
      </div>
      <TrajectoryLanes direction="row" testId="trajectory-lanes" />
      {trajectory.canEdit && trajectory.piles.length > 1 && (
        <button
          type="button"
          className="button button-secondary trajectory-fold"
          title={t('trajectory.arrangeHint')}
          onClick={trajectory.arrange}
        >
          {t('trajectory.arrange')}
        </button>
      )}
      <button type="button" className="button button-secondary trajectory-fold" aria-expanded={true} onClick={() => setOpen(false)}>
        {t('trajectory.fold')}
      </button>
    </section>
  );
}
