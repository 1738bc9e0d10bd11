// Strategy, not ability: pile names that sound like ability tiers ("high", "low", "level 1",
// "got it", "below grade", "alto", "nivel 2"…) earn a gentle reminder to group by the thinking the
// work shows. Detection only; the interface decides how to say it, and never blocks the name.

/** Lower case, accents dropped, anything but letters and digits turned into single spaces. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Each pattern matches whole words of a normalized title (see `normalizeTitle`).
const TIER_PATTERNS: readonly RegExp[] = [
  // English
  /\b(high|higher|highest|low|lower|lowest|medium)\b/,
  /^(middle|mid|top|bottom)$/,
  /\b(middle|mid|top|bottom) (group|kids|students|tier|level|performers|achievers)\b/,
  /\b(level|tier|band) ?[0-9ivx]+\b/,
  /\b(advanced|proficient|basic|below basic|remedial|gifted)\b/,
  /\b(struggling|strugglers?|weak|weaker|strong|stronger|smart|bright)\b/,
  /\b(slow|fast) (learners?|kids|students|ones|group)\b/,
  /\b(below|above|at|on|approaching) (grade|level|grade level|standard|benchmark)\b/,
  /\b(got it|gets it|didnt get it|doesnt get it|dont get it|not getting it|clueless)\b/,
  // Spanish
  /\b(nivel|grupo) (alto|bajo|medio|basico|avanzado)\b/,
  /^(los |las )?(altos?|altas?|bajos?|bajas?|medios?|medias?)$/,
  /\b(alto|bajo) (rendimiento|nivel|desempeno)\b/,
  /\b(nivel|grupo) ?[0-9ivx]+\b/,
  /\b(avanzados?|avanzadas?|basicos?|basicas?|rezagados?|rezagadas?|fuertes|debiles|listos|listas|lentos|lentas)\b/,
  /\b(con dificultad|con dificultades|tiene dificultades|tienen dificultades)\b/,
  /\b(por debajo|por encima|al nivel) del? (grado|nivel)\b/,
  /\b(lo entendio|lo entiende|lo entienden|lo entendieron|no lo entiende|no lo entienden|no entiende|no entienden)\b/,
];

/** The words that make `title` look like an ability tier, or null if it names thinking. */
export function tierWords(title: string): string | null {
  const normalized = normalizeTitle(title);
  if (!normalized) return null;
  for (const pattern of TIER_PATTERNS) {
    const found = pattern.exec(normalized);
    if (found) return found[0];
  }
  return null;
}

export function looksLikeTier(title: string): boolean {
  return tierWords(title) !== null;
}

/**
 * Whether a pile's reminder is shown: its title sounds like a tier and the team has not dismissed
 * the reminder for this very title (a dismissal is kept with the title it was given for).
 */
export function tierReminderShown(pile: { title: string; tierReminderDismissed: string }): boolean {
  if (!looksLikeTier(pile.title)) return false;
  return normalizeTitle(pile.tierReminderDismissed) !== normalizeTitle(pile.title);
}
