// The canvas for keyboards and screen readers: a transparent DOM list laid exactly over the drawn
// piles and cards (issue 10). Canvas shapes are invisible to assistive technology; these proxies
// give each pile and card a real name ("Student 7, in Counts on, tags: number line, 2 comments"),
// a place in reading order, and a visible focus ring. Tab enters and leaves the list; arrows move
// in it; Space selects, Enter opens, numbers send to a pile. The pointer never meets the list
// (pointer-events: none): mice, fingers and pens keep talking to the canvas below.
import { type KeyboardEvent, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { CARD_HEIGHT, CARD_WIDTH, PILE_HEADER_HEIGHT, type Rect } from '#shared/layout.js';
import { applyPlan, pileByNumber, planStep } from '#shared/sorting.js';
import { cardsIn, readingOrder } from '#shared/sortLayout.js';
import { useT } from '../i18n/index.js';
import { cardName, pileName } from './accessibleNames.js';
import { useBoard, useBoardSorting, useBoardView } from './session.js';
import { visibleRect } from './viewport.js';

interface Entry {
  key: string;
  kind: 'pile' | 'card';
  id: string;
  /** The pile (or '' for the unsorted area) it belongs to. */
  group: string;
  rect: Rect;
  name: string;
}

/** Board units of space kept around an item scrolled into view. */
const MARGIN = 40;

export function CanvasFocus() {
  const session = useBoard();
  const sorting = useBoardSorting();
  const view = useBoardView();
  const { canEdit } = session;
  const { pileMap } = sorting;
  const { viewport } = view;
  const { layout, labelOf, annotations, selection } = sorting;
  const t = useT();
  const hintId = useId();
  const outer = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const holdsFocus = useRef(false);
  // Key handlers read the latest render's values from here.
  const live = useRef({
    ...view,
    doc: session.doc,
    history: session.history,
    onOpenCard: session.showCard,
    onOpenPile: session.openPile,
    onRenamePile: session.renamePile,
  });
  live.current = {
    ...view,
    doc: session.doc,
    history: session.history,
    onOpenCard: session.showCard,
    onOpenPile: session.openPile,
    onRenamePile: session.renamePile,
  };

  const entries = useMemo<Entry[]>(() => {
    const groups = readingOrder([
      { id: '', ...layout.unsorted },
      ...layout.readingOrder.flatMap((id) => {
        const rect = layout.pileRects.get(id);
        return rect ? [{ ...rect, id }] : [];
      }),
    ]);
    const result: Entry[] = [];
    for (const group of groups) {
      const pileId = group.id || null;
      const members = cardsIn(layout, pileId);
      const pile = pileId ? pileMap.get(pileId) : undefined;
      if (pileId && pile) {
        result.push({
          key: `pile:${pileId}`,
          kind: 'pile',
          id: pileId,
          group: pileId,
          rect: { x: group.x, y: group.y, w: group.w, h: PILE_HEADER_HEIGHT },
          name: pileName(t, { title: pile.title, number: layout.pileNumbers.get(pileId) ?? 0, count: members.length }),
        });
      }
      for (const card of members) {
        if (layout.stacked.has(card.id)) continue;
        const at = layout.cardPositions.get(card.id);
        if (!at) continue;
        result.push({
          key: `card:${card.id}`,
          kind: 'card',
          id: card.id,
          group: pileId ?? '',
          rect: { x: at.x, y: at.y, w: CARD_WIDTH, h: CARD_HEIGHT },
          name: cardName(t, {
            label: labelOf(card),
            pile: pileId === null ? null : (pile?.title ?? ''),
            tags: card.tags,
            comments: annotations.get(card.id)?.comments ?? 0,
            selected: selection.has(card.id),
          }),
        });
      }
    }
    return result;
  }, [layout, pileMap, labelOf, annotations, selection, t]);

  const active = entries.find((entry) => entry.key === activeKey) ?? null;
  const tabStop = active ?? entries[0] ?? null;

  /** Pans (never zooms) so the item is on screen, like a text caret keeps itself in view. */
  const reveal = useCallback((rect: Rect) => {
    const { viewport: current, width: w, height: h, setViewport } = live.current;
    const seen = visibleRect(current, w, h);
    const inside =
      rect.x - MARGIN >= seen.x &&
      rect.y - MARGIN >= seen.y &&
      rect.x + rect.w + MARGIN <= seen.x + seen.w &&
      rect.y + rect.h + MARGIN <= seen.y + seen.h;
    if (inside) return;
    setViewport((v) => ({ ...v, x: w / 2 - (rect.x + rect.w / 2) * v.scale, y: h / 2 - (rect.y + rect.h / 2) * v.scale }));
  }, []);

  // Focus follows the item when it re-mounts or moves (a card sent to another pile), while the list holds it.
  useLayoutEffect(() => {
    if (!holdsFocus.current || !active) return;
    const element = list.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(active.key)}"]`);
    if (element && document.activeElement !== element) element.focus({ preventScroll: true });
  });

  useEffect(() => {
    const onDown = (event: PointerEvent) => {
      if (!list.current?.contains(event.target as Node)) holdsFocus.current = false;
    };
    window.addEventListener('pointerdown', onDown, true);
    return () => window.removeEventListener('pointerdown', onDown, true);
  }, []);

  const focusEntry = (entry: Entry | undefined) => {
    if (!entry) return;
    holdsFocus.current = true;
    setActiveKey(entry.key);
    reveal(entry.rect);
  };

  /** The nearest item above or below in the same pile; else that pile's header, or the next pile's. */
  const vertical = (from: Entry, down: boolean): Entry | undefined => {
    const sameGroup = entries.filter((entry) => entry.group === from.group && entry.kind === 'card');
    const candidates = sameGroup.filter((entry) => (down ? entry.rect.y > from.rect.y + 1 : entry.rect.y < from.rect.y - 1));
    if (from.kind === 'card' && candidates.length > 0) {
      return candidates.reduce((best, entry) => {
        const score = (e: Entry) => Math.abs(e.rect.y - from.rect.y) * 4 + Math.abs(e.rect.x - from.rect.x);
        return score(entry) < score(best) ? entry : best;
      });
    }
    const index = entries.indexOf(from);
    if (down) return entries.slice(index + 1).find((entry) => entry.group !== from.group);
    const header = entries.find((entry) => entry.kind === 'pile' && entry.group === from.group);
    if (from.kind === 'card' && header) return header;
    const before = entries.slice(0, index).filter((entry) => entry.group !== from.group);
    const previousGroup = before.at(-1)?.group;
    return before.find((entry) => entry.group === previousGroup);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const { history, doc, onOpenCard, onOpenPile, onRenamePile } = live.current;
    const current = entries.find((entry) => entry.key === (event.target as HTMLElement).dataset.key);
    if (!current || event.ctrlKey || event.metaKey) return;
    const index = entries.indexOf(current);
    const key = event.key;
    if (event.altKey) {
      if (current.kind !== 'card' || !canEdit || !['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'].includes(key)) return;
      const plan = planStep(layout, current.id, key === 'ArrowLeft' || key === 'ArrowUp' ? -1 : 1);
      holdsFocus.current = true;
      if (plan.size > 0) history.change(() => applyPlan(doc, plan));
    } else if (key === 'ArrowRight') focusEntry(entries[index + 1]);
    else if (key === 'ArrowLeft') focusEntry(entries[index - 1]);
    else if (key === 'ArrowDown') focusEntry(vertical(current, true));
    else if (key === 'ArrowUp') focusEntry(vertical(current, false));
    else if (key === 'Home') focusEntry(entries[0]);
    else if (key === 'End') focusEntry(entries.at(-1));
    else if (key === ' ' && current.kind === 'card') sorting.select([current.id], 'toggle');
    else if (key === 'Enter') {
      if (current.kind === 'card') onOpenCard(current.id);
      else onOpenPile(current.id);
    } else if (key === 'F2' && current.kind === 'pile' && canEdit) onRenamePile(current.id);
    else if (current.kind === 'card' && canEdit && selection.size === 0 && (/^[1-9]$/.test(key) || key.toLowerCase() === 'u')) {
      // Nothing selected: the card with focus is the one to send (with a selection, the board's keys send it).
      const toUnsorted = key.toLowerCase() === 'u';
      const pileId = toUnsorted ? null : pileByNumber(layout, Number(key));
      if (!toUnsorted && !pileId) return;
      holdsFocus.current = true;
      sorting.sendTo(pileId, [current.id]);
    } else return;
    event.preventDefault();
    event.stopPropagation();
  };

  // The proxies change with the board, not with a pan or zoom (only the list's transform does):
  // a pan re-renders one element, not one per card.
  const items = useMemo(
    () =>
      entries.map((entry) => (
        <li
          key={entry.key}
          className={`canvas-focus-item canvas-focus-${entry.kind}`}
          style={{ left: entry.rect.x, top: entry.rect.y, width: entry.rect.w, height: entry.rect.h }}
        >
          <button
            type="button"
            tabIndex={entry === tabStop ? 0 : -1}
            data-key={entry.key}
            data-card-id={entry.kind === 'card' ? entry.id : undefined}
            data-pile-id={entry.kind === 'pile' ? entry.id : undefined}
            aria-label={entry.name}
            aria-describedby={hintId}
            className="canvas-focus-proxy"
          />
        </li>
      )),
    [entries, tabStop, hintId],
  );

  return (
    <div className="canvas-focus" ref={outer} onScroll={(event) => event.currentTarget.scrollTo(0, 0)}>
      <ul
        ref={list}
        className="canvas-focus-list"
        aria-label={t('canvas.items')}
        data-testid="canvas-focus"
        style={{
          transform: `translate(${viewport.x}px, ${viewport.y}px) scale(${viewport.scale})`,
          ['--focus-width' as string]: `${Math.max(3, 4 / viewport.scale)}px`,
        }}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          holdsFocus.current = true;
          const entry = entries.find((each) => each.key === (event.target as HTMLElement).dataset.key);
          if (entry) {
            setActiveKey(entry.key);
            reveal(entry.rect);
          }
        }}
        onBlur={(event) => {
          if (event.relatedTarget && !list.current?.contains(event.relatedTarget as Node)) holdsFocus.current = false;
        }}
      >
        {items}
      </ul>
      <p id={hintId} className="visually-hidden">
        {t('canvas.itemHint')}
      </p>
    </div>
  );
}
