// The toolbar's "Share-out" button: opens the share-out panel beside the board.
import { useT } from '../../i18n/index.js';
import { PanelToggle } from '../../ui/PanelToggle.js';

export function ShareOutToggle({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const t = useT();
  return (
    <PanelToggle
      open={open}
      onToggle={onToggle}
      label={t('shareout.toggle')}
      hint={t('shareout.toggleHint')}
      testId="shareout-toggle"
      icon={
        <path
          d="M4 6h6v5H4zM14 13h6v5h-6zM10 8.5h2.5a2 2 0 0 1 2 2V13"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinejoin="round"
        />
      }
    />
  );
}
