// Colours people are given stay legible on a projector: white text on every participant's avatar
// and every pile palette colour, darkened as needed, meets WCAG AA.
import { describe, expect, it } from 'vitest';
import { PARTICIPANT_COLORS, PILE_COLORS } from '#shared/colors.js';
import { textOn } from '../../client/src/board/theme.js';
import { contrastRatio, fillForWhiteText } from '../../client/src/ui/contrast.js';

const rgb = (css: string): number[] =>
  css.startsWith('#') ? [1, 3, 5].map((i) => Number.parseInt(css.slice(i, i + 2), 16)) : (css.match(/\d+/g) ?? []).map(Number);

describe('contrast of given colours', () => {
  it('white initials on every participant colour reach 4.5:1 once filled', () => {
    for (const color of PARTICIPANT_COLORS)
      expect(contrastRatio(rgb(fillForWhiteText(color)), [255, 255, 255]), color).toBeGreaterThanOrEqual(4.5);
  });

  it('a fill that already reads is left as it is', () => {
    expect(rgb(fillForWhiteText('#1b2333'))).toEqual([27, 35, 51]);
  });

  it('pile titles drawn on the pile palette reach 4.5:1 in the colour the canvas picks', () => {
    for (const color of PILE_COLORS) expect(contrastRatio(rgb(textOn(color)), rgb(color)), color).toBeGreaterThanOrEqual(4.5);
  });
});
