// Comparing two sorts (issue 6): who moved from which pile to which and who moved them (the
// document's own record of who wrote each change, issue 25), how many went from each pile to each
// other, who is on one side only, and the focus students by what happened to each. The server computes it (shared/compare.ts). The two
// sorts are of this board, or this board's and another board's of the same class (its link pasted
// here: the token stays in this page's memory and travels in a header, never in an address).
import { type FormEvent, useEffect, useId, useState } from 'react';
import { type FocusOutcome, focusOutcomes, normaliseStudent } from '#shared/compare.js';
import { useT } from '../../i18n/index.js';
import {
  ApiError,
  type Comparison,
  comparePath,
  downloadFile,
  getBoard,
  getComparison,
  listSnapshots,
  type OtherBoard,
  otherBoardHeaders,
  type PileRef,
  type Snapshot,
} from '../../sync/api.js';
import { parseBoardLink } from '../../sync/boardLink.js';
import './compare.css';

const LIVE = 'live';

type Mode = 'sorts' | 'boards';

/** The other board once its link has been read and the server accepted it. */
interface OtherBoardSorts extends OtherBoard {
  title: string;
  snapshots: Snapshot[];
}

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
  const [mode, setMode] = useState<Mode>('sorts');
  const [other, setOther] = useState<OtherBoardSorts | null>(null);
  const [otherTo, setOtherTo] = useState(LIVE);
  const [link, setLink] = useState('');
  const [linkProblem, setLinkProblem] = useState<string | null>(null);
  const [checkingLink, setCheckingLink] = useState(false);
  const linkId = useId();
  const otherToId = useId();
  const modeName = useId();

  const crossBoard = mode === 'boards';
  const otherBoard: OtherBoard | null = crossBoard && other ? { id: other.id, token: other.token } : null;
  const afterSource = crossBoard ? otherTo : to;
  // Two sorts of one board must differ; a sort of another board always can be compared.
  const ready = crossBoard ? other !== null : from !== to;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `otherBoard` is derived from `other`, a dependency.
  useEffect(() => {
    if (!ready) return;
    let live = true;
    setResult(null);
    getComparison(boardId, token, from, afterSource, hideNames, otherBoard).then(
      (comparison) => live && setResult(comparison),
      (error: unknown) => live && setResult({ error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [boardId, token, from, afterSource, hideNames, ready, other, crossBoard]);

  const pileName = (pile: PileRef) => (pile.id === null ? t('compare.unsorted') : pile.title);
  const studentName = (student: string) => student || t('compare.unnamed');

  const readLink = async (event: FormEvent) => {
    event.preventDefault();
    setLinkProblem(null);
    const parsed = parseBoardLink(link);
    if (!parsed) {
      setLinkProblem(t('compare.otherLinkInvalid'));
      return;
    }
    if (parsed.boardId === boardId) {
      setLinkProblem(t('compare.otherLinkSame'));
      return;
    }
    setCheckingLink(true);
    try {
      const [info, snapshots] = await Promise.all([getBoard(parsed.boardId, parsed.token), listSnapshots(parsed.boardId, parsed.token)]);
      setOther({ id: parsed.boardId, token: parsed.token, title: info.title, snapshots });
      setOtherTo(LIVE);
      // The link holds a secret: once read, it leaves the field.
      setLink('');
    } catch (error) {
      setLinkProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setCheckingLink(false);
    }
  };

  const downloadCsv = async () => {
    setDownloading(true);
    setDownloadProblem(null);
    try {
      await downloadFile(
        comparePath(boardId, from, afterSource, { csv: true, hideNames, toBoard: otherBoard?.id }),
        token,
        'comparison.csv',
        otherBoardHeaders(otherBoard),
      );
    } catch (error) {
      setDownloadProblem(error instanceof ApiError ? error.message : String(error));
    } finally {
      setDownloading(false);
    }
  };

  const sortOptions = (list: Snapshot[]) => (
    <>
      {list.map((snapshot) => (
        <option key={snapshot.id} value={snapshot.id}>
          {snapshot.name}
        </option>
      ))}
      <option value={LIVE}>{t('compare.live')}</option>
    </>
  );
  const options = sortOptions(snapshots);

  const comparison = ready && result && 'movements' in result ? result : null;
  // "Who moved" lists those who moved; the focus students have their own list, whatever happened.
  const movements = comparison ? comparison.movements.filter((movement) => showStayed || movement.moved) : [];
  const focusStudents = comparison ? focusOutcomes(comparison) : [];
  // Between two boards nobody moved anyone: each board was sorted on its own.
  const showMovedBy = comparison !== null && !comparison.crossBoard;
  // Between two boards a pile is "the same" when its title is; within a board, when its id is.
  const samePile = (a: PileRef, b: PileRef) =>
    a.id !== null && b.id !== null && (a.id === b.id || (crossBoard && normaliseStudent(a.title) === normaliseStudent(b.title)));

  return (
    <div className="compare-view">
      <div className="panel-head">
        <h2 id={titleId}>{t('compare.title')}</h2>
        <button type="button" className="icon-button panel-close" onClick={onClose} aria-label={t('compare.close')}>
          ×
        </button>
      </div>
      <fieldset className="compare-mode">
        <legend className="field-label">{t('compare.mode')}</legend>
        {(['sorts', 'boards'] as const).map((each) => (
          <label key={each} className={mode === each ? 'compare-mode-option compare-mode-on' : 'compare-mode-option'}>
            <input type="radio" name={modeName} value={each} checked={mode === each} onChange={() => setMode(each)} />
            {each === 'sorts' ? t('compare.modeSorts') : t('compare.modeBoards')}
          </label>
        ))}
      </fieldset>
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
        {!crossBoard && (
          <div className="field">
            <label className="field-label" htmlFor={toId}>
              {t('compare.to')}
            </label>
            <select id={toId} className="input" value={to} onChange={(event) => setTo(event.target.value)}>
              {options}
            </select>
          </div>
        )}
        {crossBoard && other && (
          <div className="field">
            <label className="field-label" htmlFor={otherToId}>
              {t('compare.to')} · {t('compare.otherBoard', { title: other.title })}
            </label>
            <div className="copy-row">
              <select id={otherToId} className="input" value={otherTo} onChange={(event) => setOtherTo(event.target.value)}>
                {sortOptions(other.snapshots)}
              </select>
              <button type="button" className="button button-secondary" onClick={() => setOther(null)}>
                {t('compare.otherLinkChange')}
              </button>
            </div>
          </div>
        )}
        {crossBoard && !other && (
          <form className="field compare-link" onSubmit={(event) => void readLink(event)}>
            <label className="field-label" htmlFor={linkId}>
              {t('compare.to')} · {t('compare.otherLink')}
            </label>
            <div className="copy-row">
              <input
                id={linkId}
                className="input"
                value={link}
                autoComplete="off"
                spellCheck={false}
                placeholder="https://…/b/…#token=…"
                onChange={(event) => setLink(event.target.value)}
              />
              <button type="submit" className="button button-primary" disabled={checkingLink || link.trim() === ''}>
                {checkingLink ? t('compare.otherLinkChecking') : t('compare.otherLinkUse')}
              </button>
            </div>
          </form>
        )}
      </div>
      {crossBoard && !other && (
        <>
          <p className="field-hint compare-link-hint">{t('compare.otherLinkHint')}</p>
          {linkProblem && (
            <p className="form-error" role="alert">
              {linkProblem}
            </p>
          )}
        </>
      )}
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
        {!crossBoard && from === to && <p className="modal-text">{t('compare.needTwo')}</p>}
        {ready && result === null && <p className="modal-text">{t('compare.loading')}</p>}
        {ready && result && 'error' in result && (
          <p className="form-error" role="alert">
            {result.error}
          </p>
        )}
        {comparison && (
          <>
            {comparison.crossBoard && (
              <p className="compare-boards">
                {t('compare.thisBoard', { title: comparison.from.title })} → {t('compare.otherBoard', { title: comparison.to.title })}
                <span className="field-hint">{t('compare.matchedByName')}</span>
              </p>
            )}
            <p className="compare-summary">
              {t('compare.summary', {
                matched: comparison.summary.matched,
                moved: comparison.summary.moved,
                stayed: comparison.summary.stayed,
              })}
            </p>
            {focusStudents.length > 0 && (
              <section className="compare-focus" aria-labelledby={`${titleId}-focus`} data-testid="compare-focus">
                <h3 id={`${titleId}-focus`}>{t('compare.focusTitle')}</h3>
                <ul className="only-list">
                  {focusStudents.map((outcome) => (
                    <li key={outcome.key} data-outcome={outcome.kind}>
                      <strong>{studentName(outcome.student)}</strong>
                      <FocusBadge /> · {describeOutcome(t, outcome, pileName, crossBoard)}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <h3>{t('compare.movements')}</h3>
            {movements.length === 0 ? (
              <p className="modal-text">{t('compare.noneMoved')}</p>
            ) : (
              <table className="data-table compare-movements">
                <thead>
                  <tr>
                    <th scope="col">{t('compare.student')}</th>
                    <th scope="col">{t('compare.beforeAfter')}</th>
                    {showMovedBy && <th scope="col">{t('compare.movedBy')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {movements.map((movement) => (
                    <tr key={`${movement.cardBefore}:${movement.cardAfter}`} data-moved={movement.moved} data-focus={movement.focus}>
                      <th scope="row">
                        {studentName(movement.student)}
                        {movement.focus && <FocusBadge />}
                      </th>
                      <td>
                        {pileName(movement.before)} → {pileName(movement.after)}
                      </td>
                      {showMovedBy && (
                        <td className={movement.movedBy ? 'compare-moved-by' : 'compare-moved-by cell-zero'}>
                          {movement.movedBy ?? (movement.moved ? t('compare.movedByUnknown') : '')}
                        </td>
                      )}
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
                        const stayed = samePile(row, column);
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
        <button type="button" className="button button-primary" disabled={!ready || downloading} onClick={() => void downloadCsv()}>
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
            <li key={person.cardId} data-focus={person.focus}>
              <strong>{studentName(person.student)}</strong>
              {person.focus && <FocusBadge />} · {pileName(person.pile)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function describeOutcome(
  t: ReturnType<typeof useT>,
  outcome: FocusOutcome,
  pileName: (pile: PileRef) => string,
  crossBoard: boolean,
): string {
  switch (outcome.kind) {
    case 'moved': {
      const piles = { before: pileName(outcome.before), after: pileName(outcome.after) };
      return outcome.movedBy && !crossBoard
        ? t('compare.focusMovedBy', { ...piles, name: outcome.movedBy })
        : t('compare.focusMoved', piles);
    }
    case 'stayed':
      return t('compare.focusStayed', { pile: pileName(outcome.after) });
    case 'onlyBefore':
      return t('compare.focusOnlyBefore', { pile: pileName(outcome.pile) });
    case 'onlyAfter':
      return t('compare.focusOnlyAfter', { pile: pileName(outcome.pile) });
  }
}

/** A focus student's mark in the comparison: a star and the word, never colour alone. */
function FocusBadge() {
  const t = useT();
  return (
    <span className="focus-badge">
      <span aria-hidden="true">★</span> {t('compare.focus')}
    </span>
  );
}
