// The toolbar's "Share-out" button: opens the share-out panel beside the board.
import { useT } from '../../i18n/index.js';

export function ShareOutToggle({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const t = useT();
  return (
    <button
      type="button"
      className="button button-secondary toolbar-panel-button"
      aria-pressed={open}
      title={t('shareout.toggleHint')}
      onClick={onToggle}
      data-testid="shareout-toggle"
    >
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <path
          d="M4 6h6v5H4zM14 13h6v5h-6zM10 8.5h2.5a2 2 0 0 1 2 2V13"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinejoin="round"
        />
      </svg>
      <span className="toolbar-panel-label">{t('shareout.toggle')}</span>
    </button>
  );
}
