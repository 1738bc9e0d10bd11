// The outline's trajectory: the strategy piles as an ordered list, from less to more sophisticated,
// reordered by dragging or with Alt+↑/↓ like the lanes on the board.
import { useT } from '../../i18n/index.js';
import { outcomeSummary, TrajectoryLanes } from './TrajectoryLanes.js';
import { useTrajectory } from './useTrajectory.js';

export function OutlineTrajectory() {
  const t = useT();
  const trajectory = useTrajectory();
  const summary = outcomeSummary(trajectory, t);
  return (
    <details className="outline-extra" data-testid="outline-trajectory">
      <summary className="outline-extra-title">
        {t('trajectory.title')} ({trajectory.piles.length}){summary && <span className="outline-extra-note"> · {summary}</span>}
      </summary>
      {trajectory.canEdit && trajectory.piles.length > 1 && <p className="outline-hint">{t('trajectory.outlineIntro')}</p>}
      <TrajectoryLanes direction="column" testId="outline-trajectory-list" />
    </details>
  );
}
