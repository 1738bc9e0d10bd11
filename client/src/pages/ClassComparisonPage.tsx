// The same task across classrooms (`/classes/compare`): a coach or a grade-level team pastes a
// link of each class, and sees each class's board of a shared task as its distribution of
// strategies, side by side. Names stay hidden unless asked for. The links stay in this page's
// memory and fragment; the server receives them in a request's body, never in an address.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import type { ClassComparison } from '#shared/classComparison.js';
import { TaskComparison } from '../features/history/TaskComparison.js';
import { useT } from '../i18n/index.js';
import { ApiError } from '../sync/api.js';
import { classPlaceFromPath, compareClasses } from '../sync/classHistoryApi.js';
import { tokenFromHash } from '../sync/token.js';
import { LanguageSwitch } from '../ui/LanguageSwitch.js';
import '../features/history/history.css';

interface ClassLink {
  classId: string;
  token: string;
}

/** A pasted class link (the class page, a student's page, the movement page): its class and token. */
function parseClassLink(text: string): ClassLink | null {
  let url: URL;
  try {
    url = new URL(text.trim(), window.location.origin);
  } catch {
    return null;
  }
  const place = classPlaceFromPath(url.pathname);
  const token = tokenFromHash(url.hash);
  return place && token ? { classId: place.classId, token } : null;
}

/** The links this page was opened with: `#classes=<id>.<token>,…`, so a reload keeps the comparison. */
function linksFromHash(hash: string): ClassLink[] {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('classes') ?? '';
  return value
    .split(',')
    .map((pair) => {
      const [classId, token] = pair.split('.');
      return classId && token ? { classId, token } : null;
    })
    .filter((link): link is ClassLink => link !== null);
}

function hashOf(links: ClassLink[], namesShown: boolean): string {
  const params = new URLSearchParams({ classes: links.map((link) => `${link.classId}.${link.token}`).join(',') });
  if (namesShown) params.set('names', 'shown');
  return `#${params}`;
}

export function ClassComparisonPage() {
  const t = useT();
  const textId = useId();
  const [links, setLinks] = useState<ClassLink[]>(() => linksFromHash(window.location.hash));
  const [text, setText] = useState('');
  const [namesShown, setNamesShown] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('names') === 'shown');
  const [error, setError] = useState<string | null>(null);
  const [comparison, setComparison] = useState<ClassComparison | null>(null);
  const [busy, setBusy] = useState(false);

  const run = useCallback(async () => {
    if (links.length === 0) return;
    setBusy(true);
    try {
      setComparison(await compareClasses(links, namesShown));
      setError(null);
    } catch (caught) {
      setComparison(null);
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }, [links, namesShown]);

  useEffect(() => {
    void run();
    if (links.length > 0) window.history.replaceState(null, '', `/classes/compare${hashOf(links, namesShown)}`);
  }, [run, links, namesShown]);

  useEffect(() => {
    document.title = `${t('history.compareTitle')} · Worksort`;
  }, [t]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const lines = text.split(/\s+/).filter(Boolean);
    const parsed: ClassLink[] = [];
    for (const [index, line] of lines.entries()) {
      const link = parseClassLink(line);
      if (!link) {
        setError(t('history.compareBadLink', { n: index + 1 }));
        return;
      }
      if (!parsed.some((one) => one.classId === link.classId)) parsed.push(link);
    }
    setLinks(parsed);
  };

  return (
    <div className="history-page">
      <header className="history-top">
        <span className="history-crumbs">Worksort</span>
        <div className="history-top-actions">
          <button type="button" className="button button-secondary" aria-pressed={namesShown} onClick={() => setNamesShown(!namesShown)}>
            {namesShown ? t('history.hideNames') : t('history.showNames')}
          </button>
          <LanguageSwitch />
        </div>
      </header>
      <main className="history-main">
        <h1>{t('history.compareTitle')}</h1>
        <form className="compare-form" onSubmit={submit}>
          <p className="field-hint">{t('history.compareIntro')}</p>
          <label className="field-label" htmlFor={textId}>
            {t('history.compareLinks')}
          </label>
          <textarea
            id={textId}
            className="input compare-links"
            rows={4}
            value={text}
            onChange={(event) => setText(event.target.value)}
            spellCheck={false}
          />
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('history.compareRun')}
          </button>
        </form>
        {error && (
          <p className="compare-error" role="alert">
            {error}
          </p>
        )}
        {comparison && comparison.tasks.filter((group) => group.boards.length > 1).length === 0 && (
          <p className="history-empty">{t('history.compareNone')}</p>
        )}
        {comparison?.tasks
          .filter((group) => group.boards.length > 1)
          .map((group) => (
            <TaskComparison key={group.task} group={group} namesShown={namesShown && !comparison.namesHidden} />
          ))}
      </main>
    </div>
  );
}
