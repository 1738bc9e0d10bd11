// Annotations follow the work they are about: ink drawn on a page moves, scales and turns with the
// page wherever it is drawn; the eraser and pins find what is under a point; records survive
// hostile input and a round trip through Yjs.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  boxToPage,
  distanceToPolyline,
  outlinePath,
  pageFrame,
  pageToBox,
  pictureBox,
  pinAt,
  placeCardStroke,
  strokeOutline,
  strokesUnderEraser,
} from '#shared/inkGeometry.js';
import { CARD_WIDTH } from '#shared/layout.js';
import { followView } from '#shared/presence.js';
import { countAnnotations } from '#shared/schema/annotations.js';
import { addPin, citationToken, citedPins, listPins, replaceCitations, replyToPin, setPinResolved } from '#shared/schema/comments.js';
import { addStroke, boardInk, decodePoints, encodePoints, type InkPoint, listStrokes, removeStrokes } from '#shared/schema/ink.js';
import { addNote, listNotes, moveNote, notePosition } from '#shared/schema/notes.js';

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 6);
const line = (from: InkPoint, to: InkPoint, n = 5): InkPoint[] =>
  Array.from({ length: n }, (_, i) => {
    const t = i / (n - 1);
    return {
      x: from.x + (to.x - from.x) * t,
      y: from.y + (to.y - from.y) * t,
      pressure: from.pressure + (to.pressure - from.pressure) * t,
    };
  });

describe('ink anchored to a page', () => {
  const stroke = { id: 's1', points: line({ x: 0.2, y: 0.5, pressure: 0.5 }, { x: 0.8, y: 0.5, pressure: 0.5 }), width: 4 };

  it('moves with the card: the same page point lands at the same place relative to the card', () => {
    const area = { x: 6, y: 6, w: CARD_WIDTH - 12, h: 188 };
    const at = (cardX: number, cardY: number) => {
      const box = pictureBox({ ...area, x: cardX + area.x, y: cardY + area.y }, 850, 1100, 0);
      return placeCardStroke(stroke, box, 0).points;
    };
    const before = at(100, 200);
    const after = at(640, -80);
    expect(before.length).toBeGreaterThan(2);
    expect(before).toHaveLength(stroke.points.length);
    expect(after).toHaveLength(before.length);
    for (let i = 0; i < before.length; i++) {
      close((after[i]?.x ?? 0) - (before[i]?.x ?? 0), 540);
      close((after[i]?.y ?? 0) - (before[i]?.y ?? 0), -280);
    }
  });

  it('scales with the page: on a page drawn three times larger, points and width are three times as far and wide', () => {
    const small = placeCardStroke(stroke, { x: 0, y: 0, w: 100, h: 130 }, 0);
    const large = placeCardStroke(stroke, { x: 0, y: 0, w: 300, h: 390 }, 0);
    close(large.width, small.width * 3);
    close(small.width, 0.4);
    expect(small.points.length).toBeGreaterThan(2);
    expect(small.points).toHaveLength(stroke.points.length);
    expect(large.points).toHaveLength(small.points.length);
    for (let i = 0; i < small.points.length; i++) {
      close(large.points[i]?.x ?? 0, (small.points[i]?.x ?? 0) * 3);
      close(large.points[i]?.y ?? 0, (small.points[i]?.y ?? 0) * 3);
    }
  });

  it('turns with the page: a mark at the top left of a page turned a quarter clockwise is at the top right', () => {
    const box = { x: 0, y: 0, w: 130, h: 100 };
    const drawn = pageToBox({ x: 0.1, y: 0.1 }, box, 90);
    close(drawn.x, 117);
    close(drawn.y, 10);
    for (const rotation of [0, 90, 180, 270] as const) {
      const back = boxToPage(pageToBox({ x: 0.3, y: 0.7 }, box, rotation), box, rotation);
      close(back?.x ?? -1, 0.3);
      close(back?.y ?? -1, 0.7);
    }
    expect(boxToPage({ x: 131, y: 50 }, box, 0)).toBeNull();
  });

  it('fits a page into the card picture without cropping, centred', () => {
    const box = pictureBox({ x: 0, y: 0, w: 138, h: 188 }, 1100, 850, 0);
    close(box.w, 138);
    close(box.h, (138 * 850) / 1100);
    close(box.y, (188 - box.h) / 2);
    const turned = pictureBox({ x: 0, y: 0, w: 138, h: 188 }, 1100, 850, 90);
    expect(turned.h).toBeLessThanOrEqual(188);
    close(turned.w / turned.h, 850 / 1100);
  });

  it('outlines a stroke as a closed shape around its points, as wide as asked', () => {
    const outline = strokeOutline({ ...stroke, tool: 'highlighter', width: 20 }, pageFrame(11 / 8.5));
    expect(outline.length).toBeGreaterThan(10);
    const ys = outline.filter((_, i) => i % 2 === 1);
    // The line runs across the middle of the page; the highlighter is about 20 units tall there.
    const middle = 500 * (11 / 8.5);
    expect(Math.max(...ys) - middle).toBeGreaterThan(8);
    expect(Math.max(...ys) - middle).toBeLessThan(12);
    expect(outlinePath(outline)).toMatch(/^M[\d.]+ [\d.]+(L[\d.-]+ [\d.-]+)+Z$/);
  });
});

