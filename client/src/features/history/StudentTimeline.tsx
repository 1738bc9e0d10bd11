// One student's year: for each board of the class, oldest first, the work itself with the evidence
// the team pinned on it, the pile (strategy) it was sorted into, what the team wrote of that pile
// and its next steps. A board the student has no work on says so, so gaps are seen, not hidden.
import type { MovementBoard } from '#shared/movement.js';
import { replaceCitations } from '#shared/schema/comments.js';
import type { HistoryEntry, HistoryPin } from '#shared/studentHistory.js';
import { useLanguage, useT } from '../../i18n/index.js';
import { assetUrl, boardLink } from '../../sync/api.js';

export interface StudentTimelineProps {
  boards: readonly Pick<MovementBoard, 'id' | 'title' | 'task' | 'createdAt'>[];
  entries: HistoryEntry[];
  token: string;
  namesHidden: boolean;
}

export function StudentTimeline({ boards, entries, token, namesHidden }: StudentTimelineProps) {
  const t = useT();
  const { language } = useLanguage();
  const byBoard = new Map(entries.map((entry) => [entry.boardId, entry]));
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
  if (boards.length === 0) return <p className="history-empty">{t('history.noBoards')}</p>;
  return (
    <ol className="history-timeline">
      {boards.map((board) => {
        const entry = byBoard.get(board.id);
        return (
          <li key={board.id} className="history-board" data-testid="history-board">
            <header className="history-board-head">
              <h2>{board.title}</h2>
              <time dateTime={new Date(board.createdAt).toISOString()}>{date.format(board.createdAt)}</time>
              <a className="history-open" href={boardLink(board.id, token)} target="_blank" rel="noreferrer">
                {t('history.openBoard')}
              </a>
            </header>
            {board.task && <p className="history-task">{board.task}</p>}
            {entry ? (
              <Entry entry={entry} token={token} namesHidden={namesHidden} />
            ) : (
              <p className="history-missing">{t('history.noWork')}</p>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function Entry({ entry, token, namesHidden }: { entry: HistoryEntry; token: string; namesHidden: boolean }) {
  const t = useT();
  const pinNumber = new Map(entry.pins.map((pin, index) => [pin.id, index + 1]));
  const description = entry.pile
    ? replaceCitations(entry.pile.description, (pinId) => {
        const pin = entry.pins.find((one) => one.id === pinId);
        return pin ? `“${pin.text}”` : null;
      })
    : '';
  return (
    <div className="history-entry">
      <div className="history-work">
        {entry.pages.length === 0 && <p className="history-missing">{t('history.noPages')}</p>}
        {entry.pages.map((page, index) => (
          <figure key={page} className="history-page">
            <img
              src={`${assetUrl(entry.boardId, page, token, 'medium')}${namesHidden ? '&names=hidden' : ''}`}
              alt={t('history.pageAlt', { n: index + 1, total: entry.pages.length, student: entry.student })}
              loading="lazy"
              decoding="async"
            />
            {entry.pins
              .filter((pin) => pin.page === page)
              .map((pin) => (
                <PinBox key={pin.id} pin={pin} number={pinNumber.get(pin.id) ?? 0} />
              ))}
          </figure>
        ))}
      </div>
      <div className="history-notes">
        {entry.pile ? (
          <p className="history-pile">
            <span className="history-swatch" style={{ background: entry.pile.color }} aria-hidden="true" />
            <span className="history-pile-label">{t('history.pile')}</span>
            <strong data-testid="history-pile-title">{entry.pile.title || t('history.untitledPile')}</strong>
          </p>
        ) : (
          <p className="history-pile history-unsorted">{t('history.unsortedCard')}</p>
        )}
        {entry.tags.length > 0 && (
          <ul className="history-tags" aria-label={t('history.tags')}>
            {entry.tags.map((tag) => (
              <li key={tag}>{tag}</li>
            ))}
          </ul>
        )}
        {description.trim() && (
          <section>
            <h3>{t('history.shows')}</h3>
            <p className="history-text">{description}</p>
          </section>
        )}
        {entry.pins.length > 0 && (
          <section>
            <h3>{t('history.evidence')}</h3>
            <ol className="history-pins">
              {entry.pins.map((pin) => (
                <li key={pin.id} value={pinNumber.get(pin.id)}>
                  {pin.text}
                  {pin.resolved && <span className="history-resolved"> {t('history.resolved')}</span>}
                </li>
              ))}
            </ol>
          </section>
        )}
        {entry.pile?.nextSteps.trim() && (
          <section>
            <h3>{t('history.nextSteps')}</h3>
            <p className="history-text">{entry.pile.nextSteps}</p>
          </section>
        )}
      </div>
    </div>
  );
}

/** A pin's region on the page, numbered like the list beside it. */
function PinBox({ pin, number }: { pin: HistoryPin; number: number }) {
  return (
    <span
      className="history-pin-box"
      aria-hidden="true"
      style={{
        left: `${pin.region.x * 100}%`,
        top: `${pin.region.y * 100}%`,
        width: `${pin.region.w * 100}%`,
        height: `${pin.region.h * 100}%`,
      }}
    >
      <span className="history-pin-number">{number}</span>
    </span>
  );
}
