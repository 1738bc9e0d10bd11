// Taking results away (issue 6): the board, or a saved snapshot of it, as a spreadsheet, data, a
// printable report, or a picture of what is on screen, with student names hidden on request.
import Konva from 'konva';
import { useId, useState } from 'react';
import { useBoard } from '../../board/session.js';
import { type MessageKey, useT } from '../../i18n/index.js';
import { ApiError, downloadFile, type ExportFormat, exportPath, saveBlob } from '../../sync/api.js';
import { MenuButton } from '../../ui/MenuButton.js';

type ExportKind = ExportFormat | 'png';

/** The canvas colour of styles.css (`--canvas`). */
const BOARD_BACKDROP = '#eef1f6';

const LABELS: Record<ExportKind, MessageKey> = {
  csv: 'export.csv',
  json: 'export.json',
  pdf: 'export.pdf',
  png: 'export.png',
};

/** The export choices, for the live board (`snapshotId` null) or one snapshot. */
export function ExportChoices({
  boardId,
  token,
  snapshotId,
  fileTitle,
  defaultHideNames,
  onDone,
}: {
  boardId: string;
  token: string;
  snapshotId: string | null;
  fileTitle: string;
  defaultHideNames: boolean;
  onDone?(): void;
}) {
  const t = useT();
  const hideId = useId();
  const [hideNames, setHideNames] = useState(defaultHideNames);
  const [working, setWorking] = useState<ExportKind | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // A picture is of the canvas on screen, so only the live board has one.
  const kinds: ExportKind[] = snapshotId ? ['csv', 'json', 'pdf'] : ['csv', 'json', 'pdf', 'png'];

  const run = async (kind: ExportKind) => {
    setWorking(kind);
    setProblem(null);
    try {
      if (kind === 'png') await saveBoardPicture(fileTitle);
      else await downloadFile(exportPath(boardId, snapshotId, kind, hideNames), token, `${fileTitle}.${kind}`);
      onDone?.();
    } catch (error) {
      setProblem(
        kind === 'png' && !(error instanceof ApiError)
          ? t('export.pngFailed')
          : t('export.failed', { message: error instanceof Error ? error.message : String(error) }),
      );
    } finally {
      setWorking(null);
    }
  };

  return (
    <div className="export-choices">
      <ul className="menu-list">
        {kinds.map((kind) => (
          <li key={kind}>
            <button type="button" className="menu-item" disabled={working !== null} onClick={() => void run(kind)} data-export={kind}>
              <span className="menu-item-badge">{kind.toUpperCase()}</span>
              {working === kind ? t('export.working', { what: t(LABELS[kind]) }) : t(LABELS[kind])}
            </button>
          </li>
        ))}
      </ul>
      <label className="switch-row export-hide" htmlFor={hideId}>
        <input id={hideId} type="checkbox" checked={hideNames} onChange={(event) => setHideNames(event.target.checked)} />
        <span>
          <strong className="switch-title">{t('export.hideNames')}</strong>
        </span>
      </label>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** The toolbar's Export button and its menu. */
export function ExportMenu({
  title,
  namesHidden,
  onSnapshots,
}: {
  title: string;
  namesHidden: boolean;
  /** Opens the snapshots panel, reached from this menu to keep the toolbar short. */
  onSnapshots(): void;
}) {
  const { boardId, token } = useBoard();
  const t = useT();
  return (
    <MenuButton
      className="export-menu"
      buttonClassName="button button-secondary toolbar-panel-button"
      title={t('toolbar.export')}
      popoverClassName="export-popover"
      legend={t('export.title')}
      label={
        <>
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path
              d="M12 4v11m0 0-4.5-4.5M12 15l4.5-4.5M5 19h14"
              fill="none"
              stroke="currentColor"
              strokeWidth="2.2"
              strokeLinecap="round"
              strokeLinejoin="round"
            />
          </svg>
          <span className="toolbar-panel-label">{t('toolbar.export')}</span>
        </>
      }
    >
      {(close) => (
        <>
          <ExportChoices
            boardId={boardId}
            token={token}
            snapshotId={null}
            fileTitle={title || 'Worksort board'}
            defaultHideNames={namesHidden}
            onDone={() => close()}
          />
          <button
            type="button"
            className="menu-item menu-item-more"
            onClick={() => {
              close();
              onSnapshots();
            }}
          >
            <span className="menu-item-badge" aria-hidden="true">
              <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true">
                <rect x="7" y="3" width="13" height="13" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
                <path d="M4 8v11a2 2 0 0 0 2 2h11" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              </svg>
            </span>
            {t('export.snapshots')}
          </button>
        </>
      )}
    </MenuButton>
  );
}

/** The board as drawn now, at twice the screen's resolution, as a PNG file. */
async function saveBoardPicture(title: string): Promise<void> {
  const stage = Konva.stages[0];
  if (!stage) throw new Error('no board on screen');
  const drawn = stage.toCanvas({ pixelRatio: 2 });
  // The stage is transparent where nothing is drawn; the picture gets the board's own backdrop.
  const picture = document.createElement('canvas');
  picture.width = drawn.width;
  picture.height = drawn.height;
  const context = picture.getContext('2d');
  if (!context) throw new Error('no 2D canvas');
  context.fillStyle = BOARD_BACKDROP;
  context.fillRect(0, 0, picture.width, picture.height);
  context.drawImage(drawn, 0, 0);
  // toBlob, not a data: URL: fetching data: URLs is outside the page's connect-src.
  const blob = await new Promise<Blob | null>((resolve) => picture.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('empty picture');
  saveBlob(blob, `${title}.png`);
}
