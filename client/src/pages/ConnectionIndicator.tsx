// Whether my edits are reaching the others. Offline is not an error: edits are kept on this
// device and sent when the connection comes back.

import { type MessageKey, useT } from '../i18n/index.js';
import type { ConnectionStatus } from './useConnectionStatus.js';

const LABELS: Record<ConnectionStatus, { text: MessageKey; detail: MessageKey }> = {
  connecting: { text: 'connection.connecting', detail: 'connection.connectingDetail' },
  connected: { text: 'connection.connected', detail: 'connection.connectedDetail' },
  reconnecting: { text: 'connection.reconnecting', detail: 'connection.reconnectingDetail' },
  offline: { text: 'connection.offline', detail: 'connection.offlineDetail' },
  revoked: { text: 'connection.revoked', detail: 'connection.revokedDetail' },
};

export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const t = useT();
  const keys = LABELS[status];
  const label = { text: t(keys.text), detail: t(keys.detail) };
  return (
    <div
      className={`connection connection-${status}`}
      role="status"
      aria-live="polite"
      title={label.detail}
      data-testid="connection-status"
      data-status={status}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span>{label.text}</span>
      <span className="visually-hidden">{label.detail}</span>
    </div>
  );
}
