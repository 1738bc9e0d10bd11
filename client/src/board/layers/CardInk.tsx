// The ink on a card's page, drawn inside the card's shape so it moves, scales and turns with the
// page (shared/inkGeometry.ts): the strokes are outlined once in the page's own frame and placed
// over the picture by one transform. On a face cropped to the work, the strokes lie on the whole
// page's box and only what falls on the shown part is drawn.
import { memo, useEffect } from 'react';
import { INK_OPACITY } from '#shared/inkGeometry.js';
import type { Rect } from '#shared/layout.js';
import type { PageRotation } from '#shared/schema/card.js';
import { useCardInk } from '../hooks/useAnnotations.js';
import { notePageSize, outlineOf } from '../inkDrawing.js';
import { Group, Line } from '../konva.js';

export interface CardInkProps {
  cardId: string;
  page: string;
  /** Where the whole (turned) page lies within the card. */
  box: Rect;
  /** The part of the card the page is shown in, when it is cropped; ink outside is clipped. */
  clip?: Rect | null;
  rotation: PageRotation;
  /** The unturned page's pixel size, for its shape. */
  pageWidth: number;
  pageHeight: number;
}

export const CardInk = memo(function CardInk({ cardId, page, box, clip = null, rotation, pageWidth, pageHeight }: CardInkProps) {
  // The page's shape, for a pen on the board to anchor strokes to this page.
  useEffect(() => notePageSize(page, pageWidth, pageHeight), [page, pageWidth, pageHeight]);
  const strokes = useCardInk(cardId, page);
  if (strokes.length === 0 || pageWidth <= 0) return null;
  const aspect = pageHeight / pageWidth;
  const turned = rotation === 90 || rotation === 270;
  const scale = (turned ? box.h : box.w) / 1000;
  const strokesGroup = (
    <Group
      name="card-ink"
      strokeCount={strokes.length}
      x={box.x + box.w / 2}
      y={box.y + box.h / 2}
      rotation={rotation}
      offsetX={500}
      offsetY={500 * aspect}
      scaleX={scale}
      scaleY={scale}
      listening={false}
    >
      {strokes.map((stroke) => (
        <Line
          key={stroke.id}
          points={outlineOf(stroke, aspect)}
          closed
          fill={stroke.color}
          opacity={INK_OPACITY[stroke.tool]}
          perfectDrawEnabled={false}
          listening={false}
        />
      ))}
    </Group>
  );
  return clip ? (
    <Group clipX={clip.x} clipY={clip.y} clipWidth={clip.w} clipHeight={clip.h} listening={false}>
      {strokesGroup}
    </Group>
  ) : (
    strokesGroup
  );
});
