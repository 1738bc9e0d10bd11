// Whether there is anything of mine to undo or redo, for the toolbar's buttons.
import { useCallback, useSyncExternalStore } from 'react';
import type { History } from '../../sync/history.js';

export function useHistoryState(history: History): { canUndo: boolean; canRedo: boolean } {
  const key = useSyncExternalStore(
    history.subscribe,
    useCallback(() => `${history.canUndo() ? 1 : 0}${history.canRedo() ? 1 : 0}`, [history]),
  );
  return { canUndo: key[0] === '1', canRedo: key[1] === '1' };
}
