// Awareness a browser sends: its own, never everyone else's back again.
import type { WebsocketProvider } from 'y-websocket';

/**
 * The stock provider sends every awareness change it sees back to the server, other people's too,
 * so with 20 people moving pointers at 20 Hz each browser sent 400 needless messages a second and
 * the server decoded 20 times the traffic (test/bench/canvas.ts). Only my own changes (origin
 * `local`: my pointer, my drag, the 15 s keep-alive, leaving) need to go; the server already relays
 * everyone's.
 */
export function sendOwnAwarenessOnly(provider: WebsocketProvider): () => void {
  const { awareness } = provider;
  const send = provider._awarenessUpdateHandler;
  const sendOwn: typeof send = (changes, origin) => {
    if (origin === 'local') send(changes, origin);
  };
  awareness.off('update', send);
  awareness.on('update', sendOwn);
  return () => awareness.off('update', sendOwn);
}
