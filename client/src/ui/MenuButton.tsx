// The one drop-down menu of the toolbar (names, display, export): a button that opens a group of
// controls beneath it, which closes when the person presses outside it or hits Escape.
import { type ReactNode, useCallback, useRef, useState } from 'react';
import { useDismiss } from './useDismiss.js';

export interface MenuButtonProps {
  /** The class of the element holding the button and its menu. */
  className: string;
  buttonClassName: string;
  /** What the button shows. */
  label: ReactNode;
  /** The menu's name for screen readers. */
  legend: string;
  /** Classes of the menu beyond `popover`. */
  popoverClassName?: string;
  title?: string;
  testId?: string;
  /** Whether the button announces that it opens a menu (aria-haspopup). */
  hasPopup?: boolean;
  /** The menu's controls; `close` closes it, e.g. after a choice. */
  children(close: () => void): ReactNode;
}

export function MenuButton({
  className,
  buttonClassName,
  label,
  legend,
  popoverClassName,
  title,
  testId,
  hasPopup = true,
  children,
}: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(
    open,
    useCallback(() => setOpen(false), []),
    root,
  );
  return (
    <div className={className} ref={root}>
      <button
        type="button"
        className={buttonClassName}
        aria-expanded={open}
        aria-haspopup={hasPopup ? 'true' : undefined}
        title={title}
        data-testid={testId}
        onClick={() => setOpen(!open)}
      >
        {label}
      </button>
      {open && (
        <fieldset className={popoverClassName ? `popover ${popoverClassName}` : 'popover'}>
          <legend className="visually-hidden">{legend}</legend>
          {children(() => setOpen(false))}
        </fieldset>
      )}
    </div>
  );
}
