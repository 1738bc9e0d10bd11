// What this device remembers between visits besides who I am: the boards it has opened (to reopen
// them offline) and whether the first-use hint has done its job.
import { storage } from './identity.js';

/** What this device knew of a board the last time it opened it, to reopen it offline. */
export interface CachedBoard {
  title: string;
  task: string;
  role: string;
}

const boardKey = (boardId: string) => `worksort:board:${boardId}`;

export function rememberBoard(boardId: string, board: CachedBoard): void {
  storage()?.setItem(boardKey(boardId), JSON.stringify(board));
}

export function recallBoard(boardId: string): CachedBoard | null {
  const raw = storage()?.getItem(boardKey(boardId));
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<CachedBoard>;
    if (typeof value.title === 'string' && typeof value.task === 'string' && typeof value.role === 'string') {
      return { title: value.title, task: value.task, role: value.role };
    }
  } catch {
    // A corrupt entry is as good as none.
  }
  return null;
}

export function forgetBoard(boardId: string): void {
  storage()?.removeItem(boardKey(boardId));
}

const HINT_KEY = 'worksort:hint-retired';

/** Whether this device has already learnt to pan and zoom (the board's first-use hint). */
export function hintRetired(): boolean {
  return storage()?.getItem(HINT_KEY) === '1';
}

export function retireHintForGood(): void {
  storage()?.setItem(HINT_KEY, '1');
}
