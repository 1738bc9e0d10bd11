// Drawing constants of the canvas, chosen to read from the back of a room on a projector.

export const FONT_FAMILY = '"Inter", "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif';

export const INK = '#1b2333';
export const MUTED_INK = '#5b6475';
export const BOARD_BACKGROUND = '#eef1f6';
/**
 * Below this zoom a card is under 45 px wide and its label unreadable: cards are drawn light
 * (CardShape `far`) and piles carry their title on a band sized for the screen (PileShape).
 */
export const FAR_SCALE = 0.3;

/** My selection: the interface's primary blue, distinct from every participant colour. */
export const SELECTION = '#2451b7';

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1, 7), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** `hex` mixed with white: `amount` 0 is white, 1 the colour itself. */
export function tint(hex: string, amount: number): string {
  const mixed = channels(hex).map((c) => Math.round(255 + (c - 255) * amount));
  return `rgb(${mixed.join(',')})`;
}

/** `hex` mixed with black: `amount` 0 is the colour, 1 black. */
export function shade(hex: string, amount: number): string {
  const mixed = channels(hex).map((c) => Math.round(c * (1 - amount)));
  return `rgb(${mixed.join(',')})`;
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Black-ish or white text, whichever contrasts more with a background of `hex` (WCAG ratio). */
export function textOn(hex: string): string {
  const l = luminance(hex);
  const withWhite = 1.05 / (l + 0.05);
  const withInk = (l + 0.05) / (luminance(INK) + 0.05);
  return withWhite >= withInk ? '#ffffff' : INK;
}

let measureContext: CanvasRenderingContext2D | null | undefined;

/** The width `text` takes in `fontWeight` `fontSize`px of the canvas font, measured as Konva will draw it. */
export function textWidth(text: string, fontSize: number, fontWeight: string | number = 'bold'): number {
  if (measureContext === undefined) measureContext = document.createElement('canvas').getContext('2d');
  if (!measureContext) return text.length * fontSize * 0.6;
  measureContext.font = `${fontWeight} ${fontSize}px ${FONT_FAMILY}`;
  return measureContext.measureText(text).width;
}
