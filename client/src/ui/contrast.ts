// WCAG 2.2 contrast for colours people pick or are given (participants, piles): the interface keeps
// their hue but darkens a fill until white text on it reads at AA (4.5:1) on a projector.

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.replace('#', '').slice(0, 6), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function luminance(rgb: readonly number[]): number {
  const [r = 0, g = 0, b = 0] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: readonly number[], b: readonly number[]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** `hex`, darkened just enough that white text on it has at least `ratio` contrast. */
export function fillForWhiteText(hex: string, ratio = 4.6): string {
  const base = channels(hex);
  for (let amount = 0; amount <= 1; amount += 0.05) {
    const mixed = base.map((c) => Math.round(c * (1 - amount)));
    if (contrastRatio(mixed, [255, 255, 255]) >= ratio) return `rgb(${mixed.join(',')})`;
  }
  return '#000000';
}