describe('hit testing', () => {
  it('the eraser takes the strokes its tip touches, counting their width', () => {
    const strokes = [
      {
        id: 'near',
        points: [
          { x: 0, y: 0 },
          { x: 100, y: 0 },
        ],
        width: 4,
      },
      {
        id: 'thick',
        points: [
          { x: 0, y: 30 },
          { x: 100, y: 30 },
        ],
        width: 40,
      },
      {
        id: 'far',
        points: [
          { x: 0, y: 60 },
          { x: 100, y: 60 },
        ],
        width: 4,
      },
    ];
    expect(strokesUnderEraser(strokes, { x: 50, y: 8 }, 8)).toEqual(['near', 'thick']);
    expect(strokesUnderEraser(strokes, { x: 200, y: 0 }, 8)).toEqual([]);
    // A stroke on a card's face cropped to the work is rubbed out only where it can be seen.
    const cropped = {
      id: 'cropped',
      points: [
        { x: 0, y: 0 },
        { x: 100, y: 0 },
      ],
      width: 4,
      within: { x: 60, y: -10, w: 40, h: 20 },
    };
    expect(strokesUnderEraser([cropped], { x: 20, y: 0 }, 8)).toEqual([]);
    expect(strokesUnderEraser([cropped], { x: 80, y: 0 }, 8)).toEqual(['cropped']);
    expect(
      distanceToPolyline({ x: 50, y: 5 }, [
        { x: 0, y: 0 },
        { x: 100, y: 0 },
      ]),
    ).toBe(5);
  });

  it('the eraser finds a card stroke where the card is drawn now, not where it was drawn', () => {
    const stroke = {
      id: 'c',
      points: [
        { x: 0.5, y: 0.1, pressure: 0.5 },
        { x: 0.5, y: 0.9, pressure: 0.5 },
      ],
      width: 4,
    };
    const placed = placeCardStroke(stroke, { x: 1000, y: 1000, w: 100, h: 130 }, 0);
    expect(strokesUnderEraser([placed], { x: 1050, y: 1065 }, 2)).toEqual(['c']);
    expect(strokesUnderEraser([placed], { x: 50, y: 65 }, 2)).toEqual([]);
  });

  it('a pin is found inside its region; of two, the smaller one drawn inside the bigger', () => {
    const pins = [
      { id: 'big', region: { x: 0.1, y: 0.1, w: 0.6, h: 0.6 } },
      { id: 'small', region: { x: 0.3, y: 0.3, w: 0.1, h: 0.1 } },
    ];
    expect(pinAt(pins, { x: 0.35, y: 0.35 })?.id).toBe('small');
    expect(pinAt(pins, { x: 0.15, y: 0.6 })?.id).toBe('big');
    expect(pinAt(pins, { x: 0.9, y: 0.9 })).toBeNull();
  });
});

