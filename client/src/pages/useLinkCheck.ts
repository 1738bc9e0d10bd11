// While the live connection is down, asks the server now and then whether the link still works: a
// token revoked while we were away is refused at the WebSocket handshake, which the browser reports
// as just another failed connection, so the provider alone would keep retrying forever.
import { useEffect, useState } from 'react';
import { ApiError, getBoard } from '../sync/api.js';
import type { ConnectionStatus } from './useConnectionStatus.js';

const CHECK_EVERY_MS = 15_000;

/** True once the server has said this link no longer opens the board. */
export function useLinkRevoked(boardId: string, token: string, status: ConnectionStatus): boolean {
  const [revoked, setRevoked] = useState(false);
  const down = status === 'reconnecting' || status === 'offline';
  useEffect(() => {
    if (!down) return;
    let live = true;
    const check = () =>
      getBoard(boardId, token).then(
        () => undefined,
        (error: unknown) => {
          if (live && error instanceof ApiError && error.status >= 400 && error.status < 500) setRevoked(true);
        },
      );
    const timer = setInterval(check, CHECK_EVERY_MS);
    void check();
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [boardId, token, down]);
  return revoked;
}
