// A student's page (`/class/<classId>/student/<studentId>#token=<class token>`): their work on every
// board of the class over the year, the strategy it showed each time and what the team planned,
// then how the whole class moved between the last two boards with this student's way marked.
// Progress evidence for an interventionist or a special educator. Also `/class/<classId>/movement`:
// the class's movement alone. Readable only with one of the class's own tokens.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClassMovement } from '#shared/movement.js';
import type { HistoryEntry } from '#shared/studentHistory.js';
import { MovementChart } from '../features/history/MovementChart.js';
import { StudentTimeline } from '../features/history/StudentTimeline.js';
import { useT } from '../i18n/index.js';
import { ApiError } from '../sync/api.js';
import {
  type ClassPlace,
  classFragment,
  classPagePath,
  getClassMovement,
  getStudentHistory,
  movementPagePath,
  studentPagePath,
} from '../sync/classHistoryApi.js';
import { LanguageSwitch } from '../ui/LanguageSwitch.js';
import { BoardError } from './BoardError.js';
import '../features/history/history.css';

type Loaded =
  | { state: 'loading' }
  | { state: 'locked' }
  | { state: 'missing' }
  | { state: 'unreachable'; message: string }
  | { state: 'ready'; movement: ClassMovement; history: HistoryEntry[] | null };

async function load(place: ClassPlace, token: string, namesHidden: boolean): Promise<Loaded> {
  try {
    // The movement answers the class's title, boards and roster too: two requests open the page.
    const [movement, history] = await Promise.all([
      getClassMovement(place.classId, token, namesHidden),
      place.view === 'student' ? getStudentHistory(place.classId, place.studentId, token, namesHidden) : Promise.resolve(null),
    ]);
    return { state: 'ready', movement, history };
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return { state: 'locked' };
    if (error instanceof ApiError && error.status === 404) return { state: 'missing' };
    return { state: 'unreachable', message: error instanceof Error ? error.message : String(error) };
  }
}

export function StudentPage(props: { place: ClassPlace & { view: 'student' | 'movement' } }) {
  const t = useT();
  // The address is read once: the page does not navigate within itself.
  const [place] = useState(props.place);
  const [token] = useState(() => classFragment(window.location.hash).token);
  const [namesHidden, setNamesHidden] = useState(() => classFragment(window.location.hash).namesHidden);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const latest = useRef(0);

  const reload = useCallback(async () => {
    if (!token) {
      setLoaded({ state: 'locked' });
      return;
    }
    const request = ++latest.current;
    const result = await load(place, token, namesHidden);
    if (request === latest.current) setLoaded(result);
  }, [place, token, namesHidden]);

  useEffect(() => {
    void reload();
  }, [reload]);

  // The names setting lives in the address, so a link copied from a projector keeps names hidden.
  useEffect(() => {
    if (!token) return;
    const path =
      place.view === 'student'
        ? studentPagePath(place.classId, place.studentId, token, namesHidden)
        : movementPagePath(place.classId, token, namesHidden);
    window.history.replaceState(null, '', path);
  }, [place, token, namesHidden]);

  const studentName = (() => {
    if (loaded.state !== 'ready' || place.view !== 'student') return '';
    return loaded.movement.students.find((one) => one.studentId === place.studentId)?.label ?? '';
  })();

  useEffect(() => {
    if (loaded.state !== 'ready') return;
    const heading = place.view === 'student' ? studentName : t('history.movementTitle');
    document.title = `${heading} · ${loaded.movement.title} · Worksort`;
  }, [loaded, place.view, studentName, t]);

  if (loaded.state === 'locked') {
    return (
      <BoardError title={t('history.lockedTitle')} icon="locked">
        <p>{t('history.lockedBody')}</p>
      </BoardError>
    );
  }
  if (loaded.state === 'missing') {
    return (
      <BoardError title={t('history.missingTitle')} icon="missing">
        <p>{t('history.missingBody')}</p>
      </BoardError>
    );
  }
  if (loaded.state === 'unreachable') {
    return (
      <BoardError
        title={t('history.unreachableTitle')}
        icon="unreachable"
        action={{ label: t('history.retry'), onClick: () => void reload() }}
      >
        <p>{loaded.message}</p>
      </BoardError>
    );
  }
  if (loaded.state === 'loading' || !token) {
    return (
      <main className="history-page history-loading" aria-busy="true">
        <p>{t('history.loading')}</p>
      </main>
    );
  }

  const { movement, history } = loaded;
  const classId = place.classId;
  return (
    <div className="history-page">
      <header className="history-top">
        <nav className="history-crumbs" aria-label={t('history.crumbs')}>
          <a href={classPagePath(classId, token, namesHidden)}>{movement.title}</a>
          {place.view === 'student' && (
            <>
              <span aria-hidden="true"> · </span>
              <a href={movementPagePath(classId, token, namesHidden)}>{t('history.movementTitle')}</a>
            </>
          )}
        </nav>
        <div className="history-top-actions">
          <button type="button" className="button button-secondary" aria-pressed={namesHidden} onClick={() => setNamesHidden(!namesHidden)}>
            {namesHidden ? t('history.showNames') : t('history.hideNames')}
          </button>
          <LanguageSwitch />
        </div>
      </header>
      <main className="history-main">
        <h1 data-testid="history-heading">{place.view === 'student' ? studentName : t('history.movementTitle')}</h1>
        {namesHidden && <p className="history-hidden-note">{t('history.namesHiddenNote')}</p>}
        {place.view === 'student' && history && (
          <section aria-labelledby="history-year">
            <h2 id="history-year" className="history-section-title">
              {t('history.year', { count: history.length, boards: movement.boards.length })}
            </h2>
            <StudentTimeline boards={movement.boards} entries={history} token={token} namesHidden={namesHidden} />
          </section>
        )}
        <section aria-labelledby="history-movement" className="history-movement">
          <h2 id="history-movement" className="history-section-title">
            {t('history.movementHeading')}
          </h2>
          <MovementChart movement={movement} highlight={place.view === 'student' ? place.studentId : undefined} />
        </section>
        {place.view === 'movement' && (
          <section aria-labelledby="history-students">
            <h2 id="history-students" className="history-section-title">
              {t('history.students')}
            </h2>
            <ul className="history-roster">
              {movement.students.map((student) => (
                <li key={student.studentId}>
                  <a href={studentPagePath(classId, student.studentId, token, namesHidden)}>{student.label}</a>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}
