// A class's boards on its page, oldest first (the year's sorts in order), each opened with the
// class link in hand; editors start a new board in the class or bring in one they already have.
import { type FormEvent, useState } from 'react';
import type { ClassView } from '#shared/classes.js';
import { useLanguage, useT } from '../../i18n/index.js';
import { ApiError, boardLink } from '../../sync/api.js';
import { movementPagePath } from '../../sync/classHistoryApi.js';
import { createClassBoard, moveBoardIntoClass, parseLink } from './classApi.js';

export function ClassBoards(props: { classId: string; token: string; canEdit: boolean; boards: ClassView['boards']; onChanged(): void }) {
  const { classId, token, canEdit, boards } = props;
  const t = useT();
  const { language } = useLanguage();
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
  return (
    <section className="panel class-section" aria-labelledby="boards-title">
      <h2 id="boards-title">{t('classes.boardsTitle')}</h2>
      {boards.length === 0 ? (
        <p className="panel-text">{t('classes.noBoards')}</p>
      ) : (
        <ol className="class-boards" data-testid="class-boards">
          {boards.map((board) => (
            <li key={board.id} className="class-board" data-board-id={board.id}>
              <a className="class-board-title" href={boardLink(board.id, token)}>
                {board.title || t('board.untitled')}
              </a>
              <span className="class-board-date">{date.format(new Date(board.createdAt))}</span>
              {board.task && <p className="class-board-task">{board.task}</p>}
            </li>
          ))}
        </ol>
      )}
      <p className="class-board-links">
        {boards.length >= 2 && (
          <a href={movementPagePath(classId, token)} data-testid="class-movement-link">
            {t('classes.movementLink')}
          </a>
        )}
        <a href="/classes/compare">{t('classes.compareLink')}</a>
      </p>
      {canEdit && (
        <div className="class-board-forms">
          <NewBoardForm classId={classId} token={token} />
          <MoveBoardForm classId={classId} token={token} onMoved={props.onChanged} />
        </div>
      )}
    </section>
  );
}

function NewBoardForm({ classId, token }: { classId: string; token: string }) {
  const t = useT();
  const [title, setTitle] = useState('');
  const [task, setTask] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const board = await createClassBoard(classId, token, { title: title.trim(), task: task.trim() });
      // The board opens with the class link: the team's one link works on it already.
      window.location.assign(boardLink(board.id, token));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t('landing.failed'));
      setBusy(false);
    }
  };
  return (
    <form className="class-subform" onSubmit={submit} noValidate aria-labelledby="new-board-title">
      <h3 id="new-board-title">{t('classes.newBoard')}</h3>
      <label className="field">
        <span className="field-label">{t('landing.boardTitle')}</span>
        <input
          className="input"
          name="board-title"
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
        <input className="input" name="board-task" maxLength={5000} value={task} onChange={(event) => setTask(event.target.value)} />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={!title.trim() || busy}>
        {busy ? t('landing.creating') : t('classes.createBoard')}
      </button>
    </form>
  );
}

function MoveBoardForm({ classId, token, onMoved }: { classId: string; token: string; onMoved(): void }) {
  const t = useT();
  const [link, setLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const board = parseLink(link, 'b');
    if (!board) {
      setError(t('classes.notABoardLink'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await moveBoardIntoClass(classId, token, board.id, board.token);
      setLink('');
      onMoved();
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t('landing.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="class-subform" onSubmit={submit} noValidate aria-labelledby="move-board-title">
      <h3 id="move-board-title">{t('classes.moveBoard')}</h3>
      <label className="field">
        <span className="field-label">{t('classes.boardOwnerLink')}</span>
        <span className="field-hint">{t('classes.boardOwnerLinkHint')}</span>
        <input className="input input-mono" name="board-link" value={link} onChange={(event) => setLink(event.target.value)} />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-secondary" disabled={!link.trim() || busy}>
        {t('classes.moveBoardButton')}
      </button>
    </form>
  );
}
