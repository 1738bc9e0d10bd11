// The team's links to a class (one per role, for the class page and every board of the class) and
// its cover sheets to print. The owner sees all three links; anyone else, the link in hand.
import { useEffect, useState } from 'react';
import type { Role } from '#shared/roles.js';
import { useT } from '../../i18n/index.js';
import { ApiError, downloadFile } from '../../sync/api.js';
import { CopyField } from '../../ui/CopyField.js';
import { type ClassTokens, classLink, coverSheetsPath, getClassTokens } from './classApi.js';

export function ClassLinks({ classId, token, role }: { classId: string; token: string; role: Role }) {
  const t = useT();
  const [tokens, setTokens] = useState<ClassTokens | null>(null);
  useEffect(() => {
    if (role !== 'owner') return;
    let current = true;
    getClassTokens(classId, token).then(
      (found) => current && setTokens(found),
      // A class made before links were kept sealed: only the owner's own link can be shown.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [classId, token, role]);

  return (
    <section className="panel class-section" aria-labelledby="links-title">
      <h2 id="links-title">{t('classes.linksTitle')}</h2>
      <p className="panel-text">{t('classes.linksIntro')}</p>
      {tokens ? (
        <>
          <CopyField
            label={t('link.edit')}
            hint={t('classes.editLinkHint')}
            value={classLink(classId, tokens.editor)}
            testId="class-edit-link"
          />
          <CopyField
            label={t('link.view')}
            hint={t('classes.viewLinkHint')}
            value={classLink(classId, tokens.viewer)}
            testId="class-view-link"
          />
          <CopyField
            label={t('classes.ownerLink')}
            hint={t('classes.ownerLinkHint')}
            value={classLink(classId, tokens.owner)}
            testId="class-owner-link"
          />
        </>
      ) : (
        <CopyField
          label={t('classes.yourLink')}
          hint={t(`classes.yourLinkHint.${role}`)}
          value={classLink(classId, token)}
          testId="class-your-link"
        />
      )}
    </section>
  );
}

export function CoverSheets({ classId, token, title, students }: { classId: string; token: string; title: string; students: number }) {
  const t = useT();
  const [busy, setBusy] = useState<'letter' | 'a4' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = async (paper: 'letter' | 'a4') => {
    setBusy(paper);
    setError(null);
    try {
      await downloadFile(coverSheetsPath(classId, paper), token, `${title} cover sheets.pdf`);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t('landing.failed'));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="panel class-section" aria-labelledby="covers-title">
      <h2 id="covers-title">{t('classes.coversTitle')}</h2>
      <p className="panel-text">{t('classes.coversIntro')}</p>
      <div className="button-row">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy !== null || students === 0}
          onClick={() => download('letter')}
        >
          {busy === 'letter' ? t('classes.preparing') : t('classes.coversLetter')}
        </button>
        <button type="button" className="button button-secondary" disabled={busy !== null || students === 0} onClick={() => download('a4')}>
          {busy === 'a4' ? t('classes.preparing') : t('classes.coversA4')}
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
