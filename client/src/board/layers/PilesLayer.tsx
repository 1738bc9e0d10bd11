// The layer under the cards: the unsorted area, then the piles in drawing order.
import { memo } from 'react';
import type { Pile } from '#shared/schema/pile.js';
import { type DropTarget, NUMBERED_PILES, type SortLayout } from '#shared/sortLayout.js';
import { Layer } from '../konva.js';
import { PileShape, UNSORTED_COLOR } from './PileShape.js';

export interface PilesLayerProps {
  piles: Pile[];
  layout: SortLayout;
  dropTarget: DropTarget | null;
  editingId: string | null;
  /** The pile open in the pile panel. */
  activeId: string | null;
  /** The pile (or '' for the unsorted area) being moved, drawn on the drag layer instead. */
  hiddenId: string | null;
  editable: boolean;
  scale: number;
}

export const PilesLayer = memo(function PilesLayer({
  piles,
  layout,
  dropTarget,
  editingId,
  activeId,
  hiddenId,
  editable,
  scale,
}: PilesLayerProps) {
  const area = layout.unsorted;
  return (
    <Layer listening={false}>
      {hiddenId !== '' && (
        <PileShape
          id=""
          variant="unsorted"
          title=""
          color={UNSORTED_COLOR}
          x={area.x}
          y={area.y}
          w={area.w}
          h={area.h}
          count={layout.unsortedCards.length}
          dropTarget={dropTarget?.kind === 'unsorted'}
          editable={editable}
          scale={scale}
        />
      )}
      {piles.map((pile) => {
        const rect = layout.pileRects.get(pile.id);
        if (!rect || pile.id === hiddenId) return null;
        const number = layout.pileNumbers.get(pile.id) ?? 0;
        return (
          <PileShape
            key={pile.id}
            id={pile.id}
            title={pile.title}
            color={pile.color}
            x={rect.x}
            y={rect.y}
            w={rect.w}
            h={rect.h}
            count={layout.members.get(pile.id)?.length ?? 0}
            number={number <= NUMBERED_PILES ? number : 0}
            collapsed={pile.collapsed}
            description={pile.description}
            nextSteps={pile.nextSteps}
            notesHeight={layout.notes.get(pile.id) ?? 0}
            dropTarget={dropTarget?.kind === 'pile' && dropTarget.id === pile.id}
            editingTitle={pile.id === editingId}
            active={pile.id === activeId}
            editable={editable}
            scale={scale}
          />
        );
      })}
    </Layer>
  );
});
