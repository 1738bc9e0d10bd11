// The Spanish interface speaks to its reader as usted, everywhere: a page that mixes tú, usted and
// ustedes reads as careless to the teachers it serves. Words addressed to students (a task's
// example) are the exception, and are listed here by key.
import { describe, expect, it } from 'vitest';
import { CATALOGS } from '../../client/src/i18n/index.js';

/** Strings written to students, whom worksheets address as tú. */
const TO_STUDENTS = new Set(['landing.taskPlaceholder']);

/**
 * Pronouns of tú anywhere, and its imperatives where an instruction starts (mid-sentence, "abre"
 * or "usa" are the third person: "se abre la siguiente").
 */
const TU =
  /\b(tú|tu|tus|te|ti|contigo)\b|(^|[.:;!?¿¡«]\s*)(agrupa|elige|escribe|arrastra|pulsa|haz|usa|abre|guarda|comparte|prueba|crea|sube|mira)\b/iu;
const USTEDES = /\b(extiendan|agrupen|nombren|planifiquen|guárdenlos|compártanlos|agrúpenlos|suban|elijan|prueben)\b/iu;

describe('the Spanish register', () => {
  const spanish = Object.assign({}, ...CATALOGS.map((catalog) => catalog.es)) as Record<string, string>;

  it('has strings to check', () => {
    expect(Object.keys(spanish).length).toBeGreaterThan(300);
    // The patterns do find what they look for.
    expect(TU.test('Agrupa el trabajo')).toBe(true);
    expect(USTEDES.test('Extiendan los trabajos')).toBe(true);
  });

  it('never addresses the reader as tú or as ustedes', () => {
    const offending = Object.entries(spanish)
      .filter(([key]) => !TO_STUDENTS.has(key))
      .filter(([key, text]) => TU.test(text) || (key.startsWith('landing.') && USTEDES.test(text)))
      .map(([key, text]) => `${key}: ${text}`);
    expect(offending).toEqual([]);
  });
});