describe('annotation records', () => {
  it('a stroke round-trips through the document in page coordinates, compactly', () => {
    const doc = new Y.Doc();
    const points = line({ x: 0.12345, y: 0.5, pressure: 0.3 }, { x: 0.9, y: 0.25, pressure: 0.9 }, 50);
    addStroke(doc, { cardId: 'card1', page: 'asset1', tool: 'pen', color: '#d7263d', width: 4, points, author: 'Ms. Rivera' }, 's1');
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const [stroke] = listStrokes(copy);
    expect(stroke?.cardId).toBe('card1');
    expect(stroke?.points).toHaveLength(50);
    close(stroke?.points[0]?.x ?? 0, 0.1235);
    close(stroke?.points[49]?.pressure ?? 0, 0.9);
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeLessThan(800);
    expect(countAnnotations(copy).get('card1')).toEqual({ comments: 0, ink: 1 });
    removeStrokes(copy, ['s1']);
    expect(listStrokes(copy)).toEqual([]);
  });

  it('hostile ink is ignored rather than drawn: no points, no page, wrong types', () => {
    const doc = new Y.Doc();
    const ink = boardInk(doc);
    const bad = new Y.Map<unknown>();
    bad.set('cardId', 'c');
    bad.set('points', [1, 2, 3]);
    ink.set('nopage', bad);
    const junk = new Y.Map<unknown>();
    junk.set('points', ['a', 'b', 'c', Number.NaN, 1, 2]);
    ink.set('junk', junk);
    expect(listStrokes(doc)).toEqual([]);
    expect(decodePoints(encodePoints([{ x: 10, y: -5, pressure: 4 }], false), false)).toEqual([{ x: 10, y: -5, pressure: 1 }]);
  });

  it('a pin keeps its thread: replies in order, resolved by whom, and pile descriptions cite it', () => {
    const doc = new Y.Doc();
    const author = { name: 'Mr. Chen', color: '#1b998b' };
    const id = addPin(doc, {
      cardId: 'c1',
      page: 'p1',
      region: { x: 0.5, y: 0.2, w: 0.3, h: 0.1 },
      text: ' carries the ten here ',
      author,
    });
    expect(id).toBeTruthy();
    replyToPin(doc, id as string, 'and writes 15 as 1 ten 5 ones', { name: 'Ms. Rivera', color: '#d7263d' });
    setPinResolved(doc, id as string, true, 'Ms. Rivera');
    const [pin] = listPins(doc);
    expect(pin?.text).toBe('carries the ten here');
    expect(pin?.replies.map((reply) => reply.author.name)).toEqual(['Ms. Rivera']);
    expect(pin?.resolvedBy).toBe('Ms. Rivera');
    const description = `They regroup ${citationToken(id as string)} and ${citationToken('gone1234')}.`;
    expect(citedPins(description)).toEqual([id, 'gone1234']);
    expect(replaceCitations(description, (pinId) => (pinId === id ? '“carries the ten here”' : null), '(deleted)')).toBe(
      'They regroup “carries the ten here” and (deleted).',
    );
    expect(addPin(doc, { cardId: 'c1', page: 'p1', region: { x: 2, y: 2, w: 1, h: 1 }, text: 'off the page', author })).toBeNull();
  });

  it('a sticky note on a pile travels with the pile', () => {
    const doc = new Y.Doc();
    const id = addNote(doc, { x: 10, y: 20 });
    moveNote(doc, id, 'pile1', { x: 30, y: 40 });
    const [note] = listNotes(doc);
    const origins = new Map([['pile1', { x: 500, y: 600 }]]);
    expect(notePosition(note as never, (pileId) => origins.get(pileId))).toEqual({ x: 530, y: 640 });
    origins.set('pile1', { x: -100, y: 0 });
    expect(notePosition(note as never, (pileId) => origins.get(pileId))).toEqual({ x: -70, y: 40 });
  });

  it('a follower sees all of the followed area, centred on their own screen', () => {
    const view = followView({ x: 100, y: 100, w: 800, h: 400 }, 1600, 1200);
    expect(view.scale).toBe(2);
    close(100 * view.scale + view.x, 0);
    close((100 + 200) * view.scale + view.y, 600);
  });
});
