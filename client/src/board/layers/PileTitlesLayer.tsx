// Zoomed far out (a 500-card board at fit), a pile's header is a few pixels tall and its title
// unreadable from the back of the room. Then each pile, and the unsorted area, carries its number,
// title and count on a band of 15 px type whatever the zoom, like a map's labels, over the top of
// its cards (too small there to make out much of anyway).
import { memo } from 'react';
import type { Pile } from '#shared/schema/pile.js';
import { NUMBERED_PILES, type SortLayout } from '#shared/sortLayout.js';
import { useT } from '../../i18n/index.js';
import { Group, Layer, Rect, Text } from '../konva.js';
import { FONT_FAMILY, textOn, textWidth } from '../theme.js';
import { UNSORTED_COLOR } from './PileShape.js';

const TITLE_SIZE = 15;
const LINE_HEIGHT = 18;
const COUNT_SIZE = 13;
/** A pile shorter than this on screen gets a one-line band. */
const COMPACT_BELOW = 200;

export interface PileTitlesLayerProps {
  piles: Pile[];
  layout: SortLayout;
  scale: number;
  /** The pile being moved (drawn on the drag layer), or null. */
  hiddenId: string | null;
}

export const PileTitlesLayer = memo(function PileTitlesLayer({ piles, layout, scale, hiddenId }: PileTitlesLayerProps) {
  const t = useT();
  const area = layout.unsorted;
  return (
    <Layer listening={false}>
      <TitleBand
        x={area.x}
        y={area.y}
        width={area.w * scale}
        height={area.h * scale}
        scale={scale}
        color={UNSORTED_COLOR}
        text={t('unsorted.title')}
        number={0}
        count={layout.unsortedCards.length}
      />
      {piles.map((pile) => {
        const rect = layout.pileRects.get(pile.id);
        if (!rect || pile.id === hiddenId) return null;
        const number = layout.pileNumbers.get(pile.id) ?? 0;
        const title = pile.title.trim() || t('pile.untitled');
        return (
          <TitleBand
            key={pile.id}
            x={rect.x}
            y={rect.y}
            width={rect.w * scale}
            height={rect.h * scale}
            scale={scale}
            color={pile.color}
            text={title}
            number={number > 0 && number <= NUMBERED_PILES ? number : 0}
            count={layout.members.get(pile.id)?.length ?? 0}
          />
        );
      })}
    </Layer>
  );
});

/**
 * One band, drawn in screen pixels (scaled by 1 / zoom) over the top of a pile: on a tall pile the
 * title (on two lines when one is too narrow) above the pile's number and count; on a short one a
 * single line, so the band never hides most of the pile's cards.
 */
function TitleBand(props: {
  x: number;
  y: number;
  width: number;
  /** The pile's height on screen. */
  height: number;
  scale: number;
  color: string;
  text: string;
  /** Its number for the keyboard, or 0. */
  number: number;
  count: number;
}) {
  const { x, y, width, scale, color, text, number, count } = props;
  const t = useT();
  const fill = textOn(color);
  const room = Math.max(0, width - 16);
  const prefix = number > 0 ? `${number} · ` : '';
  const counted = `${prefix}${t(count === 1 ? 'pile.countOne' : 'pile.countMany', { count })}`;
  const compact = props.height < COMPACT_BELOW;
  if (compact) {
    // The title comes first: the count only joins it when both fit.
    const countText = `${prefix}${count}`;
    const fits = textWidth(text, TITLE_SIZE, 'bold') + textWidth(countText, TITLE_SIZE, 700) + 8 <= room;
    const countWidth = fits ? Math.ceil(textWidth(countText, TITLE_SIZE, 700)) + 8 : 0;
    return (
      <Group x={x} y={y} scaleX={1 / scale} scaleY={1 / scale} name="pile-title-band">
        <Rect width={width} height={LINE_HEIGHT + 6} fill={color} cornerRadius={[6, 6, 0, 0]} />
        <Text
          x={8}
          y={3}
          width={Math.max(0, room - countWidth)}
          height={LINE_HEIGHT}
          verticalAlign="middle"
          text={text}
          fontFamily={FONT_FAMILY}
          fontSize={TITLE_SIZE}
          fontStyle="bold"
          fill={fill}
          wrap="none"
          ellipsis
        />
        {fits && (
          <Text
            x={width - 8 - countWidth}
            y={3}
            width={countWidth}
            height={LINE_HEIGHT}
            align="right"
            verticalAlign="middle"
            text={countText}
            fontFamily={FONT_FAMILY}
            fontSize={TITLE_SIZE}
            fontStyle="700"
            fill={fill}
          />
        )}
      </Group>
    );
  }
  const lines = textWidth(text, TITLE_SIZE, 'bold') <= room ? 1 : 2;
  const titleHeight = lines * LINE_HEIGHT;
  // Narrow: the bare number of cards.
  const countText = textWidth(counted, COUNT_SIZE, 600) <= room ? counted : `${prefix}${count}`;
  return (
    <Group x={x} y={y} scaleX={1 / scale} scaleY={1 / scale} name="pile-title-band">
      <Rect width={width} height={titleHeight + COUNT_SIZE + 16} fill={color} cornerRadius={[6, 6, 0, 0]} />
      <Text
        x={8}
        y={6}
        width={room}
        height={titleHeight}
        text={text}
        fontFamily={FONT_FAMILY}
        fontSize={TITLE_SIZE}
        lineHeight={LINE_HEIGHT / TITLE_SIZE}
        fontStyle="bold"
        fill={fill}
        wrap={lines === 1 ? 'none' : 'word'}
        ellipsis
      />
      <Text
        x={8}
        y={titleHeight + 8}
        width={room}
        height={COUNT_SIZE + 2}
        text={countText}
        fontFamily={FONT_FAMILY}
        fontSize={COUNT_SIZE}
        fontStyle="600"
        fill={fill}
        wrap="none"
        ellipsis
      />
    </Group>
  );
}
