// Keyboard sorting: number keys send the selected cards to pile 1–9 (numbered on the piles'
// headers, in reading order), U back to unsorted, arrows move one card within its pile, Enter opens
// it, Escape lets go of the selection; Ctrl/Cmd-Z and Shift-Z undo and redo my own changes.
import { useEffect, useRef } from 'react';
import { pileByNumber } from '#shared/sorting.js';
import type { Sorting } from '../../board/hooks/useSorting.js';
import type { History } from '../../sync/history.js';

const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement && target.closest('input, textarea, select, [contenteditable="true"]') !== null;

export function useSortingKeys(options: { sorting: Sorting; history: History; canEdit: boolean; onOpenCard(cardId: string): void }): void {
  const live = useRef(options);
  live.current = options;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const { sorting, history, canEdit, onOpenCard } = live.current;
      if (event.defaultPrevented || typingIn(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && !event.altKey && (key === 'z' || key === 'y')) {
        if (!canEdit) return;
        if (key === 'y' || event.shiftKey) history.redo();
        else history.undo();
        event.preventDefault();
        return;
      }
      if (mod || event.altKey || document.querySelector('[aria-modal="true"]')) return;
      const selected = sorting.selection;
      if (event.key === 'Escape' && selected.size > 0) {
        sorting.select([], 'replace');
      } else if (/^[1-9]$/.test(event.key) && selected.size > 0 && canEdit) {
        const pileId = pileByNumber(sorting.layout, Number(event.key));
        if (!pileId) return;
        sorting.sendTo(pileId);
      } else if (key === 'u' && selected.size > 0 && canEdit) {
        sorting.sendTo(null);
      } else if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && selected.size === 1 && canEdit) {
        sorting.step(event.key === 'ArrowLeft' ? -1 : 1);
      } else if (event.key === 'Enter' && selected.size === 1) {
        const [id] = [...selected];
        if (id) onOpenCard(id);
      } else {
        return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
