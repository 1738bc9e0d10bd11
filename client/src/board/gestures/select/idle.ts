// No gesture under way: a press starts the one that fits what is under it; hovering shows it.
import { inDisplayOrder } from '#shared/sorting.js';
import type { SortHit } from '#shared/sortLayout.js';
import { brushing, panning } from './board.js';
import { pointingCard } from './cards.js';
import { boardPoint, hitAt, type State } from './host.js';
import { folding, movingUnsorted, pointingPile, resizing } from './piles.js';

const CURSORS: Partial<Record<NonNullable<SortHit>['kind'], string>> = {
  card: 'grab',
  pileHeader: 'move',
  unsortedHeader: 'move',
  pileCollapse: 'pointer',
  pileResize: 'nwse-resize',
  unsortedResize: 'ew-resize',
};

export function idle(): State {
  return {
    name: 'idle',
    down(host, input) {
      const middle = input.kind === 'mouse' && input.button === 1;
      if (input.kind === 'mouse' && input.button !== 0 && !middle) return;
      host.capture(input.pointerId);
      const modifier = input.shift || input.ctrl;
      const hit = middle ? null : hitAt(host, input.screen);
      const editable = host.canEdit();
      const layout = host.layout();
      const pointer = boardPoint(host, input.screen);
      const press = { pointerId: input.pointerId, start: input.screen };

      if (editable && hit?.kind === 'card') {
        const position = layout.cardPositions.get(hit.id);
        if (position) {
          // Pressing a selected card carries the whole selection; any other card goes alone.
          const selection = host.selection();
          const ids = selection.has(hit.id) ? inDisplayOrder(layout, [...selection, hit.id]) : [hit.id];
          const grab = { x: pointer.x - position.x, y: pointer.y - position.y };
          return pointingCard({ ...press, cardId: hit.id, ids, toggle: modifier, grab, longPress: input.kind !== 'mouse' });
        }
      }
      if (editable && hit?.kind === 'pileHeader') {
        const pile = layout.pileRects.get(hit.id);
        if (pile) return pointingPile({ ...press, pileId: hit.id, grab: { x: pointer.x - pile.x, y: pointer.y - pile.y } });
      }
      if (editable && hit?.kind === 'pileCollapse') return folding({ pointerId: input.pointerId, pileId: hit.id });
      if (editable && (hit?.kind === 'pileResize' || hit?.kind === 'unsortedResize')) {
        const pileId = hit.kind === 'pileResize' ? hit.id : null;
        const origin = pileId === null ? layout.unsorted : layout.pileRects.get(pileId);
        if (origin) return resizing({ ...press, pileId, origin: { ...origin } });
      }
      if (editable && hit?.kind === 'unsortedHeader') {
        const area = layout.unsorted;
        return movingUnsorted({ ...press, grab: { x: pointer.x - area.x, y: pointer.y - area.y } });
      }
      if (editable && modifier && hit?.kind !== 'card') return brushing({ ...press, from: pointer, base: [...host.selection()] });
      return panning(press);
    },
    move(host, input) {
      // Hovering shows what a press would do.
      if (input.kind !== 'mouse' || !host.canEdit()) return;
      const hit = hitAt(host, input.screen);
      // A locked sort shows it before anyone tries: the pointer over a card says it will not move.
      if (hit?.kind === 'card' && host.cardsLocked()) host.setCursor('not-allowed');
      else host.setCursor((hit && CURSORS[hit.kind]) ?? '');
    },
    leave(host, input) {
      if (input.kind === 'mouse') host.moveCursor(null);
      return undefined;
    },
  };
}
