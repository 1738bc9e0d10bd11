// Below 1280 px the toolbar's occasional actions (display, export, upload, naming cards) wait under
// one "More" button, each with its word, so that a tablet's toolbar keeps two rows and its words
// (issue 19). Wider, the button is not shown and they stand in the row like the rest (responsive.css).
import { type MouseEvent, type ReactNode, useCallback, useRef, useState } from 'react';
import { useT } from '../i18n/index.js';
import { useDismiss } from '../ui/useDismiss.js';

/** Whether a click in the list chose something, so the list closes; not when it opened a menu or changed a setting in one. */
function chose(target: HTMLElement): boolean {
  const button = target.closest('button');
  if (!button) return false;
  return button.closest('.popover') ? button.classList.contains('menu-item') : !button.hasAttribute('aria-expanded');
}

export function ToolbarMore({ children }: { children: ReactNode }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(
    open,
    useCallback(() => setOpen(false), []),
    root,
  );
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    if (chose(event.target as HTMLElement)) setOpen(false);
  };
  return (
    <div className="toolbar-more" ref={root} data-open={open || undefined}>
      <button
        type="button"
        className="button button-secondary toolbar-panel-button toolbar-more-button"
        aria-expanded={open}
        title={t('toolbar.moreHint')}
        onClick={() => setOpen(!open)}
        data-testid="toolbar-more"
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <circle cx="5" cy="12" r="2" fill="currentColor" />
          <circle cx="12" cy="12" r="2" fill="currentColor" />
          <circle cx="19" cy="12" r="2" fill="currentColor" />
        </svg>
        <span className="toolbar-panel-label">{t('toolbar.more')}</span>
      </button>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a click on one of its buttons closes the list; the buttons are the controls. */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: Enter and Space on its buttons arrive as clicks. */}
      <div className="toolbar-more-items" onClick={onClick}>
        {children}
      </div>
    </div>
  );
}
