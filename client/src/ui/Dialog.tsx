// The one modal dialog: a tinted backdrop over the page (a flat tint, never a filter of the live
// board beneath, which would be redrawn with every frame of it), and a box that screen readers
// announce as a modal dialog named by its title. Escape closes it, as does a press on the backdrop;
// a dialog without `onClose` (the name prompt) stays until it is answered.
import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';

export interface DialogProps {
  /** The id of the element that names the dialog (its heading). */
  labelledBy: string;
  /** The box's classes beyond `modal` (`modal-wide`, `panel-dialog`…). */
  className?: string;
  /** Closes the dialog: on Escape, on a press on the backdrop. */
  onClose?(): void;
  /** Keys besides Escape that close it (the shortcuts list closes on `?` too). */
  closeKeys?: readonly string[];
  /** The box is a form, submitted with Enter. */
  onSubmit?(event: FormEvent<HTMLFormElement>): void;
  testId?: string;
  children: ReactNode;
}

export function Dialog({ labelledBy, className, onClose, closeKeys = [], onSubmit, testId, children }: DialogProps) {
  const close = useRef(onClose);
  close.current = onClose;
  const keys = closeKeys.join(' ');
  const closable = onClose !== undefined;
  useEffect(() => {
    if (!closable) return;
    const closing = new Set(['Escape', ...keys.split(' ').filter(Boolean)]);
    const onKey = (event: KeyboardEvent) => {
      if (!closing.has(event.key)) return;
      if (event.key !== 'Escape') event.preventDefault();
      close.current?.();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [closable, keys]);

  const boxClass = className ? `modal ${className}` : 'modal';
  const box = onSubmit ? (
    <form className={boxClass} role="dialog" aria-modal="true" aria-labelledby={labelledBy} data-testid={testId} onSubmit={onSubmit}>
      {children}
    </form>
  ) : (
    <div className={boxClass} role="dialog" aria-modal="true" aria-labelledby={labelledBy} data-testid={testId}>
      {children}
    </div>
  );
  return (
    <div className="modal-backdrop" onPointerDown={onClose && ((event) => event.target === event.currentTarget && close.current?.())}>
      {box}
    </div>
  );
}
