// Ink on the board itself, over the cards: finished strokes on bare board, the strokes others are
// drawing right now (from their awareness, in their colour), and mine while I draw. One SVG moved
// and scaled with the board by a single transform, so panning redraws nothing. Card ink is drawn
// by the cards themselves (CardInk), so it travels with them.
import { memo } from 'react';
import { BOARD_FRAME, INK_OPACITY, outlinePath, strokeOutline } from '#shared/inkGeometry.js';
import type { InkStroke, InkTool } from '#shared/schema/ink.js';
import { outlinePathOf } from '../inkDrawing.js';
import type { Viewport } from '../viewport.js';

/** A stroke being drawn: board coordinates as `x, y, pressure` triples. */
export interface DraftStroke {
  key: string;
  tool: InkTool;
  color: string;
  width: number;
  points: number[];
}

export interface InkLayerProps {
  strokes: readonly InkStroke[];
  drafts: readonly DraftStroke[];
  viewport: Viewport;
}

const BoardStroke = memo(function BoardStroke({ stroke }: { stroke: InkStroke }) {
  return (
    <path d={outlinePathOf(stroke)} fill={stroke.color} opacity={INK_OPACITY[stroke.tool]} data-stroke={stroke.id} className="ink-stroke" />
  );
});

function draftPath(draft: DraftStroke): string {
  const points = [];
  for (let i = 0; i + 2 < draft.points.length; i += 3) {
    points.push({ x: draft.points[i] as number, y: draft.points[i + 1] as number, pressure: draft.points[i + 2] as number });
  }
  return outlinePath(strokeOutline({ points, tool: draft.tool, width: draft.width }, BOARD_FRAME, false));
}

export const InkLayer = memo(function InkLayer({ strokes, drafts, viewport }: InkLayerProps) {
  return (
    <svg className="ink-layer" data-testid="board-ink" aria-hidden="true">
      <g transform={`translate(${viewport.x} ${viewport.y}) scale(${viewport.scale})`}>
        {strokes.map((stroke) => (
          <BoardStroke key={stroke.id} stroke={stroke} />
        ))}
        {drafts.map((draft) => (
          <path key={draft.key} d={draftPath(draft)} fill={draft.color} opacity={INK_OPACITY[draft.tool]} className="ink-draft" />
        ))}
      </g>
    </svg>
  );
});
