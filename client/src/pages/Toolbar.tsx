// The slim bar above the board: where I am, who is here, whether edits are live, and the few
// actions of the walking skeleton (add a pile, zoom, share).
import { memo, type ReactNode } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { Role } from '#shared/roles.js';
import { Participants } from '../features/people/Participants.js';
import { useT } from '../i18n/index.js';
import type { Identity } from '../sync/identity.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import type { ConnectionStatus } from './useConnectionStatus.js';

export interface ToolbarProps {
  title: string;
  role: Role;
  status: ConnectionStatus;
  awareness: Awareness;
  me: Identity | null;
  scale: number;
  onAddPile(): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onZoomReset(): void;
  onFit(): void;
  onShare(): void;
  /** More controls of the board (undo, hiding names), shown before Share. */
  tools?: ReactNode;
  /** Snapshots, export and upload (features/export, features/compare, features/upload), shown after the tools. */
  panels?: ReactNode;
}

export const Toolbar = memo(function Toolbar(props: ToolbarProps) {
  const { title, role, status, awareness, me, scale } = props;
  const t = useT();
  const canEdit = role !== 'viewer';
  return (
    <header className="toolbar">
      <a className="brand-mark" href="/" aria-label={t('app.home')}>
        <Logo />
      </a>
      <h1 className="board-title" title={title}>
        {title || t('board.untitled')}
      </h1>
      {!canEdit && (
        <span className="role-badge" data-testid="role-badge">
          {t('role.viewOnly')}
        </span>
      )}
      <div className="toolbar-spacer" />
      <Participants awareness={awareness} me={me} />
      <ConnectionIndicator status={status} />
      {/* Below a wide screen these take a second row of their own, each with its word (README, "Everyone at the table"). */}
      <div className="toolbar-actions">
        {props.tools}
        {props.panels}
      </div>
      {role === 'owner' && (
        <button type="button" className="button button-secondary" onClick={props.onShare}>
          {t('toolbar.share')}
        </button>
      )}
      {canEdit && (
        <button type="button" className="button button-primary" onClick={props.onAddPile}>
          <span aria-hidden="true" className="button-icon">
            +
          </span>
          {t('toolbar.addPile')}
        </button>
      )}
      <fieldset className="zoom-controls" aria-label={t('zoom.group')}>
        <button type="button" className="icon-button" onClick={props.onZoomOut} aria-label={t('zoom.out')} title={t('zoom.outHint')}>
          −
        </button>
        <button
          type="button"
          className="zoom-level"
          onClick={props.onZoomReset}
          aria-label={t('zoom.level', { percent: Math.round(scale * 100) })}
          title={t('zoom.resetHint')}
        >
          {Math.round(scale * 100)}%
        </button>
        <button type="button" className="icon-button" onClick={props.onZoomIn} aria-label={t('zoom.in')} title={t('zoom.inHint')}>
          +
        </button>
        <button type="button" className="fit-button" onClick={props.onFit} title={t('zoom.fitHint')}>
          {t('zoom.fit')}
        </button>
      </fieldset>
    </header>
  );
});

export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg viewBox="0 0 64 64" width={size} height={size} aria-hidden="true">
      <rect width="64" height="64" rx="14" fill="#1f2a44" />
      <rect x="10" y="14" width="18" height="24" rx="3" fill="#e69f00" />
      <rect x="23" y="22" width="18" height="24" rx="3" fill="#56b4e9" />
      <rect x="36" y="30" width="18" height="24" rx="3" fill="#ffffff" />
    </svg>
  );
}
