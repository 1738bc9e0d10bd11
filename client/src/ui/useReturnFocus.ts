// When a dialog or panel opened from the keyboard closes, focus goes back where it was (the card
// or pile in the board's focus list, the outline's item), not to the top of the page (WAI-ARIA
// dialog pattern).
import { useEffect, useRef } from 'react';

/** Where focus sits in the page around the board, as opposed to inside a dialog or panel. */
const inside = '[role="dialog"], [role="alertdialog"], .side-panel, .popover';

export function useReturnFocus(open: boolean): void {
  // The last place focused outside dialogs: a dialog takes focus in its own effect, before ours runs.
  const lastOutside = useRef<HTMLElement | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    const onFocus = (event: FocusEvent) => {
      const target = event.target;
      if (target instanceof HTMLElement && !target.closest(inside)) lastOutside.current = target;
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, []);
  useEffect(() => {
    if (open && !wasOpen.current) opener.current = lastOutside.current;
    if (!open && wasOpen.current) {
      const back = opener.current;
      opener.current = null;
      // Only when focus was left nowhere: a person who moved on meanwhile keeps their place.
      const lost = !document.activeElement || document.activeElement === document.body;
      if (back?.isConnected && lost) back.focus({ preventScroll: true });
    }
    wasOpen.current = open;
  }, [open]);
}
