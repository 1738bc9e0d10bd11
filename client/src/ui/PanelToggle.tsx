// A toolbar button that opens or closes a panel beside the board (the outline, the share-out):
// pressed while its panel is open, its label shown where the toolbar has room.
import type { ReactNode } from 'react';

export function PanelToggle(props: { open: boolean; onToggle(): void; label: string; hint: string; testId: string; icon: ReactNode }) {
  return (
    <button
      type="button"
      className="button button-secondary toolbar-panel-button"
      aria-pressed={props.open}
      title={props.hint}
      onClick={props.onToggle}
      data-testid={props.testId}
    >
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        {props.icon}
      </svg>
      <span className="toolbar-panel-label">{props.label}</span>
    </button>
  );
}
