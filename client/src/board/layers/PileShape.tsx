// A pile: a rounded rectangle tinted in its colour under a strong header bar with its keyboard
// number, title, card count and a fold button; its notes (what it shows, next steps) along the
// bottom. The unsorted area is drawn the same way in neutral grey. Everything here is read from
// the back of a room: large type that grows as the board zooms out, like a map's labels.
import { memo } from 'react';
import { PILE_HEADER_HEIGHT } from '#shared/layout.js';
import { COLLAPSE_BUTTON_WIDTH, NOTES_LINE_HEIGHT, RESIZE_HANDLE_SIZE } from '#shared/sortLayout.js';
import { useT } from '../../i18n/index.js';
import { Group, Line, Rect, Text } from '../konva.js';
import { FAR_SCALE, FONT_FAMILY, INK, MUTED_INK, shade, textOn, textWidth, tint } from '../theme.js';

export const UNSORTED_COLOR = '#5b6475';

export interface PileShapeProps {
  /** A pile's id, or '' for the unsorted area. */
  id: string;
  variant?: 'pile' | 'unsorted';
  title: string;
  color: string;
  x: number;
  y: number;
  w: number;
  h: number;
  count: number;
  /** Its number for the keyboard (1–9), or 0 for none. */
  number?: number;
  collapsed?: boolean;
  description?: string;
  nextSteps?: string;
  /** Height of the notes strip at the bottom (0: none). */
  notesHeight?: number;
  /** A card is being dragged over this pile: dropping lands it here. */
  dropTarget?: boolean;
  /** The title is being edited in a DOM field laid over the header. */
  editingTitle?: boolean;
  /** This pile is open in the pile panel. */
  active?: boolean;
  /** Handles for editors: fold button, resize corner. */
  editable?: boolean;
  /** The zoom. */
  scale?: number;
}

const RADIUS = 12;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const firstLine = (text: string) => text.trim().split('\n')[0]?.trim() ?? '';

/** A pile's "Shows" and "Next" lines: at least 12 px on screen at the zoom a board opens at (READABLE_SCALE). */
const PILE_NOTES_FONT = 20;

