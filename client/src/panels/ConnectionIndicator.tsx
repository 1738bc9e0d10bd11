// Whether my edits are reaching the others. Offline is not an error: edits are kept on this
// device and sent when the connection comes back.
import type { ConnectionStatus } from '../hooks/useConnectionStatus.js';

const LABELS: Record<ConnectionStatus, { text: string; detail: string }> = {
  connecting: { text: 'Connecting…', detail: 'Connecting to the board.' },
  connected: { text: 'Live', detail: 'Connected: everyone sees your changes as you make them.' },
  reconnecting: { text: 'Reconnecting…', detail: 'The connection dropped. Your changes are kept and will be sent when it is back.' },
  offline: {
    text: 'Offline · changes saved here',
    detail: 'You are offline. Your changes are saved on this device and sent when you reconnect.',
  },
  revoked: { text: 'Link revoked', detail: 'This link no longer works.' },
};

export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const label = LABELS[status];
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
