// The pile palette's colours by name, for screen readers: "Colour sky blue", not "Colour #56b4e9".
import type { MessageKey, Translate } from '../i18n/index.js';

const NAMES: Record<string, MessageKey> = {
  '#e69f00': 'colorName.orange',
  '#56b4e9': 'colorName.skyBlue',
  '#009e73': 'colorName.bluishGreen',
  '#f0e442': 'colorName.yellow',
  '#0072b2': 'colorName.blue',
  '#bf5200': 'colorName.vermillion',
  // The palette's vermillion before it was darkened for contrast; older boards still hold it.
  '#d55e00': 'colorName.vermillion',
  '#cc79a7': 'colorName.reddishPurple',
  '#999999': 'colorName.grey',
};

export function colorName(t: Translate, hex: string): string {
  const key = NAMES[hex.toLowerCase()];
  return key ? t(key) : hex;
}
