// The owner's links to hand out: edit for the team, view-only for the projector.
import { useEffect, useRef, useState } from 'react';
import { useBoard } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { ApiError, archivePath, boardLink, deleteBoard, downloadFile, getBoardTokens, rotateBoardToken } from '../../sync/api.js';
import { CopyField } from '../../ui/CopyField.js';
import { Dialog } from '../../ui/Dialog.js';

export function ShareDialog({
  title,
  onClose,
  onDeleted,
}: {
  title: string;
  onClose(): void;
  /** The board is gone: the page leaves it. */
  onDeleted(): void;
}) {
  const { boardId, token } = useBoard();
  const t = useT();
  const done = useRef<HTMLButtonElement>(null);
  // A dialog moves focus into itself.
  useEffect(() => done.current?.focus(), []);
  const [links, setLinks] = useState<{ editor: string; viewer: string } | { error: string } | null>(null);
  useEffect(() => {
    let live = true;
    getBoardTokens(boardId, token).then(
      (tokens) => live && setLinks({ editor: boardLink(boardId, tokens.editor), viewer: boardLink(boardId, tokens.viewer) }),
      (error: unknown) => live && setLinks({ error: error instanceof ApiError ? error.message : t('share.loadFailed') }),
    );
    return () => {
      live = false;
    };
  }, [boardId, token, t]);

  return (
    <Dialog labelledBy="share-title" className="modal-wide" onClose={onClose}>
      <h2 id="share-title">{t('share.title')}</h2>
      {links === null && <p className="modal-text">{t('share.loading')}</p>}
      {links && 'error' in links && <p className="form-error">{links.error}</p>}
      {links && 'editor' in links && (
        <>
          <CopyField label={t('link.edit')} hint={t('link.editHint')} value={links.editor} testId="share-editor" />
          <RotateLink boardId={boardId} token={token} linkRole="editor" onRotated={(link) => setLinks({ ...links, editor: link })} />
          <CopyField label={t('link.view')} hint={t('link.viewHint')} value={links.viewer} testId="share-viewer" />
          <RotateLink boardId={boardId} token={token} linkRole="viewer" onRotated={(link) => setLinks({ ...links, viewer: link })} />
        </>
      )}
      <KeepOrDelete boardId={boardId} token={token} title={title} onDeleted={onDeleted} />
      <div className="modal-actions">
        <button type="button" className="button button-primary" onClick={onClose} ref={done}>
          {t('share.done')}
        </button>
      </div>
    </Dialog>
  );
}

/**
 * "Revoke and make a new link" for one role (issue 7): after a confirmation, because everyone
 * using the old link loses the board at once.
 */
function RotateLink({
  boardId,
  token,
  linkRole,
  onRotated,
}: {
  boardId: string;
  token: string;
  linkRole: 'editor' | 'viewer';
  onRotated(link: string): void;
}) {
  const t = useT();
  const [step, setStep] = useState<'idle' | 'confirm' | 'working' | 'done'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const rotate = async () => {
    setStep('working');
    setProblem(null);
    try {
      onRotated(boardLink(boardId, await rotateBoardToken(boardId, token, linkRole)));
      setStep('done');
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      setStep('idle');
    }
  };
  const which = linkRole === 'editor' ? t('share.editLink') : t('share.viewLink');
  return (
    <div className="rotate-link" data-link={linkRole}>
      {step === 'confirm' || step === 'working' ? (
        <div className="confirm-box" role="alertdialog" aria-label={t('share.rotate')}>
          <p className="panel-confirm-text">{t('share.rotateConfirm', { which })}</p>
          <div className="button-row">
            <button type="button" className="button button-secondary button-small" onClick={() => setStep('idle')}>
              {t('share.rotateNo')}
            </button>
            <button type="button" className="button button-danger button-small" disabled={step === 'working'} onClick={() => void rotate()}>
              {t('share.rotateYes')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button button-danger-quiet button-small" onClick={() => setStep('confirm')}>
          {t('share.rotate')}
        </button>
      )}
      {step === 'done' && (
        <p className="panel-notice" role="status">
          {t('share.rotated')}
        </p>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/**
 * The owner's end of a board's life (issue 7): download everything the school must keep, then
 * delete the board with its snapshots and files, after a confirmation that says what goes.
 */
function KeepOrDelete({ boardId, token, title, onDeleted }: { boardId: string; token: string; title: string; onDeleted(): void }) {
  const t = useT();
  const [step, setStep] = useState<'idle' | 'downloading' | 'confirm' | 'deleting'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const attempt = async (working: 'downloading' | 'deleting', action: () => Promise<void>, next: 'idle' | null) => {
    setStep(working);
    setProblem(null);
    try {
      await action();
      if (next) setStep(next);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      setStep('idle');
    }
  };
  const download = () => attempt('downloading', () => downloadFile(archivePath(boardId), token, 'worksort-board.zip'), 'idle');
  const remove = () =>
    attempt(
      'deleting',
      async () => {
        await deleteBoard(boardId, token);
        onDeleted();
      },
      null,
    );
  return (
    <section className="keep-or-delete" aria-labelledby="keep-title">
      <h3 id="keep-title">{t('keep.title')}</h3>
      <p className="modal-text">{t('keep.hint')}</p>
      {step === 'confirm' || step === 'deleting' ? (
        <div className="confirm-box" role="alertdialog" aria-labelledby="keep-confirm">
          <p className="panel-confirm-text" id="keep-confirm">
            {t('keep.deleteConfirm', { title: title || t('board.untitled') })}
          </p>
          <div className="button-row">
            <button type="button" className="button button-secondary button-small" onClick={() => setStep('idle')}>
              {t('keep.deleteNo')}
            </button>
            <button
              type="button"
              className="button button-danger button-small"
              disabled={step === 'deleting'}
              onClick={() => void remove()}
            >
              {step === 'deleting' ? t('keep.deleting') : t('keep.deleteYes')}
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={step === 'downloading'}
            onClick={() => void download()}
          >
            {step === 'downloading' ? t('keep.downloading') : t('keep.download')}
          </button>
          <button type="button" className="button button-danger-quiet button-small" onClick={() => setStep('confirm')}>
            {t('keep.delete')}
          </button>
        </div>
      )}
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
