// The text size of the interface around the board (a projector at the back of a room, a tablet
// held at arm's length), remembered on this device. Applied as a CSS custom property.
import { storage } from './identity.js';

export const TEXT_SIZES = [1, 1.15, 1.3, 1.5] as const;
const KEY = 'worksort:text-size';

export function loadTextSize(): number {
  const saved = Number(storage()?.getItem(KEY));
  return TEXT_SIZES.includes(saved as (typeof TEXT_SIZES)[number]) ? saved : 1;
}

export function applyTextSize(size: number): void {
  document.documentElement.style.setProperty('--text-scale', String(size));
  document.documentElement.dataset.textSize = String(size);
}

export function saveTextSize(size: number): void {
  applyTextSize(size);
  if (size === 1) storage()?.removeItem(KEY);
  else storage()?.setItem(KEY, String(size));
}
