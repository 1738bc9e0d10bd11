// The view a board opens at (client/src/board/viewport.ts `fitInside`): clear of the controls over
// the canvas, and never so small that its words cannot be read from the back of the room.
import { describe, expect, it } from 'vitest';
import { fitInside, READABLE_SCALE, toScreen } from '../../client/src/board/viewport.js';

const insets = { top: 60, right: 0, bottom: 0, left: 100 };

describe('opening a board readable and uncovered', () => {
  it('a board that fits at a readable zoom is centred in the room the controls leave', () => {
    const board = { x: 0, y: 0, w: 800, h: 500 };
    const view = fitInside(board, 1280, 700, insets, READABLE_SCALE);
    expect(view.scale).toBeGreaterThanOrEqual(READABLE_SCALE);
    const topLeft = toScreen(view, { x: 0, y: 0 });
    const bottomRight = toScreen(view, { x: 800, y: 500 });
    expect(topLeft.x).toBeGreaterThanOrEqual(insets.left + 16);
    expect(topLeft.y).toBeGreaterThanOrEqual(insets.top + 16);
    expect(bottomRight.x).toBeLessThanOrEqual(1280 - 16);
    expect(bottomRight.y).toBeLessThanOrEqual(700 - 16);
    // Centred in the room: as much space left as right of it.
    expect(topLeft.x - (insets.left + 16)).toBeCloseTo(1280 - 16 - bottomRight.x, 5);
  });

  it('a board too large to fit readable opens at the readable zoom from its top-left corner, not shrunk', () => {
    const board = { x: -200, y: 40, w: 3000, h: 2400 };
    const view = fitInside(board, 1024, 600, insets, READABLE_SCALE);
    expect(view.scale).toBe(READABLE_SCALE);
    const topLeft = toScreen(view, { x: -200, y: 40 });
    expect(topLeft).toEqual({ x: insets.left + 16, y: insets.top + 16 });
  });

  it('without a minimum (Fit) everything is shown, however small', () => {
    const board = { x: 0, y: 0, w: 6000, h: 4000 };
    const view = fitInside(board, 1024, 600, insets);
    expect(view.scale).toBeLessThan(READABLE_SCALE);
    const bottomRight = toScreen(view, { x: 6000, y: 4000 });
    expect(bottomRight.x).toBeLessThanOrEqual(1024 - 16 + 1e-9);
    expect(bottomRight.y).toBeLessThanOrEqual(600 - 16 + 1e-9);
  });
});
