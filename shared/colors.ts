// Colours for piles and participants. The pile palette is Okabe–Ito's, chosen because people with
// the common colour-vision deficiencies can still tell its hues apart on a projector. Its
// vermillion is darkened (#d55e00 to #bf5200) so that a pile's title reads at WCAG AA (4.5:1) in
// white on it; the original left every text colour under 4.1:1. Piles are also numbered, never
// told apart by colour alone.

export const PILE_COLORS = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#bf5200', '#cc79a7', '#999999'] as const;

export const DEFAULT_PILE_COLOR = PILE_COLORS[0];

/** The pile colour to use for the n-th pile created on a board. */
export function pileColorFor(index: number): string {
  return PILE_COLORS[((index % PILE_COLORS.length) + PILE_COLORS.length) % PILE_COLORS.length] ?? DEFAULT_PILE_COLOR;
}

/** Saturated, dark-enough colours for cursors and name tags that read on a light board. */
export const PARTICIPANT_COLORS = ['#d7263d', '#1b998b', '#2e86ab', '#8e44ad', '#e67e22', '#27ae60', '#b5179e', '#34495e'] as const;

export function participantColorFor(seed: string): string {
  let hash = 0;
  for (const char of seed) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return PARTICIPANT_COLORS[hash % PARTICIPANT_COLORS.length] ?? PARTICIPANT_COLORS[0];
}
