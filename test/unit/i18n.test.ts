// Every interface string exists in every shipped language, and placeholders survive translation.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../client/src/i18n/define.js';
import { CATALOGS, translate } from '../../client/src/i18n/index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('interface text', () => {
  it('each catalog has the same keys, all non-empty, in every language', () => {
    for (const catalog of CATALOGS) {
      const english = Object.keys(catalog.en).sort();
      for (const language of Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]) {
        expect(Object.keys(catalog[language]).sort()).toEqual(english);
        for (const key of english) expect((catalog[language] as Record<string, string>)[key]?.trim()).toBeTruthy();
      }
    }
  });

  it('translations keep the placeholders of the English text', () => {
    for (const catalog of CATALOGS) {
      for (const [key, english] of Object.entries(catalog.en)) {
        expect(placeholders((catalog.es as Record<string, string>)[key] ?? ''), key).toEqual(placeholders(english as string));
      }
    }
  });

  it('no key is defined by two catalogs', () => {
    const seen = new Set<string>();
    for (const catalog of CATALOGS) {
      for (const key of Object.keys(catalog.en)) {
        expect(seen.has(key), key).toBe(false);
        seen.add(key);
      }
    }
  });

  it('every catalog module under messages/ is registered with the app', async () => {
    const folder = path.resolve(import.meta.dirname, '../../client/src/i18n/messages');
    const registered = new Set<unknown>(CATALOGS);
    for (const file of fs.readdirSync(folder).filter((name) => name.endsWith('.ts'))) {
      const module: Record<string, unknown> = await import(path.join(folder, file));
      for (const [name, catalog] of Object.entries(module)) expect(registered.has(catalog), `${file}: ${name}`).toBe(true);
    }
  });

  it('fills placeholders', () => {
    expect(translate('es', 'zoom.level', { percent: 50 })).toBe('Zoom 50 %, volver al 100 %');
  });
});
