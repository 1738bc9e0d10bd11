// Private first (protocol phase 2): each person sorts on their own layer before the team compares.
// Three flat top-level maps, so each drop is one small write and no two people ever create the same
// nested map at once:
//   `privateSortPlacements`: `<participantId>/<cardId>` → `{ pileId, order }` (one per card a person placed),
//   `privateSortPeople`:     `<participantId>` → `{ name, color }` (who a layer belongs to),
//   `privateSortSettled`:    `<cardId>` → `{ pileId }` (the team's decision on a card they disagreed on).
// Layers are hidden by the interface until the facilitator reveals them; the document is not secret
// from someone holding the board's link (every participant receives it).
import type * as Y from 'yjs';
import { HEX_COLOR } from './fields.js';

export interface PrivatePlacement {
  pileId: string | null;
  order: number;
}

export interface PrivateSorter {
  id: string;
  name: string;
  color: string;
}

/** One person's layer: where they put each card they placed. */
export interface PrivateLayer extends PrivateSorter {
  placements: Map<string, PrivatePlacement>;
}

const SEPARATOR = '/';
export const MAX_SORTER_NAME_LENGTH = 40;

export function privatePlacementsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('privateSortPlacements');
}

export function privateSortersMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('privateSortPeople');
}

export function settledMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('privateSortSettled');
}

/** A participant id as it may appear in keys: no separator, not empty, bounded. */
export function isParticipantId(value: string): boolean {
  return value.length > 0 && value.length <= 64 && !value.includes(SEPARATOR);
}

function readPlacement(value: unknown): PrivatePlacement | null {
  if (typeof value !== 'object' || value === null) return null;
  const { pileId, order } = value as Record<string, unknown>;
  if (pileId !== null && (typeof pileId !== 'string' || pileId === '')) return null;
  return { pileId: pileId as string | null, order: typeof order === 'number' && Number.isFinite(order) ? order : 0 };
}

/** Everyone's layers, keyed by participant id; a layer with no placements is still listed if its person is. */
export function readPrivateLayers(doc: Y.Doc): Map<string, PrivateLayer> {
  const layers = new Map<string, PrivateLayer>();
  const layerOf = (id: string): PrivateLayer => {
    let layer = layers.get(id);
    if (!layer) {
      layer = { id, name: '', color: '#34495e', placements: new Map() };
      layers.set(id, layer);
    }
    return layer;
  };
  privateSortersMap(doc).forEach((value, id) => {
    if (!isParticipantId(id) || typeof value !== 'object' || value === null) return;
    const { name, color } = value as Record<string, unknown>;
    const layer = layerOf(id);
    if (typeof name === 'string') layer.name = name.slice(0, MAX_SORTER_NAME_LENGTH);
    if (typeof color === 'string' && HEX_COLOR.test(color)) layer.color = color.toLowerCase();
  });
  privatePlacementsMap(doc).forEach((value, key) => {
    const at = key.indexOf(SEPARATOR);
    if (at <= 0) return;
    const id = key.slice(0, at);
    const cardId = key.slice(at + 1);
    const placement = readPlacement(value);
    if (!cardId || !placement || !isParticipantId(id)) return;
    layerOf(id).placements.set(cardId, placement);
  });
  return layers;
}

/** My layer alone (what my board shows while sorting privately). */
export function readPrivateLayer(doc: Y.Doc, participantId: string): Map<string, PrivatePlacement> {
  return readPrivateLayers(doc).get(participantId)?.placements ?? new Map();
}

export function setPrivateSorter(doc: Y.Doc, sorter: PrivateSorter): void {
  if (!isParticipantId(sorter.id)) return;
  const map = privateSortersMap(doc);
  const current = map.get(sorter.id) as { name?: unknown; color?: unknown } | undefined;
  const name = sorter.name.slice(0, MAX_SORTER_NAME_LENGTH);
  if (current?.name === name && current?.color === sorter.color) return;
  map.set(sorter.id, { name, color: sorter.color });
}

/** Writes my placements of some cards (one drop), in one transaction. */
export function placePrivately(doc: Y.Doc, participantId: string, placements: ReadonlyMap<string, PrivatePlacement>): void {
  if (!isParticipantId(participantId) || placements.size === 0) return;
  const map = privatePlacementsMap(doc);
  doc.transact(() => {
    for (const [cardId, placement] of placements) {
      map.set(`${participantId}${SEPARATOR}${cardId}`, { pileId: placement.pileId, order: placement.order });
    }
  });
}

/** Forgets every private layer and decision (a fresh private sort). */
export function clearPrivateSort(doc: Y.Doc): void {
  doc.transact(() => {
    for (const map of [privatePlacementsMap(doc), privateSortersMap(doc), settledMap(doc)]) {
      for (const key of [...map.keys()]) map.delete(key);
    }
  });
}

/** Card id → the pile the team settled on, for cards they disagreed on. */
export function readSettled(doc: Y.Doc): Map<string, string | null> {
  const settled = new Map<string, string | null>();
  settledMap(doc).forEach((value, cardId) => {
    const placement = readPlacement(value);
    if (placement) settled.set(cardId, placement.pileId);
  });
  return settled;
}

export function markSettled(doc: Y.Doc, cardId: string, pileId: string | null): void {
  settledMap(doc).set(cardId, { pileId, order: 0 });
}
