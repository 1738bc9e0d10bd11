// "Display": how the interface reads for me — its language, its text size — and the list of
// keyboard shortcuts. A disclosure under one toolbar button, to keep the toolbar short on a tablet.
import { useEffect, useState } from 'react';
import { useT } from '../../i18n/index.js';
import { applyTextSize, loadTextSize, saveTextSize, TEXT_SIZES } from '../../sync/textSize.js';
import { LanguageSwitch } from '../../ui/LanguageSwitch.js';
import { MenuButton } from '../../ui/MenuButton.js';

export function DisplayMenu({ onShortcuts }: { onShortcuts(): void }) {
  const t = useT();
  const [size, setSize] = useState(loadTextSize);
  useEffect(() => applyTextSize(size), [size]);
  const index = TEXT_SIZES.indexOf(size as (typeof TEXT_SIZES)[number]);
  const change = (delta: number) => {
    const next = TEXT_SIZES[Math.max(0, Math.min(TEXT_SIZES.length - 1, index + delta))] ?? 1;
    setSize(next);
    saveTextSize(next);
  };
  return (
    <MenuButton
      className="display-menu"
      buttonClassName="button button-secondary toolbar-panel-button"
      title={t('display.title')}
      testId="display-menu"
      hasPopup={false}
      popoverClassName="display-popover"
      legend={t('display.title')}
      label={
        <>
          <span aria-hidden="true" className="display-glyph">
            Aa
          </span>
          <span className="toolbar-panel-label">{t('display.button')}</span>
        </>
      }
    >
      {(close) => (
        <>
          <LanguageSwitch className="display-row" />
          <fieldset className="display-row display-fieldset">
            <legend className="visually-hidden">{t('display.textSize')}</legend>
            <span className="language-switch-label" aria-hidden="true">
              {t('display.textSize')}
            </span>
            <div className="text-size-controls">
              <button
                type="button"
                className="icon-button"
                onClick={() => change(-1)}
                disabled={index <= 0}
                title={t('display.textSmaller')}
              >
                <span aria-hidden="true">A−</span>
                <span className="visually-hidden">{t('display.textSmaller')}</span>
              </button>
              <output className="text-size-value" aria-live="polite">
                {t('display.textPercent', { percent: Math.round(size * 100) })}
              </output>
              <button
                type="button"
                className="icon-button"
                onClick={() => change(1)}
                disabled={index >= TEXT_SIZES.length - 1}
                title={t('display.textLarger')}
                data-testid="text-larger"
              >
                <span aria-hidden="true">A+</span>
                <span className="visually-hidden">{t('display.textLarger')}</span>
              </button>
            </div>
          </fieldset>
          <button
            type="button"
            className="menu-item"
            onClick={() => {
              close();
              onShortcuts();
            }}
          >
            {t('display.shortcuts')}
          </button>
        </>
      )}
    </MenuButton>
  );
}
