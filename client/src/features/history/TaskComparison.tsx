// The same task in several classrooms: each class's board as a bar split by strategy (its share of
// the class's work), the bars one above the other so the distributions compare at a glance, then
// the same figures as a table. Piles titled alike line up as one strategy. Names only on request.
import { useId } from 'react';
import { strategyRows, type TaskGroup } from '#shared/classComparison.js';
import { nameKey } from '#shared/classes.js';
import { useT } from '../../i18n/index.js';
import { contrastRatio } from '../../ui/contrast.js';

const UNSORTED_COLOR = '#8a93a3';

/** White or black figures on a strategy's colour, whichever reads better. */
function textOn(hex: string): string {
  const value = Number.parseInt(hex.replace('#', '').slice(0, 6), 16);
  const rgb = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  return contrastRatio(rgb, [255, 255, 255]) >= contrastRatio(rgb, [0, 0, 0]) ? '#ffffff' : '#000000';
}

export function TaskComparison({ group, namesShown }: { group: TaskGroup; namesShown: boolean }) {
  const t = useT();
  const headingId = useId();
  const rows = strategyRows(group, t('history.unsorted'));
  const colorOf = (row: (typeof rows)[number]) =>
    row.title === t('history.unsorted') && row.color === '#ffffff' ? UNSORTED_COLOR : row.color;
  const boardName = (index: number) => {
    const board = group.boards[index];
    return board ? t('history.compareBoard', { classTitle: board.classTitle, boardTitle: board.boardTitle }) : '';
  };
  return (
    <section className="compare-task" aria-labelledby={headingId} data-testid="compare-task">
      <h2 id={headingId}>
        <span className="compare-task-label">{t('history.compareTask')}</span> {group.task}
      </h2>
      <div className="compare-bars" role="img" aria-label={t('history.compareChartLabel', { task: group.task })}>
        {group.boards.map((board, index) => (
          <div key={board.boardId} className="compare-bar-row">
            <span className="compare-bar-name">{boardName(index)}</span>
            <span className="compare-bar">
              {rows.map((row) => {
                const share = row.shares[index] ?? 0;
                if (share <= 0) return null;
                return (
                  <span
                    key={row.title}
                    className="compare-bar-part"
                    style={{ width: `${share * 100}%`, background: colorOf(row), color: textOn(colorOf(row)) }}
                    title={`${row.title}: ${row.counts[index]}`}
                  >
                    {share >= 0.08 ? row.counts[index] : ''}
                  </span>
                );
              })}
            </span>
          </div>
        ))}
        <ul className="compare-legend">
          {rows.map((row) => (
            <li key={row.title}>
              <span className="movement-swatch" style={{ background: colorOf(row) }} aria-hidden="true" />
              {row.title}
            </li>
          ))}
        </ul>
      </div>
      <table className="movement-table compare-table">
        <caption className="visually-hidden">{group.task}</caption>
        <thead>
          <tr>
            <th scope="col">{t('history.compareStrategy')}</th>
            {group.boards.map((board, index) => (
              <th key={board.boardId} scope="col">
                {boardName(index)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.title}>
              <th scope="row">
                <span className="movement-swatch" style={{ background: colorOf(row) }} aria-hidden="true" /> {row.title}
              </th>
              {group.boards.map((board, index) => {
                const count = row.counts[index] ?? null;
                const pile = board.piles.find((one) => nameKey(one.title) === nameKey(row.title));
                return (
                  <td key={board.boardId} className="movement-count">
                    {count === null ? '—' : t('history.compareCount', { count, total: board.total })}
                    {namesShown && pile?.students && pile.students.length > 0 && (
                      <span className="compare-names">{pile.students.join(', ')}</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
