// Bringing a roster in: a list pasted from anywhere, or a CSV exported from a gradebook or a
// student information system (columns recognised by shared/roster.ts), previewed before use.
import { type ChangeEvent, useId, useMemo, useState } from 'react';
import type { RosterEntry } from '#shared/classes.js';
import { parseRoster } from '#shared/roster.js';
import { useT } from '../../i18n/index.js';

/** Bigger than any class list: a file this large is not a roster. */
const MAX_ROSTER_FILE_BYTES = 2 * 1024 * 1024;

export function RosterImport({ text, onText }: { text: string; onText(text: string): void }) {
  const t = useT();
  const id = useId();
  const [fileError, setFileError] = useState<string | null>(null);
  const parsed = useMemo(() => parseRoster(text), [text]);

  const readFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_ROSTER_FILE_BYTES) {
      setFileError(t('classes.fileTooLarge', { name: file.name }));
      return;
    }
    setFileError(null);
    onText(await file.text());
  };

  return (
    <div className="roster-import">
      <label className="field">
        <span className="field-label">{t('classes.rosterLabel')}</span>
        <span className="field-hint">{t('classes.rosterHint')}</span>
        <textarea
          className="input textarea roster-text"
          name="roster"
          rows={6}
          placeholder={t('classes.rosterPlaceholder')}
          value={text}
          onChange={(event) => onText(event.target.value)}
        />
      </label>
      <div className="roster-import-row">
        <label className="button button-secondary file-button" htmlFor={id}>
          {t('classes.importCsv')}
        </label>
        <input
          id={id}
          type="file"
          accept=".csv,.txt,.tsv,text/csv,text/plain"
          className="visually-hidden"
          data-testid="roster-file"
          onChange={readFile}
        />
        <output className="roster-preview" data-testid="roster-preview" aria-live="polite">
          {text.trim() ? t('classes.found', { count: parsed.students.length }) : ''}
          {parsed.skipped.length > 0 && (
            <span className="roster-skipped"> {t('classes.skipped', { rows: parsed.skipped.map((skip) => skip.row).join(', ') })}</span>
          )}
        </output>
      </div>
      {fileError && (
        <p className="form-error" role="alert">
          {fileError}
        </p>
      )}
    </div>
  );
}

/** The students of what was pasted or imported. */
export function rosterOf(text: string): RosterEntry[] {
  return parseRoster(text).students;
}
