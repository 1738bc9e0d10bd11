// The layer of cards at rest. Cards someone is dragging are left out here and drawn on the drag
// layer, so a drag redraws one small layer instead of every card (README, "Measured facts": 16.9 ms → 0.5 ms).
// Cards far off screen are kept but not drawn, and hold no image.
import { memo } from 'react';
import { CARD_HEIGHT, CARD_WIDTH, type Rect } from '#shared/layout.js';
import type { PageRect } from '#shared/pageGeometry.js';
import type { AnnotationCount } from '#shared/schema/annotations.js';
import { batchOf } from '#shared/schema/batch.js';
import { type Card, pageRotation } from '#shared/schema/card.js';
import type { SortLayout } from '#shared/sortLayout.js';
import type { ImageLevel } from '../imageCache.js';
import { Layer } from '../konva.js';
import { CardShape, TAG_JOIN } from './CardShape.js';

export interface CardsLayerProps {
  cards: ReadonlyMap<string, Card>;
  layout: SortLayout;
  hiddenIds: ReadonlySet<string>;
  /** Board area worth drawing; cards outside it are kept but not drawn. */
  drawArea: Rect;
  level: ImageLevel;
  detail: boolean;
  /** Zoomed far out: cards are drawn light (CardShape `far`). */
  far: boolean;
  /** `Student 1`, `Student 2`, … by card id while names are hidden; null while they are shown. */
  hiddenLabels: ReadonlyMap<string, string> | null;
  /** Name bands by batch, masked while names are hidden. */
  nameBands: ReadonlyMap<string, PageRect>;
  /** Where each page's student worked, by page id: the faces show that part. */
  workRegions: ReadonlyMap<string, PageRect>;
  annotations: ReadonlyMap<string, AnnotationCount>;
  selection: ReadonlySet<string>;
}

/** The props of a card's shape that follow from the card and the board's settings. */
export function cardLook(
  card: Card,
  hiddenLabels: ReadonlyMap<string, string> | null,
  nameBands: ReadonlyMap<string, PageRect>,
  workRegions: ReadonlyMap<string, PageRect>,
): {
  label: string;
  unnamed: boolean;
  page: string | null;
  rotation: ReturnType<typeof pageRotation>;
  nameBand: PageRect | null;
  work: PageRect | null;
  tags: string;
} {
  const page = card.pages[0] ?? null;
  const hidden = hiddenLabels?.get(card.id);
  const label = hidden ?? card.student.trim();
  return {
    label,
    unnamed: label === '',
    page,
    rotation: page ? pageRotation(card, page) : 0,
    nameBand: hiddenLabels ? (nameBands.get(batchOf(card)) ?? null) : null,
    work: page ? (workRegions.get(page) ?? null) : null,
    tags: card.tags.join(TAG_JOIN),
  };
}

export const CardsLayer = memo(function CardsLayer({
  cards,
  layout,
  hiddenIds,
  drawArea,
  level,
  detail,
  far,
  hiddenLabels,
  nameBands,
  workRegions,
  annotations,
  selection,
}: CardsLayerProps) {
  const stackCounts = new Map<string, number>();
  for (const [pileId, top] of layout.stackTops) stackCounts.set(top, layout.members.get(pileId)?.length ?? 0);
  const shapes = [];
  for (const card of cards.values()) {
    const position = layout.cardPositions.get(card.id);
    if (!position || hiddenIds.has(card.id) || layout.stacked.has(card.id)) continue;
    const onScreen =
      position.x + CARD_WIDTH >= drawArea.x &&
      position.x <= drawArea.x + drawArea.w &&
      position.y + CARD_HEIGHT >= drawArea.y &&
      position.y <= drawArea.y + drawArea.h;
    const count = annotations.get(card.id);
    shapes.push(
      <CardShape
        key={card.id}
        id={card.id}
        x={position.x}
        y={position.y}
        {...cardLook(card, hiddenLabels, nameBands, workRegions)}
        level={level}
        detail={detail}
        far={far}
        comments={count?.comments ?? 0}
        ink={count?.ink ?? 0}
        selected={selection.has(card.id)}
        stackCount={stackCounts.get(card.id) ?? 0}
        visible={onScreen}
      />,
    );
  }
  // Hit testing is geometry (shared/sortLayout.ts hitTestSort), so no layer keeps a hit canvas.
  return <Layer listening={false}>{shapes}</Layer>;
});
