// What is moving right now: my own dragged cards or pile, the outline of a pile being resized or
// the unsorted area being moved, where a drop would land, and the cards others are dragging at the
// positions their awareness reports, outlined in their colour. Never listens for events.
import { memo } from 'react';
import type { Rect as Box, Point } from '#shared/layout.js';
import type { PageRect } from '#shared/pageGeometry.js';
import type { Card } from '#shared/schema/card.js';
import type { Pile } from '#shared/schema/pile.js';
import type { ImageLevel } from '../imageCache.js';
import { Group, Layer, Rect, Text } from '../konva.js';
import { FONT_FAMILY, SELECTION, textWidth } from '../theme.js';
import { CardShape } from './CardShape.js';
import { cardLook } from './CardsLayer.js';
import { PileShape } from './PileShape.js';

export interface RemoteDrag {
  id: string;
  x: number;
  y: number;
  name: string;
  color: string;
  /** The carrier's pointer is not on screen to say who it is, so the card says it. */
  showName: boolean;
}

export interface MovingPile {
  pile: Pile;
  height: number;
  width: number;
  at: Point;
  number: number;
  notesHeight: number;
  cards: { card: Card; offset: Point; stackCount: number }[];
}

/** A dashed outline showing where something will be once let go (resizing, moving the unsorted area). */
export interface Ghost extends Box {
  label: string;
  color: string;
}

export interface DragLayerProps {
  cards: ReadonlyMap<string, Card>;
  local: { id: string; x: number; y: number }[];
  movingPile: MovingPile | null;
  ghost: Ghost | null;
  insertMark: Box | null;
  remote: RemoteDrag[];
  hiddenLabels: ReadonlyMap<string, string> | null;
  nameBands: ReadonlyMap<string, PageRect>;
  workRegions: ReadonlyMap<string, PageRect>;
  level: ImageLevel;
  /** 1 / zoom, for name tags that keep their size on screen. */
  tagScale: number;
}

export const DragLayer = memo(function DragLayer({
  cards,
  local,
  movingPile,
  ghost,
  insertMark,
  remote,
  hiddenLabels,
  nameBands,
  workRegions,
  level,
  tagScale,
}: DragLayerProps) {
  return (
    <Layer listening={false}>
      {movingPile && (
        <>
          <PileShape
            id={movingPile.pile.id}
            title={movingPile.pile.title}
            color={movingPile.pile.color}
            x={movingPile.at.x}
            y={movingPile.at.y}
            w={movingPile.width}
            h={movingPile.height}
            count={movingPile.cards.reduce((sum, each) => sum + Math.max(1, each.stackCount), 0)}
            number={movingPile.number}
            collapsed={movingPile.pile.collapsed}
            description={movingPile.pile.description}
            nextSteps={movingPile.pile.nextSteps}
            notesHeight={movingPile.notesHeight}
            scale={1 / tagScale}
          />
          {movingPile.cards.map(({ card, offset, stackCount }) => (
            <CardShape
              key={card.id}
              id={card.id}
              x={movingPile.at.x + offset.x}
              y={movingPile.at.y + offset.y}
              {...cardLook(card, hiddenLabels, nameBands, workRegions)}
              level={level}
              stackCount={stackCount}
            />
          ))}
        </>
      )}
      {ghost && (
        <Group x={ghost.x} y={ghost.y} name="ghost">
          <Rect
            width={ghost.w}
            height={ghost.h}
            cornerRadius={12}
            stroke={ghost.color}
            strokeWidth={3}
            dash={[12, 8]}
            fill="rgba(255,255,255,0.35)"
          />
          <Group scaleX={tagScale} scaleY={tagScale} x={8} y={8}>
            <Rect width={Math.ceil(textWidth(ghost.label, 15, 700)) + 20} height={30} cornerRadius={6} fill={ghost.color} />
            <Text
              x={10}
              height={30}
              verticalAlign="middle"
              text={ghost.label}
              fontFamily={FONT_FAMILY}
              fontSize={15}
              fontStyle="700"
              fill="#ffffff"
            />
          </Group>
        </Group>
      )}
      {insertMark && (
        <Rect
          x={insertMark.x}
          y={insertMark.y}
          width={insertMark.w}
          height={insertMark.h}
          cornerRadius={2}
          fill={SELECTION}
          name="insert-mark"
        />
      )}
      {[
        // Someone else's cards show who holds them; mine need no label.
        ...remote.map((drag) => ({ drag, held: { name: drag.name, color: drag.color, showName: drag.showName } })),
        ...local.map((drag) => ({ drag, held: undefined })),
      ].map(({ drag, held }) => {
        const card = cards.get(drag.id);
        if (!card) return null;
        return (
          <CardShape
            key={`${held ? 'remote' : 'local'}-${drag.id}`}
            id={card.id}
            x={drag.x}
            y={drag.y}
            {...cardLook(card, hiddenLabels, nameBands, workRegions)}
            level={level}
            lifted
            heldBy={held}
            tagScale={tagScale}
          />
        );
      })}
    </Layer>
  );
});
