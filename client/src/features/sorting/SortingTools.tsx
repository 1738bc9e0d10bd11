import { useHistoryState } from '../../board/hooks/useHistory.js';
import type { HiddenNames } from '../../board/hooks/useSorting.js';
import { useBoard, useBoardSorting } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { MenuButton } from '../../ui/MenuButton.js';

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function SortingTools() {
  const { history, canEdit } = useBoard();
  const { names, setBoardNamesHidden: onBoardNamesHidden, setMyNamesHidden: onMyNamesHidden } = useBoardSorting();
  const t = useT();
  const { canUndo, canRedo } = useHistoryState(history);
  const mod = mac ? '⌘' : 'Ctrl+';
  return (
    <div className="sorting-tools">
      {canEdit && (
        <fieldset className="history-controls" aria-label={t('undo.group')}>
          <button
            type="button"
            className="icon-button history-button"
            onClick={() => history.undo()}
            disabled={!canUndo}
            aria-label={t('undo.undo')}
            title={t('undo.undoHint', { keys: `${mod}Z` })}
          >
            <UndoIcon />
            <span className="toolbar-panel-label" aria-hidden="true">
              {t('undo.undo')}
            </span>
          </button>
          <button
            type="button"
            className="icon-button history-button"
            onClick={() => history.redo()}
            disabled={!canRedo}
            aria-label={t('undo.redo')}
            title={t('undo.redoHint', { keys: `${mod}Shift+Z` })}
          >
            <UndoIcon flip />
            <span className="toolbar-panel-label" aria-hidden="true">
              {t('undo.redo')}
            </span>
          </button>
        </fieldset>
      )}
      <NamesMenu canEdit={canEdit} names={names} onBoardNamesHidden={onBoardNamesHidden} onMyNamesHidden={onMyNamesHidden} />
    </div>
  );
}

function NamesMenu({
  canEdit,
  names,
  onBoardNamesHidden,
  onMyNamesHidden,
}: {
  canEdit: boolean;
  names: HiddenNames;
  onBoardNamesHidden(hidden: boolean): void;
  onMyNamesHidden(hidden: boolean): void;
}) {
  const t = useT();
  return (
    <MenuButton
      className="names-menu"
      buttonClassName={names.hidden ? 'button names-button names-hidden' : 'button button-secondary names-button'}
      testId="names-button"
      legend={t('names.menu')}
      label={
        <>
          <EyeIcon closed={names.hidden} />
          {names.hidden ? t('names.hidden') : t('names.shown')}
        </>
      }
    >
      {() => (
        <>
          <label className={canEdit ? 'switch-row' : 'switch-row switch-row-disabled'}>
            <input
              type="checkbox"
              checked={names.board}
              disabled={!canEdit}
              onChange={(event) => onBoardNamesHidden(event.target.checked)}
            />
            <span>
              <strong className="switch-title">{t('names.everyone')}</strong>
              <small className="switch-text">{canEdit ? t('names.everyoneHint') : t('names.everyoneViewer')}</small>
            </span>
          </label>
          <label className="switch-row">
            <input
              type="checkbox"
              checked={names.mine || names.board}
              disabled={names.board}
              onChange={(event) => onMyNamesHidden(event.target.checked)}
            />
            <span>
              <strong className="switch-title">{t('names.mine')}</strong>
              <small className="switch-text">{names.board ? t('names.mineForced') : t('names.mineHint')}</small>
            </span>
          </label>
        </>
      )}
    </MenuButton>
  );
}

function UndoIcon({ flip = false }: { flip?: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" style={flip ? { transform: 'scaleX(-1)' } : undefined}>
      <path d="M9 14 4 9l5-5" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />
    </svg>
  );
}

function EyeIcon({ closed }: { closed: boolean }) {
  return (
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
      <circle cx="12" cy="12" r="3" fill="none" stroke="currentColor" strokeWidth="2" />
      {closed && <path d="M4 20 20 4" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />}
    </svg>
  );
}
