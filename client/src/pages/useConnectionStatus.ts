// What the connection indicator shows. The provider only knows connecting/connected/disconnected
// and retries forever; people need to know whether their edits are reaching the others.
import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { CLOSE_CODES } from '#shared/syncWire.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'revoked';

/** After this long without the server, call it offline rather than a blip. */
const OFFLINE_AFTER_MS = 4000;
const RETRY_AFTER_CLOSE_MS = 3000;

export function useConnectionStatus(provider: WebsocketProvider): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>(provider.wsconnected ? 'connected' : 'connecting');

  useEffect(() => {
    let everConnected = provider.wsconnected;
    let offlineTimer: ReturnType<typeof setTimeout> | undefined;
    const lost = () => {
      if (offlineTimer !== undefined) return;
      offlineTimer = setTimeout(() => setStatus((current) => (current === 'revoked' ? current : 'offline')), OFFLINE_AFTER_MS);
    };
    const onStatus = ({ status: next }: { status: 'connected' | 'connecting' | 'disconnected' }) => {
      if (next === 'connected') {
        everConnected = true;
        clearTimeout(offlineTimer);
        offlineTimer = undefined;
        setStatus('connected');
        return;
      }
      setStatus((current) => (current === 'revoked' || current === 'offline' ? current : everConnected ? 'reconnecting' : 'connecting'));
      lost();
    };
    // The provider stops after a 44xx close. 4401 means the link was revoked; anything else (a
    // message over a limit, say) is worth another try after a pause.
    let retry: ReturnType<typeof setTimeout> | undefined;
    const onClosed = ({ code }: { code: number }) => {
      if (code === CLOSE_CODES.tokenRevoked) {
        setStatus('revoked');
        return;
      }
      clearTimeout(retry);
      retry = setTimeout(() => provider.connect(), RETRY_AFTER_CLOSE_MS);
    };
    const onBrowserOffline = () => setStatus((current) => (current === 'revoked' ? current : 'offline'));
    provider.on('status', onStatus);
    provider.on('closed', onClosed);
    window.addEventListener('offline', onBrowserOffline);
    if (!provider.wsconnected) lost();
    return () => {
      clearTimeout(offlineTimer);
      clearTimeout(retry);
      provider.off('status', onStatus);
      provider.off('closed', onClosed);
      window.removeEventListener('offline', onBrowserOffline);
    };
  }, [provider]);

  return status;
}
