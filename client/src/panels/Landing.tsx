// The front page: what Worksort is for, a one-click demo board, and a form to start a real board.
import { type FormEvent, useState } from 'react';
import type { BoardTemplate } from '../../../shared/templates.js';
import { ApiError, boardLink, type CreatedBoard, createBoard, createDemoBoard } from '../api.js';
import { useLanguage } from '../i18n/index.js';
import { CopyField } from './CopyField.js';
import { TemplateChoice } from './TemplateChoice.js';
import { Logo } from './Toolbar.js';

function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : 'Something went wrong. Please try again.';
}

export function Landing() {
  const [title, setTitle] = useState('');
  const [task, setTask] = useState('');
  const [template, setTemplate] = useState<BoardTemplate>('strategy');
  const { language } = useLanguage();
  const [busy, setBusy] = useState<'create' | 'demo' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [demoError, setDemoError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedBoard | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim() || busy) return;
    setBusy('create');
    setError(null);
    try {
      // The template and its language ride along in the same request (POST /api/boards accepts them).
      const input = { title: title.trim(), task: task.trim(), template, language };
      setCreated(await createBoard(input));
    } catch (failure) {
      setError(messageOf(failure));
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
      setDemoError(messageOf(failure));
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
      </header>
      <main className="landing-main">
        <section className="hero">
          <h1>
            Sort student work by the <em>thinking</em> it shows.
          </h1>
          <p className="lede">
            A shared board for teachers, interventionists and coaches: spread out a class set of scanned work, group it by strategy together
            in real time, and plan what each group needs next.
          </p>
          <div className="hero-actions">
            <button type="button" className="button button-primary button-large" onClick={openDemo} disabled={busy !== null}>
              {busy === 'demo' ? 'Preparing the demo board…' : 'Try the demo board'}
            </button>
            <span className="hero-note">A class set of generated student work, ready to sort. No sign-up.</span>
          </div>
          {demoError && (
            <p className="form-error" role="alert">
              {demoError}
            </p>
          )}
          <ul className="steps" aria-label="How a work sort goes">
            <li>
              <strong>Spread out</strong> the class set as cards.
            </li>
            <li>
              <strong>Sort together</strong> into piles by strategy — everyone sees every move live.
            </li>
            <li>
              <strong>Name each pile</strong> and plan the next step for those students.
            </li>
          </ul>
        </section>

        <section className="panel create-panel" aria-labelledby="create-title">
          {created ? (
            <div className="created" data-testid="created-board">
              <h2 id="create-title">“{created.title}” is ready</h2>
              <p className="panel-text">
                Worksort has no accounts: these links are the way in. Keep them somewhere safe and share them only with your team.
              </p>
              <CopyField
                label="Edit link"
                hint="For your team: they can sort cards and name piles."
                value={boardLink(created.id, created.tokens.editor)}
                testId="edit-link"
              />
              <CopyField
                label="View-only link"
                hint="For the projector or visitors: they see everything live but cannot change it."
                value={boardLink(created.id, created.tokens.viewer)}
                testId="view-link"
              />
              <div className="created-actions">
                <a className="button button-primary button-large" href={boardLink(created.id, created.tokens.owner)}>
                  Open board
                </a>
                <button type="button" className="link-button" onClick={() => setCreated(null)}>
                  Start another board
                </button>
              </div>
              <p className="field-hint">
                “Open board” uses your owner link, which can also show these links again from the board’s Share button.
              </p>
            </div>
          ) : (
            <form onSubmit={submit} noValidate>
              <h2 id="create-title">Start a board for your team</h2>
              <label className="field">
                <span className="field-label">Board title</span>
                <input
                  className="input"
                  name="title"
                  required
                  maxLength={200}
                  placeholder="Grade 2 · Two ways to add · March"
                  value={title}
                  onChange={(event) => setTitle(event.target.value)}
                />
              </label>
              <label className="field">
                <span className="field-label">
                  Task the students were given <span className="optional">(optional)</span>
                </span>
                <textarea
                  className="input textarea"
                  name="task"
                  rows={3}
                  maxLength={5000}
                  placeholder="Solve 48 + 27 in two different ways. Show your thinking."
                  value={task}
                  onChange={(event) => setTask(event.target.value)}
                />
              </label>
              <TemplateChoice value={template} onChange={setTemplate} />
              {error && (
                <p className="form-error" role="alert">
                  {error}
                </p>
              )}
              <button type="submit" className="button button-primary button-large button-block" disabled={!title.trim() || busy !== null}>
                {busy === 'create' ? 'Creating…' : 'Create board'}
              </button>
            </form>
          )}
        </section>
      </main>
      <footer className="landing-footer">Nothing of a child is visible to anyone without the board’s link.</footer>
    </div>
  );
}
