// Tolerant readers for fields of Yjs maps. Documents come from old versions and from clients we do
// not control, so every read checks the type and falls back to a default instead of throwing.
import * as Y from 'yjs';

export function readString(map: Y.Map<unknown>, key: string, fallback = ''): string {
  const value = map.get(key);
  return typeof value === 'string' ? value : fallback;
}

export function readNumber(map: Y.Map<unknown>, key: string, fallback = 0): number {
  const value = map.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function readBoolean(map: Y.Map<unknown>, key: string, fallback = false): boolean {
  const value = map.get(key);
  return typeof value === 'boolean' ? value : fallback;
}

export function readNullableString(map: Y.Map<unknown>, key: string): string | null {
  const value = map.get(key);
  return typeof value === 'string' && value !== '' ? value : null;
}

export function readStringArray(map: Y.Map<unknown>, key: string): string[] {
  const value = map.get(key);
  if (value instanceof Y.Array) return value.toArray().filter((v): v is string => typeof v === 'string');
  return [];
}

export function readText(map: Y.Map<unknown>, key: string): string {
  const value = map.get(key);
  if (value instanceof Y.Text) return value.toString();
  return typeof value === 'string' ? value : '';
}

export const HEX_COLOR = /^#[0-9a-f]{6}$/i;

export function readColor(map: Y.Map<unknown>, key: string, fallback: string): string {
  const value = map.get(key);
  return typeof value === 'string' && HEX_COLOR.test(value) ? value.toLowerCase() : fallback;
}
