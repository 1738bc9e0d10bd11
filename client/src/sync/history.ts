// Undo and redo of my own changes only. Every change this client makes goes through here with one
// origin object of its own; the undo manager tracks that origin alone, so Ctrl-Z never takes back a
// move someone else made, and a change of mine someone has since overwritten is left as they made it
// (Yjs does not redo a map value over a newer remote one).
import * as Y from 'yjs';
import { boardBatches } from '#shared/schema/batch.js';
import { boardCards, boardMeta, boardPiles } from '#shared/schema/board.js';
import { boardTags } from '#shared/schema/tags.js';

/** Typing within this long of the previous keystroke joins the same undo step. */
const TYPING_MERGE_MS = 700;

export interface History {
  /** The origin of every local change: the undo manager tracks it and nothing else. */
  readonly origin: object;
  /** A discrete action (a drop, a new pile, a rotation): one undo step of its own. */
  change(write: () => void): void;
  /** Typing: joins the previous step while the keystrokes keep coming. */
  type(write: () => void): void;
  undo(): boolean;
  redo(): boolean;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Told whenever what can be undone or redone changes. */
  subscribe(listener: () => void): () => void;
  /** More shared types to undo changes of (ink, comments…), for the modules that add them. */
  addToScope(type: Y.AbstractType<unknown>): void;
  destroy(): void;
}

export function createHistory(doc: Y.Doc): History {
  const origin = { client: doc.clientID };
  const manager = new Y.UndoManager([boardMeta(doc), boardPiles(doc), boardCards(doc), boardTags(doc), boardBatches(doc)], {
    trackedOrigins: new Set([origin]),
    captureTimeout: TYPING_MERGE_MS,
  });
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  manager.on('stack-item-added', notify);
  manager.on('stack-item-popped', notify);
  manager.on('stack-cleared', notify);

  return {
    origin,
    change(write) {
      manager.stopCapturing();
      doc.transact(write, origin);
      manager.stopCapturing();
    },
    type(write) {
      doc.transact(write, origin);
    },
    undo: () => manager.undo() !== null,
    redo: () => manager.redo() !== null,
    canUndo: () => manager.canUndo(),
    canRedo: () => manager.canRedo(),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    addToScope(type) {
      manager.addToScope(type);
    },
    destroy() {
      listeners.clear();
      manager.destroy();
    },
  };
}
