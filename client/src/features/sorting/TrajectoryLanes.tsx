// The trajectory as numbered lanes, from less to more sophisticated thinking: dragged into order,
// or moved with Alt+arrows, for everyone at once; pressing one opens its pile. Drawn along the board's foot (TrajectoryStrip)
// and as a list in the outline; both show, once the sort is over, which anticipated strategies
// nobody used and which piles nobody anticipated.
import { type KeyboardEvent, useRef, useState } from 'react';
import { useBoard } from '../../board/session.js';
import { textOn } from '../../board/theme.js';
import { useT } from '../../i18n/index.js';
import { useListDrag } from '../../ui/useListDrag.js';
import { type TrajectoryView, useTrajectory } from './useTrajectory.js';
import './trajectory.css';

export function TrajectoryLanes({ direction, testId }: { direction: 'row' | 'column'; testId?: string }) {
  const t = useT();
  const { openPile } = useBoard();
  const trajectory = useTrajectory();
  const { piles, counts, flags, canEdit } = trajectory;
  const [said, setSaid] = useState('');
  const list = useRef<HTMLOListElement>(null);

  const moveTo = (pileId: string, toIndex: number, title: string) => {
    trajectory.move(pileId, toIndex);
    setSaid(t('trajectory.moved', { title, place: toIndex + 1, count: piles.length }));
    // The item re-renders in its new place: focus follows it there.
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-trajectory-pile="${CSS.escape(pileId)}"]`)?.focus());
  };

  const onKeyDown = (event: KeyboardEvent, index: number, pileId: string, title: string) => {
    if (!canEdit || !event.altKey) return;
    const earlier = event.key === 'ArrowLeft' || event.key === 'ArrowUp';
    const later = event.key === 'ArrowRight' || event.key === 'ArrowDown';
    if ((!earlier && !later) || (earlier && index === 0) || (later && index === piles.length - 1)) return;
    event.preventDefault();
    // Alt+arrows on the board reorder cards too: this one is the trajectory's.
    event.stopPropagation();
    moveTo(pileId, index + (earlier ? -1 : 1), title);
  };

  const titleOf = (pileId: string) => piles.find((pile) => pile.id === pileId)?.title.trim() || t('pile.untitled');
  const drag = useListDrag({
    ids: piles.map((pile) => pile.id),
    direction,
    enabled: canEdit,
    onMove: (pileId, toIndex) => moveTo(pileId, toIndex, titleOf(pileId)),
  });

  if (piles.length === 0) return <p className="trajectory-empty">{t('trajectory.none')}</p>;

  return (
    <>
      <ol
        ref={list}
        className={`trajectory-lanes trajectory-lanes-${direction}`}
        aria-label={t('trajectory.listLabel')}
        data-testid={testId}
        {...drag.listProps}
      >
        {piles.map((pile, index) => {
          const title = pile.title.trim() || t('pile.untitled');
          const count = counts.get(pile.id) ?? 0;
          const flag = flags.get(pile.id);
          const flagText =
            flag === 'anticipatedEmpty' ? t('trajectory.nobodyUsed') : flag === 'unexpected' ? t('trajectory.unexpected') : '';
          const marker = drag.markClass(index) && ` trajectory-${drag.markClass(index)}`;
          return (
            <li key={pile.id} className={`trajectory-item${marker}`}>
              <button
                type="button"
                className={`trajectory-lane${flag ? ` trajectory-${flag}` : ''}`}
                style={{ borderColor: pile.color }}
                data-trajectory-pile={pile.id}
                data-flag={flag ?? ''}
                {...drag.itemProps(pile.id, index)}
                aria-describedby={canEdit ? `${testId ?? direction}-hint` : undefined}
                onKeyDown={(event) => onKeyDown(event, index, pile.id, title)}
                onClick={() => openPile(pile.id)}
              >
                {/* The name is what shows: "1 Counts all 3 cards Not anticipated"; the list tells the place. */}
                <span className="trajectory-number" style={{ backgroundColor: pile.color, color: textOn(pile.color) }}>
                  {index + 1}
                </span>
                <span className="trajectory-title">{title}</span>
                <span className="trajectory-count">
                  {count}
                  <span className="visually-hidden"> {t(count === 1 ? 'trajectory.cardOne' : 'trajectory.cardMany')}</span>
                </span>
                {flag && (
                  <span className="trajectory-flag">
                    <span aria-hidden="true">{flag === 'unexpected' ? '★ ' : '○ '}</span>
                    {/* Short on screen; the dashed border and the hidden words say "anticipated". */}
                    {flag === 'anticipatedEmpty' && <span className="visually-hidden">{t('trajectory.anticipatedPrefix')} </span>}
                    {flagText}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
      {canEdit && (
        <p className="visually-hidden" id={`${testId ?? direction}-hint`}>
          {t('trajectory.keysHint')}
        </p>
      )}
      <div className="visually-hidden" role="status" aria-live="polite">
        {said}
      </div>
    </>
  );
}

/** The trajectory's outcome in words, for a heading's line: "2 anticipated, nobody used · 1 not anticipated". */
export function outcomeSummary(trajectory: Pick<TrajectoryView, 'flags'>, t: ReturnType<typeof useT>): string {
  const flags = [...trajectory.flags.values()];
  const empty = flags.filter((flag) => flag === 'anticipatedEmpty').length;
  const unexpected = flags.filter((flag) => flag === 'unexpected').length;
  const parts = [];
  if (empty > 0) parts.push(t('trajectory.summaryEmpty', { count: empty }));
  if (unexpected > 0) parts.push(t('trajectory.summaryUnexpected', { count: unexpected }));
  return parts.join(' · ');
}
