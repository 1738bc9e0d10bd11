// A class's roster on its page: the students, each name leading to that student's page (their
// work over the year), and for editors the roster edited row by row or added to from a list or a
// CSV. An edited row keeps its student (the server is sent the row's `studentId`), so a corrected
// spelling never costs a child their history.
import { type FormEvent, useState } from 'react';
import { MAX_SCHOOL_ID, MAX_STUDENT_NAME, nameKey, type Student } from '#shared/classes.js';
import { useT } from '../../i18n/index.js';
import { ApiError } from '../../sync/api.js';
import { replaceRoster, studentLink } from './classApi.js';
import { RosterImport, rosterOf } from './RosterImport.js';

interface Row {
  /** A key for React; for rows already on the roster, the student's id. */
  key: string;
  studentId?: string;
  name: string;
  id: string;
}

let nextRow = 0;
const newRowKey = () => `new-${++nextRow}`;

function rowsOf(students: readonly Student[]): Row[] {
  return students.map((student) => ({ key: student.studentId, studentId: student.studentId, name: student.name, id: student.id ?? '' }));
}

/** Adds imported students: one already on the roster (same school id, else same name) is updated in place. */
function mergeRows(rows: Row[], text: string): Row[] {
  const merged = [...rows];
  for (const entry of rosterOf(text)) {
    const at = merged.findIndex((row) => (entry.id && row.id === entry.id) || nameKey(row.name) === nameKey(entry.name));
    if (at >= 0) {
      const row = merged[at] as Row;
      merged[at] = { ...row, name: entry.name, id: entry.id ?? row.id };
    } else merged.push({ key: newRowKey(), name: entry.name, id: entry.id ?? '' });
  }
  return merged;
}

export function RosterPanel(props: {
  classId: string;
  token: string;
  canEdit: boolean;
  students: Student[];
  onSaved(students: Student[]): void;
}) {
  const { classId, token, canEdit, students } = props;
  const t = useT();
  const [rows, setRows] = useState<Row[] | null>(null);
  const [importText, setImportText] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const startEditing = () => {
    setRows(rowsOf(students));
    setImportText('');
    setError(null);
  };
  const update = (key: string, patch: Partial<Row>) =>
    setRows((current) => current?.map((row) => (row.key === key ? { ...row, ...patch } : row)) ?? null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!rows || saving) return;
    const kept = rows.filter((row) => row.name.trim());
    setSaving(true);
    setError(null);
    try {
      const saved = await replaceRoster(
        classId,
        token,
        kept.map((row) => ({
          name: row.name.trim(),
          ...(row.id.trim() ? { id: row.id.trim() } : {}),
          ...(row.studentId ? { studentId: row.studentId } : {}),
        })),
      );
      props.onSaved(saved);
      setRows(null);
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : t('classes.saveFailed'));
    } finally {
      setSaving(false);
    }
  };

  if (!rows) {
    return (
      <section className="panel class-section" aria-labelledby="roster-title">
        <div className="class-section-head">
          <h2 id="roster-title">{t('classes.rosterTitle', { count: students.length })}</h2>
          {canEdit && (
            <button type="button" className="button button-secondary" onClick={startEditing}>
              {t('classes.editRoster')}
            </button>
          )}
        </div>
        {students.length === 0 ? (
          <p className="panel-text">{canEdit ? t('classes.noStudentsEditor') : t('classes.noStudents')}</p>
        ) : (
          <ol className="roster-list" data-testid="roster">
            {students.map((student) => (
              <li key={student.studentId} className="roster-row" data-student-id={student.studentId}>
                {/* The student's own page (their work across the class's boards). */}
                <a className="roster-name" href={studentLink(classId, student.studentId, token)}>
                  {student.name}
                </a>
                {student.id && <span className="roster-school-id">{student.id}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
    );
  }

  return (
    <section className="panel class-section" aria-labelledby="roster-title">
      <form onSubmit={save} noValidate>
        <h2 id="roster-title">{t('classes.editingRoster')}</h2>
        <p className="panel-text">{t('classes.editingHint')}</p>
        <table className="roster-table">
          <thead>
            <tr>
              <th scope="col">{t('classes.name')}</th>
              <th scope="col">{t('classes.schoolId')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('classes.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.key}>
                <td>
                  <input
                    className="input"
                    aria-label={t('classes.nameOf', { n: index + 1 })}
                    maxLength={MAX_STUDENT_NAME}
                    value={row.name}
                    onChange={(event) => update(row.key, { name: event.target.value })}
                  />
                </td>
                <td>
                  <input
                    className="input roster-id-input"
                    aria-label={t('classes.schoolIdOf', { n: index + 1 })}
                    maxLength={MAX_SCHOOL_ID}
                    value={row.id}
                    onChange={(event) => update(row.key, { id: event.target.value })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="link-button"
                    aria-label={t('classes.removeOf', { name: row.name || String(index + 1) })}
                    onClick={() => setRows((current) => current?.filter((one) => one.key !== row.key) ?? null)}
                  >
                    {t('classes.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          className="link-button roster-add"
          onClick={() => setRows((current) => [...(current ?? []), { key: newRowKey(), name: '', id: '' }])}
        >
          {t('classes.addStudent')}
        </button>
        <details className="roster-more">
          <summary>{t('classes.addMany')}</summary>
          <RosterImport text={importText} onText={setImportText} />
          <button
            type="button"
            className="button button-secondary"
            disabled={rosterOf(importText).length === 0}
            onClick={() => {
              setRows((current) => mergeRows(current ?? [], importText));
              setImportText('');
            }}
          >
            {t('classes.addThese', { count: rosterOf(importText).length })}
          </button>
        </details>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="button-row class-form-actions">
          <button type="submit" className="button button-primary" disabled={saving}>
            {saving ? t('classes.saving') : t('classes.saveRoster')}
          </button>
          <button type="button" className="button button-secondary" onClick={() => setRows(null)}>
            {t('classes.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