export const PileShape = memo(function PileShape({
  id,
  variant = 'pile',
  title,
  color,
  x,
  y,
  w,
  h,
  count,
  number = 0,
  collapsed = false,
  description = '',
  nextSteps = '',
  notesHeight = 0,
  dropTarget = false,
  editingTitle = false,
  active = false,
  editable = true,
  scale = 1,
}: PileShapeProps) {
  const t = useT();
  const unsorted = variant === 'unsorted';
  const headerText = textOn(color);
  const countSize = clamp(13 / scale, 20, 30);
  // Zoomed out, the count shrinks to its number to leave the title more room.
  const countText = scale < 0.5 || collapsed ? String(count) : t(count === 1 ? 'pile.countOne' : 'pile.countMany', { count });
  const countWidth = Math.ceil(textWidth(countText, countSize, 600)) + 4;
  const titleText = title.trim() || t('pile.untitled');
  const buttonRoom = !unsorted && editable ? COLLAPSE_BUTTON_WIDTH : 8;
  const titleLeft = number > 0 ? 54 : 18;
  const titleRoom = Math.max(40, w - titleLeft - 18 - countWidth - buttonRoom);
  // As large as the zoom asks for, but no larger than fits, and never below the base size.
  const titleSize = Math.max(22, Math.min(clamp(15 / scale, 26, 36), (26 * titleRoom) / Math.max(1, textWidth(titleText, 26))));
  const notesTop = h - notesHeight;
  // Zoomed far out the header is a few pixels tall: its words go on a band over the cards instead (PileTitlesLayer).
  const far = scale < FAR_SCALE;
  const notes = [
    { label: t('pile.notesShows'), text: firstLine(description) },
    { label: t('pile.notesNext'), text: firstLine(nextSteps) },
  ].filter((line) => line.text);
  return (
    <Group
      x={x}
      y={y}
      id={unsorted ? 'unsorted-area' : `pile-${id}`}
      name={unsorted ? 'unsorted-area' : 'pile'}
      pileId={id}
      collapsed={collapsed}
    >
      <Rect
        width={w}
        height={h}
        cornerRadius={RADIUS}
        fill={unsorted ? (dropTarget ? '#dde3ed' : 'rgba(226, 231, 239, 0.7)') : tint(color, dropTarget ? 0.34 : 0.16)}
        stroke={dropTarget ? shade(color, 0.25) : active ? shade(color, 0.35) : color}
        strokeWidth={dropTarget ? 5 : active ? 4 : 2}
        dash={dropTarget || unsorted ? [14, 8] : undefined}
        listening={false}
      />
      <Rect name="pile-header" pileId={id} width={w} height={PILE_HEADER_HEIGHT} cornerRadius={[RADIUS, RADIUS, 0, 0]} fill={color} />
      {!far && number > 0 && (
        <Group x={14} y={(PILE_HEADER_HEIGHT - 30) / 2} listening={false}>
          <Rect
            width={30}
            height={30}
            cornerRadius={7}
            fill={headerText === '#ffffff' ? 'rgba(255,255,255,0.92)' : 'rgba(27,35,51,0.88)'}
          />
          <Text
            width={30}
            height={30}
            align="center"
            verticalAlign="middle"
            text={String(number)}
            fontFamily={FONT_FAMILY}
            fontSize={18}
            fontStyle="800"
            fill={headerText === '#ffffff' ? shade(color, 0.45) : '#ffffff'}
          />
        </Group>
      )}
      {!far && !editingTitle && (
        <Text
          x={titleLeft}
          y={0}
          width={titleRoom}
          height={PILE_HEADER_HEIGHT}
          verticalAlign="middle"
          text={unsorted ? t('unsorted.title') : titleText}
          fontFamily={FONT_FAMILY}
          fontSize={titleSize}
          fontStyle="bold"
          fill={headerText}
          wrap="none"
          ellipsis
          listening={false}
        />
      )}
      {!far && (
        <Text
          x={w - buttonRoom - 10 - countWidth}
          y={0}
          width={countWidth}
          height={PILE_HEADER_HEIGHT}
          align="right"
          verticalAlign="middle"
          text={countText}
          wrap="none"
          fontFamily={FONT_FAMILY}
          fontSize={countSize}
          fontStyle="600"
          fill={headerText}
          listening={false}
        />
      )}
      {!far && !unsorted && editable && <FoldButton x={w - COLLAPSE_BUTTON_WIDTH} collapsed={collapsed} color={headerText} />}
      {count === 0 && !collapsed && (
        <Text
          x={16}
          y={PILE_HEADER_HEIGHT}
          width={w - 32}
          height={h - PILE_HEADER_HEIGHT - notesHeight}
          align="center"
          verticalAlign="middle"
          text={unsorted ? t('unsorted.empty') : t('pile.empty')}
          fontFamily={FONT_FAMILY}
          fontSize={PILE_NOTES_FONT}
          fill={unsorted ? MUTED_INK : shade(color, 0.55)}
          listening={false}
        />
      )}
      {notesHeight > 0 && (
        <Group y={notesTop} listening={false} name="pile-notes">
          <Rect x={2} width={w - 4} height={notesHeight - 2} fill="rgba(255,255,255,0.78)" cornerRadius={[0, 0, RADIUS - 2, RADIUS - 2]} />
          <Rect x={2} width={w - 4} height={1} fill={tint(color, 0.6)} />
          {notes.map((line, i) => {
            const labelWidth = Math.ceil(textWidth(line.label, PILE_NOTES_FONT, 700)) + 8;
            return (
              <Group key={line.label} x={16} y={8 + i * NOTES_LINE_HEIGHT}>
                <Text
                  text={line.label}
                  height={NOTES_LINE_HEIGHT}
                  verticalAlign="middle"
                  fontFamily={FONT_FAMILY}
                  fontSize={PILE_NOTES_FONT}
                  fontStyle="700"
                  fill={shade(color, 0.5)}
                />
                <Text
                  x={labelWidth}
                  width={w - 32 - labelWidth - (i === notes.length - 1 && editable ? RESIZE_HANDLE_SIZE : 0)}
                  height={NOTES_LINE_HEIGHT}
                  verticalAlign="middle"
                  text={line.text}
                  fontFamily={FONT_FAMILY}
                  fontSize={PILE_NOTES_FONT}
                  fill={INK}
                  wrap="none"
                  ellipsis
                />
              </Group>
            );
          })}
        </Group>
      )}
      {editable && !collapsed && <ResizeGrip x={w} y={h} color={unsorted ? UNSORTED_COLOR : shade(color, 0.2)} />}
    </Group>
  );
});

function FoldButton({ x, collapsed, color }: { x: number; collapsed: boolean; color: string }) {
  const cx = COLLAPSE_BUTTON_WIDTH / 2;
  const cy = PILE_HEADER_HEIGHT / 2;
  // ▾ when open (fold it), ▸ when folded (open it).
  const points = collapsed ? [cx - 4, cy - 8, cx + 4, cy, cx - 4, cy + 8] : [cx - 8, cy - 4, cx, cy + 4, cx + 8, cy - 4];
  return (
    <Group x={x} listening={false} name="pile-fold">
      <Rect x={0} y={10} width={1} height={PILE_HEADER_HEIGHT - 20} fill={color} opacity={0.35} />
      <Line points={points} stroke={color} strokeWidth={3.5} lineCap="round" lineJoin="round" />
    </Group>
  );
}

function ResizeGrip({ x, y, color }: { x: number; y: number; color: string }) {
  return (
    <Group x={x} y={y} listening={false} name="resize-grip" opacity={0.75}>
      <Line points={[-22, -6, -6, -22]} stroke={color} strokeWidth={2.5} lineCap="round" />
      <Line points={[-14, -6, -6, -14]} stroke={color} strokeWidth={2.5} lineCap="round" />
    </Group>
  );
}
