// A message catalog is one module per area of the interface, written in every shipped language
// side by side. `defineMessages` makes TypeScript refuse a catalog whose languages have
// different keys, so no language can miss a string.

export const LANGUAGES = { en: 'English', es: 'Español' } as const;
export type Language = keyof typeof LANGUAGES;

export type Catalog<K extends string> = Record<Language, Record<K, string>>;

export function defineMessages<K extends string>(catalog: { en: Record<K, string>; es: Record<NoInfer<K>, string> }): Catalog<K> {
  return catalog;
}
