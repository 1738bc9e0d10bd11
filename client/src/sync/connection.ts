// One board's live connection: the Y.Doc, the WebSocket provider that syncs it through the server,
// and an IndexedDB copy so edits made offline survive a reload and reach the server later.
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SYNC_PATH } from '#shared/syncWire.js';
import { sendOwnAwarenessOnly } from './awarenessEcho.js';
import { createHistory, type History } from './history.js';

export interface BoardConnection {
  boardId: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  awareness: Awareness;
  persistence: IndexeddbPersistence;
  /** Undo and redo of this client's own changes; every local write goes through it. */
  history: History;
  /** Resolves once the offline copy has been read into the document. */
  localLoaded: Promise<void>;
  destroy(): void;
}

export function syncServerUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${SYNC_PATH}`;
}

export function connectBoard(boardId: string, token: string): BoardConnection {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(`worksort:${boardId}`, doc);
  const provider = new WebsocketProvider(syncServerUrl(), boardId, doc, {
    params: { token },
    // Tabs of one browser would otherwise sync with each other past the server, which keeps
    // viewers' tabs and tests honest only by accident (README, "Measured facts").
    disableBc: true,
    maxBackoffTime: 5000,
  });
  const stopEchoes = sendOwnAwarenessOnly(provider);
  const localLoaded = persistence.whenSynced.then(() => undefined);
  const history = createHistory(doc);
  return {
    boardId,
    doc,
    provider,
    awareness: provider.awareness,
    persistence,
    history,
    localLoaded,
    destroy() {
      history.destroy();
      provider.awareness.setLocalState(null);
      stopEchoes();
      provider.destroy();
      void persistence.destroy();
      doc.destroy();
    },
  };
}
