// Someone else's pointer: an arrow in their colour with their name, the same size on screen at any
// zoom so the facilitator's pointer reads from the back of the room.
import { memo } from 'react';
import { Group, Label, Line, Tag, Text } from './konva.js';
import { FONT_FAMILY } from './theme.js';

export interface CursorProps {
  x: number;
  y: number;
  name: string;
  color: string;
  /** 1 / zoom. */
  scale: number;
}

const ARROW = [0, 0, 0, 22, 6, 17, 10, 26, 14, 24, 10, 15, 18, 15];

export const Cursor = memo(function Cursor({ x, y, name, color, scale }: CursorProps) {
  return (
    <Group x={x} y={y} scaleX={scale} scaleY={scale} name="cursor" participant={name} listening={false}>
      <Line points={ARROW} closed fill={color} stroke="#ffffff" strokeWidth={2} lineJoin="round" />
      <Label x={16} y={26}>
        <Tag fill={color} cornerRadius={5} stroke="#ffffff" strokeWidth={1.5} />
        <Text text={name} fontFamily={FONT_FAMILY} fontSize={15} fontStyle="bold" fill="#ffffff" padding={6} />
      </Label>
    </Group>
  );
});
