// Comparing two sorts (issue 6): who moved from which pile to which, how many went from each pile
// to each other, and who is on one side only. The server computes it (shared/compare.ts).
import { useEffect, useId, useState } from 'react';
import { ApiError, type Comparison, comparePath, downloadFile, getComparison, type PileRef, type Snapshot } from '../api.js';
import { useT } from '../i18n/index.js';

const LIVE = 'live';

export function CompareView({
  boardId,
  token,
  snapshots,
  titleId,
  defaultHideNames,
  onBack,
  onClose,
}: {
  boardId: string;
  token: string;
  /** Newest first, as the server lists them. */
  snapshots: Snapshot[];
  titleId: string;
  defaultHideNames: boolean;
  onBack(): void;
  onClose(): void;
}) {
  const t = useT();
  const fromId = useId();
  const toId = useId();
  // The usual question is "what changed since the last snapshot?", or between the last two.
  const [from, setFrom] = useState(() => (snapshots.length >= 2 ? snapshots[1]?.id : snapshots[0]?.id) ?? LIVE);
  const [to, setTo] = useState(() => (snapshots.length >= 2 ? (snapshots[0]?.id ?? LIVE) : LIVE));
  const [hideNames, setHideNames] = useState(defaultHideNames);
  const [showStayed, setShowStayed] = useState(false);
  const [result, setResult] = useState<Comparison | { error: string } | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);

  useEffect(() => {
    if (from === to) return;
    let live = true;
    setResult(null);
    getComparison(boardId, token, from, to, hideNames).then(
      (comparison) => live && setResult(comparison),
      (error: unknown) => live && setResult({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [boardId, token, from, to, hideNames]);

  const pileName = (pile: PileRef) => (pile.id === null ? t('compare.unsorted') : pile.title);
  const studentName = (student: string) => student || t('compare.unnamed');

  const downloadCsv = async () => {
    setDownloading(true);
    setDownloadProblem(null);
    try {
      await downloadFile(comparePath(boardId, from, to, { csv: true, hideNames }), token, 'comparison.csv');
    } catch (error) {
      setDownloadProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setDownloading(false);
    }
  };

  const options = (
    <>
      {snapshots.map((snapshot) => (
        <option key={snapshot.id} value={snapshot.id}>
          {snapshot.name}
        </option>
      ))}
      <option value={LIVE}>{t('compare.live')}</option>
    </>
  );

  const comparison = result && 'movements' in result ? result : null;
  const movements = comparison ? comparison.movements.filter((movement) => showStayed || movement.moved) : [];

  return (
    <div className="compare-view">
      <div className="panel-head">
        <h2 id={titleId}>{t('compare.title')}</h2>
        <button type="button" className="icon-button panel-close" onClick={onClose} aria-label={t('compare.close')}>
          ×
        </button>
      </div>
      <div className="compare-pickers">
        <div className="field">
          <label className="field-label" htmlFor={fromId}>
            {t('compare.from')}
          </label>
          <select id={fromId} className="input" value={from} onChange={(event) => setFrom(event.target.value)}>
            {options}
          </select>
        </div>
        <span className="compare-arrow" aria-hidden="true">
          →
        </span>
        <div className="field">
          <label className="field-label" htmlFor={toId}>
            {t('compare.to')}
          </label>
          <select id={toId} className="input" value={to} onChange={(event) => setTo(event.target.value)}>
            {options}
          </select>
        </div>
      </div>
      <div className="compare-options">
        <label className="inline-check">
          <input type="checkbox" checked={hideNames} onChange={(event) => setHideNames(event.target.checked)} />
          {t('compare.hideNames')}
        </label>
        <label className="inline-check">
          <input type="checkbox" checked={showStayed} onChange={(event) => setShowStayed(event.target.checked)} />
          {t('compare.showStayed')}
        </label>
      </div>

      <div className="compare-body">
        {from === to && <p className="modal-text">{t('compare.needTwo')}</p>}
        {from !== to && result === null && <p className="modal-text">{t('compare.loading')}</p>}
        {result && 'error' in result && (
          <p className="form-error" role="alert">
            {result.error}
          </p>
        )}
        {from !== to && comparison && (
          <>
            <p className="compare-summary">
              {t('compare.summary', {
                matched: comparison.summary.matched,
                moved: comparison.summary.moved,
                stayed: comparison.summary.stayed,
              })}
            </p>
            <h3>{t('compare.movements')}</h3>
            {movements.length === 0 ? (
              <p className="modal-text">{t('compare.noneMoved')}</p>
            ) : (
              <table className="data-table compare-movements">
                <thead>
                  <tr>
                    <th scope="col">{t('compare.student')}</th>
                    <th scope="col">{t('compare.beforeAfter')}</th>
                  </tr>
                </thead>
                <tbody>
                  {movements.map((movement) => (
                    <tr key={`${movement.cardBefore}:${movement.cardAfter}`} data-moved={movement.moved}>
                      <th scope="row">{studentName(movement.student)}</th>
                      <td>
                        {pileName(movement.before)} → {pileName(movement.after)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}

            <h3>{t('compare.matrix')}</h3>
            <p className="field-hint">{t('compare.matrixHint')}</p>
            <div className="table-scroll">
              <table className="data-table compare-matrix">
                <thead>
                  <tr>
                    <th scope="col">
                      <span className="visually-hidden">{t('compare.from')}</span>
                    </th>
                    {comparison.matrix.columns.map((column) => (
                      <th key={column.id ?? 'unsorted'} scope="col">
                        {pileName(column)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {comparison.matrix.rows.map((row, i) => (
                    <tr key={row.id ?? 'unsorted'}>
                      <th scope="row">{pileName(row)}</th>
                      {comparison.matrix.columns.map((column, j) => {
                        const count = comparison.matrix.counts[i]?.[j] ?? 0;
                        const stayed = row.id !== null && row.id === column.id;
                        return (
                          <td key={column.id ?? 'unsorted'} className={count === 0 ? 'cell-zero' : stayed ? 'cell-stayed' : 'cell-moved'}>
                            {count}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>

            <div className="compare-only">
              <OnlyList title={t('compare.onlyBefore')} people={comparison.onlyBefore} pileName={pileName} studentName={studentName} />
              <OnlyList title={t('compare.onlyAfter')} people={comparison.onlyAfter} pileName={pileName} studentName={studentName} />
            </div>
          </>
        )}
      </div>
      {downloadProblem && (
        <p className="form-error" role="alert">
          {downloadProblem}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" className="button button-secondary compare-back" onClick={onBack}>
          ← {t('compare.back')}
        </button>
        <button type="button" className="button button-primary" disabled={from === to || downloading} onClick={() => void downloadCsv()}>
          {t('compare.downloadCsv')}
        </button>
      </div>
    </div>
  );
}

function OnlyList({
  title,
  people,
  pileName,
  studentName,
}: {
  title: string;
  people: Comparison['onlyBefore'];
  pileName(pile: PileRef): string;
  studentName(student: string): string;
}) {
  const t = useT();
  return (
    <section>
      <h3>{title}</h3>
      {people.length === 0 ? (
        <p className="field-hint">{t('compare.nobody')}</p>
      ) : (
        <ul className="only-list">
          {people.map((person) => (
            <li key={person.cardId}>
              <strong>{studentName(person.student)}</strong> · {pileName(person.pile)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
