// Starting a class from the landing page: its name and roster (pasted or from a CSV), then the
// class's page, opened with the owner link.
import { type FormEvent, useState } from 'react';
import { useT } from '../../i18n/index.js';
import { ApiError } from '../../sync/api.js';
import { classLink, createClass } from './classApi.js';
import { RosterImport, rosterOf } from './RosterImport.js';
import './classes.css';

export function StartClass() {
  const t = useT();
  const [title, setTitle] = useState('');
  const [roster, setRoster] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const created = await createClass(title.trim(), rosterOf(roster));
      window.location.assign(classLink(created.id, created.tokens.owner));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t('landing.failed'));
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="start-class-title">
      <form onSubmit={submit} noValidate>
        <h2 id="start-class-title">{t('classes.startTitle')}</h2>
        <p className="panel-text">{t('classes.startIntro')}</p>
        <label className="field">
          <span className="field-label">{t('classes.classTitle')}</span>
          <input
            className="input"
            name="class-title"
            maxLength={200}
            placeholder={t('classes.classTitlePlaceholder')}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
        </label>
        <RosterImport text={roster} onText={setRoster} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary button-large button-block" disabled={!title.trim() || busy}>
          {busy ? t('classes.creating') : t('classes.create')}
        </button>
      </form>
    </section>
  );
}
