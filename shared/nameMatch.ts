// Matching what a person types, or what was read from a page's name region, against a class
// roster ("Who is this?", README "Classes"). Pure: the server ranks what it read, the client
// filters as the teacher types, with the same folding of names.

export interface RosterName {
  studentId: string;
  name: string;
}

export interface NameSuggestion {
  studentId: string;
  /** 0..1: how closely the page's text matches the name. */
  score: number;
}

/** Words a worksheet prints beside the name line, in English and Spanish: never part of a name. */
const FORM_WORDS = new Set([
  'name',
  'names',
  'nombre',
  'date',
  'fecha',
  'class',
  'clase',
  'period',
  'periodo',
  'grade',
  'grado',
  'teacher',
  'maestro',
  'maestra',
  'student',
  'estudiante',
  'score',
  'room',
]);

/**
 * A name as compared: accents and case dropped (OCR and hurried typing both lose them), anything
 * but letters and digits a space. "María-José O'Neil" → "maria jose o neil".
 */
export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function words(text: string): string[] {
  return foldName(text).split(' ').filter(Boolean);
}

/** Edit distance (insertions, deletions, substitutions), for short words. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 0 : 1 - editDistance(a, b) / longest;
}

/**
 * The roster's students that the text read from a name region may name, best first, at most
 * `limit`. Each word of a student's name is matched with the closest word read (OCR misreads a
 * letter or two); a name is suggested only when its words are, on average, mostly there.
 * A suggestion is only that: a person confirms it before any card is named.
 */
export function rankRoster(readText: string, roster: readonly RosterName[], limit = 3): NameSuggestion[] {
  const read = words(readText).filter((word) => !FORM_WORDS.has(word) && word.length > 1);
  if (read.length === 0) return [];
  const scored = roster.map((student) => {
    const parts = words(student.name);
    if (parts.length === 0) return { studentId: student.studentId, score: 0 };
    const perPart = parts.map((part) => Math.max(...read.map((word) => similarity(part, word))));
    // A one-word read matching only a first name shared by two students ranks both alike: fine,
    // the person chooses. Longer parts weigh more: an initial says little.
    const weights = parts.map((part) => Math.min(part.length, 8));
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    const score = perPart.reduce((sum, value, i) => sum + value * (weights[i] as number), 0) / total;
    return { studentId: student.studentId, score: Math.round(score * 1000) / 1000 };
  });
  return scored
    .filter((entry) => entry.score >= 0.6)
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
}

/**
 * The students whose names fit what the person has typed so far, in roster order but with names
 * that start with it first: every typed word must begin a word of the name ("ma lo" finds
 * "María López"). An empty query keeps the whole roster.
 */
export function filterRoster<T extends RosterName>(query: string, roster: readonly T[]): T[] {
  const typed = words(query);
  if (typed.length === 0) return [...roster];
  const folded = foldName(query);
  const fits = roster.filter((student) => {
    const parts = words(student.name);
    return typed.every((word) => parts.some((part) => part.startsWith(word)));
  });
  const starts = fits.filter((student) => foldName(student.name).startsWith(folded));
  return [...starts, ...fits.filter((student) => !starts.includes(student))];
}
