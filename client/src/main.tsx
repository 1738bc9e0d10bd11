// Entry point: picks the page from the address. `/` is the landing page, `/b/<id>` a board,
// `/share/<boardId>/<sequenceId>` a share-out for a class, `/class/<classId>` a class's page,
// `/class/<id>/student/<studentId>` a student's year, `/class/<id>/movement` the class's movement
// between strategies and `/classes/compare` the same task across classrooms.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LanguageProvider, useT } from './i18n/index.js';
import { BoardError } from './pages/BoardError.js';
import { BoardPage } from './pages/BoardPage.js';
import { ClassComparisonPage } from './pages/ClassComparisonPage.js';
import { ClassPage } from './pages/ClassPage.js';
import { ClassSharePage } from './pages/ClassSharePage.js';
import { Landing } from './pages/Landing.js';
import { StudentPage } from './pages/StudentPage.js';
import { classPlaceFromPath } from './sync/classHistoryApi.js';
import { boardIdFromPath } from './sync/token.js';
import './styles.css';

function Page() {
  const t = useT();
  const boardId = boardIdFromPath(window.location.pathname);
  if (boardId) return <BoardPage boardId={boardId} />;
  if (window.location.pathname.startsWith('/share/')) return <ClassSharePage />;
  if (/^\/class\/[^/]+\/?$/.test(window.location.pathname)) return <ClassPage />;
  if (window.location.pathname === '/classes/compare') return <ClassComparisonPage />;
  const classPlace = classPlaceFromPath(window.location.pathname);
  if (classPlace && classPlace.view !== 'class') return <StudentPage place={classPlace} />;
  if (window.location.pathname === '/' || window.location.pathname === '/index.html') return <Landing />;
  return (
    <BoardError title={t('error.missingTitle')} icon="missing">
      <p>{t('error.missingBody')}</p>
    </BoardError>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <LanguageProvider>
      <Page />
    </LanguageProvider>
  </StrictMode>,
);
