// A toolbar drop-down's open state: it closes when the person presses outside it or hits Escape.
import { type RefObject, useEffect, useRef, useState } from 'react';

export function useMenu(): { open: boolean; setOpen(open: boolean): void; root: RefObject<HTMLDivElement | null> } {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    window.addEventListener('pointerdown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return { open, setOpen, root };
}
