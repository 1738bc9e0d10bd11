// The front page: what Worksort is for, a one-click demo board, a form to start a real board (on
// its own or in a class), and one to start a class.
import { type FormEvent, useState } from 'react';
import type { BoardTemplate } from '#shared/templates.js';
import { createClassBoard, parseLink } from '../features/classes/classApi.js';
import { StartClass } from '../features/classes/StartClass.js';
import { type Translate, useLanguage, useT } from '../i18n/index.js';
import { ApiError, boardLink, type CreatedBoard, createBoard, createDemoBoard } from '../sync/api.js';
import { CopyField } from '../ui/CopyField.js';
import { LanguageSwitch } from '../ui/LanguageSwitch.js';
import { TemplateChoice } from './TemplateChoice.js';
import { Logo } from './Toolbar.js';

function messageOf(error: unknown, t: Translate): string {
  return error instanceof ApiError ? error.message : t('landing.failed');
}

export function Landing() {
  const [title, setTitle] = useState('');
  const [task, setTask] = useState('');
  // A class's link pasted here makes the board in that class (README, "Classes").
  const [classLinkText, setClassLinkText] = useState('');
  const [template, setTemplate] = useState<BoardTemplate>('strategy');
  const { language } = useLanguage();
  const t = useT();
  const [busy, setBusy] = useState<'create' | 'demo' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [demoError, setDemoError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedBoard | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim() || busy) return;
    const inClass = classLinkText.trim() ? parseLink(classLinkText, 'class') : null;
    if (classLinkText.trim() && !inClass) {
      setError(t('classes.notAClassLink'));
      return;
    }
    setBusy('create');
    setError(null);
    try {
      // The template and its language ride along in the same request (POST /api/boards accepts them).
      const input = { title: title.trim(), task: task.trim(), template, language };
      setCreated(inClass ? await createClassBoard(inClass.id, inClass.token, input) : await createBoard(input));
    } catch (failure) {
      setError(messageOf(failure, t));
    } finally {
      setBusy(null);
    }
  };

  const openDemo = async () => {
    if (busy) return;
    setBusy('demo');
    setDemoError(null);
    try {
      const board = await createDemoBoard();
      window.location.assign(boardLink(board.id, board.tokens.owner));
    } catch (failure) {
      setDemoError(messageOf(failure, t));
      setBusy(null);
    }
  };

  return (
    <div className="landing">
      <header className="landing-header">
        <span className="brand">
          <Logo size={36} />
          <span className="brand-name">Worksort</span>
        </span>
        <LanguageSwitch />
      </header>
      <main className="landing-main">
        <section className="hero">
          <h1>
            {t('landing.headlineBefore')}
            <em>{t('landing.headlineEm')}</em>
            {t('landing.headlineAfter')}
          </h1>
          <p className="lede">{t('landing.lede')}</p>
          <div className="hero-actions">
            <button type="button" className="button button-primary button-large" onClick={openDemo} disabled={busy !== null}>
              {busy === 'demo' ? t('landing.demoBusy') : t('landing.demo')}
            </button>
            <span className="hero-note">{t('landing.demoNote')}</span>
          </div>
          <p className="hero-note hero-class-note">
            {t('classes.startNote')} <a href="#start-class-title">{t('classes.startLink')}</a>
          </p>
          {demoError && (
            <p className="form-error" role="alert">
              {demoError}
            </p>
          )}
          <ul className="steps" aria-label={t('landing.steps')}>
            <li>
              <strong>{t('landing.step1Strong')}</strong>
              {t('landing.step1Rest')}
            </li>
            <li>
              <strong>{t('landing.step2Strong')}</strong>
              {t('landing.step2Rest')}
            </li>
            <li>
              <strong>{t('landing.step3Strong')}</strong>
              {t('landing.step3Rest')}
            </li>
          </ul>
        </section>

        <div className="landing-panels">
          <section className="panel create-panel" aria-labelledby="create-title">
            {created ? (
              <div className="created" data-testid="created-board">
                <h2 id="create-title">{t('landing.ready', { title: created.title })}</h2>
                <p className="panel-text">{t('landing.linksIntro')}</p>
                <CopyField
                  label={t('link.edit')}
                  hint={t('link.editHint')}
                  value={boardLink(created.id, created.tokens.editor)}
                  testId="edit-link"
                />
                <CopyField
                  label={t('link.view')}
                  hint={t('link.viewHint')}
                  value={boardLink(created.id, created.tokens.viewer)}
                  testId="view-link"
                />
                <div className="created-actions">
                  <a className="button button-primary button-large" href={boardLink(created.id, created.tokens.owner)}>
                    {t('landing.open')}
                  </a>
                  <button type="button" className="link-button" onClick={() => setCreated(null)}>
                    {t('landing.another')}
                  </button>
                </div>
                <p className="field-hint">{t('landing.openHint')}</p>
              </div>
            ) : (
              <form onSubmit={submit} noValidate>
                <h2 id="create-title">{t('landing.createTitle')}</h2>
                <label className="field">
                  <span className="field-label">{t('landing.boardTitle')}</span>
                  <input
                    className="input"
                    name="title"
                    required
                    maxLength={200}
                    placeholder={t('landing.boardTitlePlaceholder')}
                    value={title}
                    onChange={(event) => setTitle(event.target.value)}
                  />
                </label>
                <label className="field">
                  <span className="field-label">
                    {t('landing.task')} <span className="optional">{t('landing.optional')}</span>
                  </span>
                  <textarea
                    className="input textarea"
                    name="task"
                    rows={3}
                    maxLength={5000}
                    placeholder={t('landing.taskPlaceholder')}
                    value={task}
                    onChange={(event) => setTask(event.target.value)}
                  />
                </label>
                <TemplateChoice value={template} onChange={setTemplate} />
                <label className="field">
                  <span className="field-label">
                    {t('classes.boardInClass')} <span className="optional">{t('landing.optional')}</span>
                  </span>
                  <span className="field-hint">{t('classes.boardInClassHint')}</span>
                  <input
                    className="input input-mono"
                    name="class-link"
                    value={classLinkText}
                    onChange={(event) => setClassLinkText(event.target.value)}
                  />
                </label>
                {error && (
                  <p className="form-error" role="alert">
                    {error}
                  </p>
                )}
                <button type="submit" className="button button-primary button-large button-block" disabled={!title.trim() || busy !== null}>
                  {busy === 'create' ? t('landing.creating') : t('landing.create')}
                </button>
              </form>
            )}
          </section>
          <StartClass />
        </div>
      </main>
      <footer className="landing-footer">{t('landing.footer')}</footer>
    </div>
  );
}
