// A class's page, `/class/<classId>#token=<class token>`: the team's links, the class's boards
// oldest first, its roster (each name leading to that student's page) and its cover sheets. The
// token rides in the fragment, as on a board, and opens the class's boards with the same role.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Role } from '#shared/roles.js';
import { ClassBoards } from '../features/classes/ClassBoards.js';
import { ClassLinks, CoverSheets } from '../features/classes/ClassLinks.js';
import { type ClassView, classIdFromPath, getClass } from '../features/classes/classApi.js';
import { RosterPanel } from '../features/classes/RosterPanel.js';
import { useT } from '../i18n/index.js';
import { ApiError } from '../sync/api.js';
import { tokenFromHash } from '../sync/token.js';
import { LanguageSwitch } from '../ui/LanguageSwitch.js';
import { BoardError } from './BoardError.js';
import { Logo } from './Toolbar.js';
import '../features/classes/classes.css';

type Loaded = { state: 'loading' } | { state: 'invalid' } | { state: 'unreachable' } | { state: 'ready'; view: ClassView & { role: Role } };

function readAddress() {
  const classId = classIdFromPath(window.location.pathname);
  const token = tokenFromHash(window.location.hash);
  return classId && token ? { classId, token } : null;
}

export function ClassPage() {
  const t = useT();
  const [address] = useState(readAddress);
  const [loaded, setLoaded] = useState<Loaded>(() => (address ? { state: 'loading' } : { state: 'invalid' }));
  const latest = useRef(0);

  const load = useCallback(async () => {
    if (!address) return;
    const request = ++latest.current;
    try {
      const view = await getClass(address.classId, address.token);
      if (request === latest.current) setLoaded({ state: 'ready', view });
    } catch (failure) {
      if (request !== latest.current) return;
      const status = failure instanceof ApiError ? failure.status : 0;
      setLoaded({ state: status === 401 || status === 403 || status === 404 ? 'invalid' : 'unreachable' });
    }
  }, [address]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    document.title = loaded.state === 'ready' ? `${loaded.view.title} · Worksort` : 'Worksort';
  }, [loaded]);

  if (!address || loaded.state === 'invalid') {
    return (
      <BoardError title={t('classes.invalidTitle')} icon="locked">
        <p>{t('classes.invalidBody')}</p>
      </BoardError>
    );
  }
  if (loaded.state === 'unreachable') {
    return (
      <BoardError
        title={t('classes.unreachableTitle')}
        icon="unreachable"
        action={{ label: t('shareout.retry'), onClick: () => void load() }}
      >
        <p>{t('shareout.unreachableBody')}</p>
      </BoardError>
    );
  }
  if (loaded.state === 'loading') {
    return (
      <div className="class-page class-page-loading" aria-busy="true">
        <p className="loading-text">{t('classes.loading')}</p>
      </div>
    );
  }

  const { view } = loaded;
  const canEdit = view.role !== 'viewer';
  const { classId, token } = address;
  return (
    <div className="class-page">
      <header className="class-header">
        <a className="brand" href="/" aria-label={t('app.home')}>
          <Logo size={32} />
          <span className="brand-name">Worksort</span>
        </a>
        <LanguageSwitch />
      </header>
      <main className="class-main">
        <div className="class-title-row">
          <p className="class-kicker">{t('classes.kicker')}</p>
          <h1 className="class-title">{view.title}</h1>
          {!canEdit && <span className="role-badge">{t('role.viewOnly')}</span>}
        </div>
        <div className="class-columns">
          <div className="class-column">
            <ClassBoards classId={classId} token={token} canEdit={canEdit} boards={view.boards} onChanged={() => void load()} />
            <RosterPanel
              classId={classId}
              token={token}
              canEdit={canEdit}
              students={view.students}
              onSaved={(students) => setLoaded({ state: 'ready', view: { ...view, students } })}
            />
          </div>
          <div className="class-column">
            <ClassLinks classId={classId} token={token} role={view.role} />
            {canEdit && <CoverSheets classId={classId} token={token} title={view.title} students={view.students.length} />}
          </div>
        </div>
      </main>
    </div>
  );
}
