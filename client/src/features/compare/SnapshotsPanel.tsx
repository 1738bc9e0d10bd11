// Saved sorts of the board (issue 6): save the sort as it is now under a name, export any saved
// one, bring one back for everyone (owner, after confirming), and compare two of them.
import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import type { Role } from '#shared/roles.js';
import { useBoard } from '../../board/session.js';
import { useLanguage, useT } from '../../i18n/index.js';
import { ApiError, listSnapshots, restoreSnapshot, type Snapshot, saveSnapshot } from '../../sync/api.js';
import { Dialog } from '../../ui/Dialog.js';
import { ExportChoices } from '../export/ExportMenu.js';
import { CompareView } from './CompareView.js';

export function SnapshotsPanel({
  role,
  title,
  namesHidden,
  onClose,
}: {
  role: Role;
  title: string;
  namesHidden: boolean;
  onClose(): void;
}) {
  const { boardId, token } = useBoard();
  const t = useT();
  const { language } = useLanguage();
  const titleId = useId();
  const nameId = useId();
  const canSave = role !== 'viewer';
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [exporting, setExporting] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [comparing, setComparing] = useState(false);

  const reload = useCallback(async () => {
    try {
      setSnapshots(await listSnapshots(boardId, token));
    } catch (error) {
      setProblem(messageOf(error));
    }
  }, [boardId, token]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || saving) return;
    setSaving(true);
    setProblem(null);
    try {
      const saved = await saveSnapshot(boardId, token, trimmed);
      setName('');
      await reload();
      setNotice(t('snapshots.saved', { name: saved.name }));
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setSaving(false);
    }
  };

  const restore = async (snapshot: Snapshot) => {
    setRestoring(true);
    setProblem(null);
    try {
      await restoreSnapshot(boardId, token, snapshot.id);
      setConfirming(null);
      await reload();
      setNotice(t('snapshots.restored', { name: snapshot.name }));
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setRestoring(false);
    }
  };

  const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <Dialog labelledBy={titleId} className={comparing ? 'panel-dialog modal-compare' : 'modal-wide panel-dialog'} onClose={onClose}>
      {comparing && snapshots ? (
        <CompareView
          boardId={boardId}
          token={token}
          snapshots={snapshots}
          titleId={titleId}
          defaultHideNames={namesHidden}
          onBack={() => setComparing(false)}
          onClose={onClose}
        />
      ) : (
        <>
          <div className="panel-head">
            <h2 id={titleId}>{t('snapshots.title')}</h2>
            <button type="button" className="icon-button panel-close" onClick={onClose} aria-label={t('snapshots.close')}>
              ×
            </button>
          </div>
          <p className="modal-text">{t('snapshots.intro')}</p>
          {canSave && (
            <form className="snapshot-form" onSubmit={save}>
              <label className="field-label" htmlFor={nameId}>
                {t('snapshots.name')}
              </label>
              <div className="copy-row">
                <input
                  id={nameId}
                  className="input"
                  value={name}
                  maxLength={120}
                  placeholder={t('snapshots.namePlaceholder')}
                  onChange={(event) => setName(event.target.value)}
                />
                <button type="submit" className="button button-primary snapshot-save" disabled={saving || name.trim() === ''}>
                  {saving ? t('snapshots.saving') : t('snapshots.save')}
                </button>
              </div>
            </form>
          )}
          {notice && (
            <p className="panel-notice" role="status">
              {notice}
            </p>
          )}
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          {snapshots === null && !problem && <p className="modal-text">{t('snapshots.loading')}</p>}
          {snapshots?.length === 0 && <p className="upload-empty">{t('snapshots.empty')}</p>}
          {snapshots && snapshots.length > 0 && (
            <ul className="snapshot-list">
              {snapshots.map((snapshot) => (
                <li key={snapshot.id} className="snapshot-item" data-snapshot={snapshot.name}>
                  <div className="snapshot-row">
                    <div className="snapshot-meta">
                      <strong className="snapshot-name">{snapshot.name}</strong>
                      <time className="snapshot-date" dateTime={snapshot.createdAt}>
                        {dateFormat.format(new Date(snapshot.createdAt))}
                      </time>
                    </div>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      aria-expanded={exporting === snapshot.id}
                      aria-label={t('snapshots.exportOf', { name: snapshot.name })}
                      onClick={() => setExporting(exporting === snapshot.id ? null : snapshot.id)}
                    >
                      {t('snapshots.export')}
                    </button>
                    {role === 'owner' && (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => setConfirming(snapshot.id)}
                        disabled={restoring}
                      >
                        {t('snapshots.restore')}
                      </button>
                    )}
                  </div>
                  {confirming === snapshot.id && (
                    <div className="confirm-box" role="alertdialog" aria-label={t('snapshots.restore')}>
                      <p className="panel-confirm-text">{t('snapshots.restoreConfirm', { name: snapshot.name })}</p>
                      <div className="button-row">
                        <button type="button" className="button button-secondary button-small" onClick={() => setConfirming(null)}>
                          {t('snapshots.restoreNo')}
                        </button>
                        <button
                          type="button"
                          className="button button-danger button-small"
                          disabled={restoring}
                          onClick={() => void restore(snapshot)}
                        >
                          {t('snapshots.restoreYes')}
                        </button>
                      </div>
                    </div>
                  )}
                  {exporting === snapshot.id && (
                    <div className="snapshot-export">
                      <ExportChoices
                        boardId={boardId}
                        token={token}
                        snapshotId={snapshot.id}
                        fileTitle={`${title || 'Worksort board'} - ${snapshot.name}`}
                        defaultHideNames={namesHidden}
                      />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
          <div className="modal-actions">
            <button type="button" className="button button-secondary" disabled={!snapshots} onClick={() => setComparing(true)}>
              {t('snapshots.compare')}
            </button>
            <button type="button" className="button button-primary" onClick={onClose}>
              {t('snapshots.close')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

function messageOf(error: unknown): string {
  return error instanceof ApiError || error instanceof Error ? error.message : String(error);
}
