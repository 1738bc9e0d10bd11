// What to do with the selected cards, floating above the board: send them to a pile (the number
// keys do the same), back to unsorted, or make a new pile of them.
import type { Pile } from '#shared/schema/pile.js';
import { NUMBERED_PILES } from '#shared/sortLayout.js';
import { textOn } from '../../board/theme.js';
import { useT } from '../../i18n/index.js';

export interface SelectionBarProps {
  count: number;
  /** Piles in reading order. */
  piles: Pile[];
  onSendTo(pileId: string | null): void;
  onNewPile(): void;
  onOpen(): void;
  onClear(): void;
}

export function SelectionBar({ count, piles, onSendTo, onNewPile, onOpen, onClear }: SelectionBarProps) {
  const t = useT();
  return (
    <section className="selection-bar" aria-label={t('selection.label')} data-testid="selection-bar">
      <span className="selection-count">{t(count === 1 ? 'selection.countOne' : 'selection.countMany', { count })}</span>
      <span className="selection-divider" aria-hidden="true" />
      <span className="selection-to">{t('selection.moveTo')}</span>
      <div className="selection-piles">
        {piles.map((pile, i) => (
          <button
            key={pile.id}
            type="button"
            className="pile-chip"
            style={{ backgroundColor: pile.color, color: textOn(pile.color) }}
            onClick={() => onSendTo(pile.id)}
            title={i < NUMBERED_PILES ? t('selection.key', { key: i + 1 }) : undefined}
          >
            {i < NUMBERED_PILES && <kbd>{i + 1}</kbd>}
            <span>{pile.title.trim() || t('pile.untitled')}</span>
          </button>
        ))}
        <button
          type="button"
          className="pile-chip pile-chip-unsorted"
          onClick={() => onSendTo(null)}
          title={t('selection.key', { key: 'U' })}
        >
          <kbd>U</kbd>
          <span>{t('unsorted.title')}</span>
        </button>
      </div>
      <span className="selection-divider" aria-hidden="true" />
      <button type="button" className="button button-primary" onClick={onNewPile} title={t('selection.newPileHint')}>
        {t('selection.newPile')}
      </button>
      {count === 1 && (
        <button type="button" className="button button-secondary" onClick={onOpen}>
          {t('selection.open')}
        </button>
      )}
      <button
        type="button"
        className="icon-button selection-clear"
        onClick={onClear}
        aria-label={t('selection.clear')}
        title={t('selection.clearHint')}
      >
        ×
      </button>
    </section>
  );
}
