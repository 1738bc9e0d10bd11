// The `?` overlay: every keyboard shortcut of the board, grouped, in the current language.
import { useEffect, useId, useRef } from 'react';
import { type MessageKey, useT } from '../../i18n/index.js';
import { Dialog } from '../../ui/Dialog.js';

const SECTIONS: { title: MessageKey; rows: [string[], MessageKey][] }[] = [
  {
    title: 'shortcuts.moving',
    rows: [
      [['Tab', 'Shift+Tab'], 'shortcuts.tab'],
      [['←', '→', '↑', '↓'], 'shortcuts.arrows'],
      [['key.home', 'key.end'], 'shortcuts.homeEnd'],
      [['key.space'], 'shortcuts.space'],
      [['key.enter'], 'shortcuts.enter'],
    ],
  },
  {
    title: 'shortcuts.sorting',
    rows: [
      [['1', '…', '9'], 'shortcuts.numbers'],
      [['U'], 'shortcuts.unsorted'],
      [['Alt+←', 'Alt+→'], 'shortcuts.reorder'],
      [['F2'], 'shortcuts.rename'],
      [['N'], 'shortcuts.newPile'],
      [['Esc'], 'shortcuts.escape'],
      [['Ctrl+Z'], 'shortcuts.undo'],
      [['Ctrl+Shift+Z', 'Ctrl+Y'], 'shortcuts.redo'],
    ],
  },
  {
    title: 'shortcuts.board',
    rows: [
      [['+', '−', '0'], 'shortcuts.zoom'],
      [['O'], 'shortcuts.outline'],
      [['?'], 'shortcuts.help'],
    ],
  },
  {
    title: 'shortcuts.viewer',
    rows: [
      [['←', '→'], 'shortcuts.viewerStep'],
      [['1', '…', '9', 'U'], 'shortcuts.viewerSend'],
      [['R', 'Shift+R'], 'shortcuts.viewerTurn'],
      [['Esc'], 'shortcuts.viewerClose'],
    ],
  },
  {
    // The annotation tools' own keys (features/annotations/AnnotationTools.tsx), named as its buttons are.
    title: 'shortcuts.tools',
    rows: [
      [['V'], 'tools.select'],
      [['P'], 'tools.pen'],
      [['H'], 'tools.highlighter'],
      [['E'], 'tools.eraser'],
      [['L'], 'tools.laser'],
      [['S'], 'tools.note'],
    ],
  },
];

export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const t = useT();
  const titleId = useId();
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Focus goes back where it was when the list closes.
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <Dialog labelledBy={titleId} className="modal-wide shortcuts-dialog" onClose={onClose} closeKeys={['?']} testId="shortcuts">
      <h2 id={titleId}>{t('shortcuts.title')}</h2>
      <div className="shortcuts-columns">
        {SECTIONS.map((section) => (
          <section key={section.title} className="shortcuts-section">
            <h3>{t(section.title)}</h3>
            <dl className="shortcuts-list">
              {section.rows.map(([keys, text]) => (
                <div key={text} className="shortcuts-row">
                  <dt>
                    {keys.map((key) => (
                      <kbd key={key}>{key.startsWith('key.') ? t(key as MessageKey) : key}</kbd>
                    ))}
                  </dt>
                  <dd>{t(text)}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <p className="modal-text shortcuts-touch">{t('shortcuts.touch')}</p>
      <div className="modal-actions">
        <button type="button" className="button button-primary" onClick={onClose} ref={close}>
          {t('shortcuts.close')}
        </button>
      </div>
    </Dialog>
  );
}
