// A full page that explains why a board cannot be shown, in place of the board: never a blank
// canvas, never any of the board's content.
import type { ReactNode } from 'react';
import { useT } from '../i18n/index.js';

export interface BoardErrorProps {
  title: string;
  children: ReactNode;
  /** Offered besides "Go to the Worksort home page", e.g. "Try again". */
  action?: { label: string; onClick(): void };
  icon?: 'locked' | 'unreachable' | 'missing';
}

const ICONS = {
  locked: (
    <>
      <rect x="9" y="21" width="30" height="21" rx="4" fill="currentColor" />
      <path d="M16 21v-5a8 8 0 0 1 16 0v5" fill="none" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
    </>
  ),
  unreachable: (
    <>
      <path
        d="M6 18a26 26 0 0 1 36 0M12 25a17 17 0 0 1 24 0M18 32a8 8 0 0 1 12 0"
        fill="none"
        stroke="currentColor"
        strokeWidth="4"
        strokeLinecap="round"
      />
      <path d="M8 8l32 32" stroke="currentColor" strokeWidth="4" strokeLinecap="round" />
    </>
  ),
  missing: (
    <>
      <circle cx="21" cy="21" r="12" fill="none" stroke="currentColor" strokeWidth="4" />
      <path d="M30 30l10 10" stroke="currentColor" strokeWidth="5" strokeLinecap="round" />
    </>
  ),
};

export function BoardError({ title, children, action, icon = 'locked' }: BoardErrorProps) {
  const t = useT();
  return (
    <main className="message-page" data-testid="board-error">
      <div className="message-card" role="alert">
        <div className="message-icon" aria-hidden="true">
          <svg viewBox="0 0 48 48" width="48" height="48" aria-hidden="true">
            {ICONS[icon]}
          </svg>
        </div>
        <h1>{title}</h1>
        <div className="message-body">{children}</div>
        <div className="message-actions">
          {action && (
            <button type="button" className="button button-primary" onClick={action.onClick}>
              {action.label}
            </button>
          )}
          <a className="button button-secondary" href="/">
            {t('error.home')}
          </a>
        </div>
      </div>
    </main>
  );
}

export function InvalidLink() {
  const t = useT();
  return (
    <BoardError title={t('error.invalidTitle')}>
      <p>{t('error.invalidBody')}</p>
      <p className="message-example">https://…/b/board-id#token=…</p>
    </BoardError>
  );
}
