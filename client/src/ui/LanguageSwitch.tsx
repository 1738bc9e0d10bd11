// The language switch: English or Spanish, chosen from the browser at first, remembered once picked.
import { useId } from 'react';
import { isLanguage, LANGUAGES, useLanguage, useT } from '../i18n/index.js';

export function LanguageSwitch({ className = '' }: { className?: string }) {
  const t = useT();
  const id = useId();
  const { language, setLanguage } = useLanguage();
  return (
    <span className={`language-switch ${className}`}>
      <label htmlFor={id} className="language-switch-label">
        {t('language.label')}
      </label>
      <select
        id={id}
        className="input language-select"
        value={language}
        data-testid="language-switch"
        onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}
      >
        {Object.entries(LANGUAGES).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </span>
  );
}
