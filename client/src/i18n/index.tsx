// All interface text in one place: the catalogs under messages/, English and Spanish. The
// language comes from the browser, and a switch overrides it (remembered on this device).
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { LANGUAGES, type Language } from './define.js';
import { access } from './messages/access.js';
import { annotations } from './messages/annotations.js';
import { classes } from './messages/classes.js';
import { common } from './messages/common.js';
import { history } from './messages/history.js';
import { pages } from './messages/pages.js';
import { panels } from './messages/panels.js';
import { privacy } from './messages/privacy.js';
import { protocol } from './messages/protocol.js';
import { shareout } from './messages/shareout.js';
import { sorting } from './messages/sorting.js';

/** Every catalog of the app; an area adds its module here. */
export const CATALOGS = [common, sorting, panels, annotations, pages, access, protocol, shareout, classes, history, privacy] as const;

type KeysOf<C> = C extends { en: Record<infer K, string> } ? K : never;
export type MessageKey = KeysOf<(typeof CATALOGS)[number]>;

const STORAGE_KEY = 'worksort:language';

function merged(language: Language): Record<string, string> {
  return Object.assign({}, ...CATALOGS.map((catalog) => catalog[language]));
}

const MESSAGES: Record<Language, Record<string, string>> = { en: merged('en'), es: merged('es') };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && value in LANGUAGES;
}

/** The saved choice, else the first browser language we ship, else English. */
export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // Storage can be disabled; the browser's languages still decide.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** `{name}` placeholders are filled from `params`; a missing key shows itself, never blank. */
export function translate(language: Language, key: MessageKey, params?: Record<string, string | number>): string {
  const template = MESSAGES[language][key] ?? MESSAGES.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

interface LanguageContextValue {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
}

const LanguageContext = createContext<LanguageContextValue>({
  language: 'en',
  setLanguage: () => {},
  t: (key, params) => translate('en', key, params),
});

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  // Screen readers pick their voice from the page's language.
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    document.documentElement.lang = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not remembered, but still switched for this page.
    }
  }, []);
  const value = useMemo<LanguageContextValue>(
    () => ({ language, setLanguage, t: (key, params) => translate(language, key, params) }),
    [language, setLanguage],
  );
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

/** The translate function of the current language. */
export function useT(): Translate {
  return useContext(LanguageContext).t;
}

export function useLanguage(): Pick<LanguageContextValue, 'language' | 'setLanguage'> {
  const { language, setLanguage } = useContext(LanguageContext);
  return { language, setLanguage };
}

export { LANGUAGES, type Language };
