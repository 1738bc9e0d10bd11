// Everything the board page needs to sort: the live layout (unsorted area, piles, cards), the
// selection, hidden names (the board's switch and my own), and the actions on them. Every write
// goes through my history, so Ctrl-Z takes back exactly what I did.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { pileColorFor } from '#shared/colors.js';
import { hiddenStudentLabels } from '#shared/hideNames.js';
import { pileHeightFor, type Rect } from '#shared/layout.js';
import type { Card, CardPlacement } from '#shared/schema/card.js';
import { getPile, type Pile, updatePile } from '#shared/schema/pile.js';
import { setHideNames } from '#shared/schema/settings.js';
import { applyPlan, createPileWithCards, deletePileToUnsorted, inDisplayOrder, planMove, planStep } from '#shared/sorting.js';
import { cardsIn, layoutSortBoard, type SortLayout, sortBoardBounds } from '#shared/sortLayout.js';
import { useT } from '../../i18n/index.js';
import type { History } from '../../sync/history.js';
import { storage } from '../../sync/identity.js';
import {
  useAnnotationCounts,
  useBoardSettings,
  useBoardTags,
  useNameBands,
  usePageNameRegions,
  usePageWorkRegions,
} from './useSortingData.js';

export type SelectMode = 'replace' | 'add' | 'toggle';

export interface HiddenNames {
  /** The board-wide switch (the projector's): names hidden on every screen. */
  board: boolean;
  /** My own switch: names hidden on this screen only. */
  mine: boolean;
  /** Whether names are hidden here, by either switch. */
  hidden: boolean;
  /** `Student 1`, `Student 2`, … by card id while hidden (numbered as the exports number them). */
  labels: ReadonlyMap<string, string> | null;
}

export interface Sorting {
  piles: Pile[];
  layout: SortLayout;
  bounds: Rect;
  tags: string[];
  nameBands: ReturnType<typeof useNameBands>;
  /** The name region found on each page at upload (used where no band was marked). */
  pageNameRegions: ReturnType<typeof usePageNameRegions>;
  /** Where each page's student worked, by page id: card faces are cropped to it. */
  pageWorkRegions: ReturnType<typeof usePageWorkRegions>;
  annotations: ReturnType<typeof useAnnotationCounts>;
  names: HiddenNames;
  /** The label people see for a card here: `Student 7` while names are hidden. */
  labelOf(card: Pick<Card, 'id' | 'student'>): string;
  selection: ReadonlySet<string>;
  select(ids: readonly string[], mode: SelectMode): void;
  setBoardNamesHidden(hidden: boolean): void;
  setMyNamesHidden(hidden: boolean): void;
  /** A new pile (holding the selected cards, if any); answers its id and where it is drawn. */
  addPile(title: string, fromSelection: boolean): { id: string; rect: Rect } | null;
  /** Sends cards (default: the selection) to the end of a pile, or of the unsorted area (null). */
  sendTo(pileId: string | null, ids?: readonly string[]): number;
  /** Moves the selected card one slot earlier or later in its place. */
  step(delta: -1 | 1): void;
  deletePile(pileId: string): void;
  setCollapsed(pileId: string, collapsed: boolean): void;
}

const myHideKey = (boardId: string) => `worksort:hide-names:${boardId}`;

export function useSorting(options: {
  boardId: string;
  doc: Y.Doc;
  history: History;
  cards: ReadonlyMap<string, Card>;
  pileMap: ReadonlyMap<string, Pile>;
  canEdit: boolean;
  /** Where card moves go instead of the shared board: my own layer in a private-first sort (issue 5). */
  placeCards?: (plan: ReadonlyMap<string, CardPlacement>) => void;
}): Sorting {
  const { boardId, doc, history, cards, pileMap, canEdit, placeCards } = options;
  const settings = useBoardSettings(doc);
  const tags = useBoardTags(doc);
  const nameBands = useNameBands(doc);
  const pageNameRegions = usePageNameRegions(doc);
  const pageWorkRegions = usePageWorkRegions(doc);
  const annotations = useAnnotationCounts(doc);

  // Piles in a drawing order every client agrees on.
  const piles = useMemo(() => [...pileMap.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)), [pileMap]);
  const layout = useMemo(
    () => layoutSortBoard({ cards: cards.values(), piles, unsortedArea: settings.unsortedArea }),
    [cards, piles, settings.unsortedArea],
  );
  const bounds = useMemo(() => sortBoardBounds(layout), [layout]);

  const [mine, setMine] = useState(() => storage()?.getItem(myHideKey(boardId)) === '1');
  const hidden = settings.hideNames || mine;
  // Numbered over every card of the board, like `?names=hidden` exports, so both say "Student 7".
  const idsKey = hidden ? [...cards.keys()].sort().join(' ') : '';
  const t = useT();
  // The same numbers as the exports, said in the interface's language ("Estudiante 7").
  const labels = useMemo(
    () =>
      idsKey
        ? new Map(
            [...hiddenStudentLabels(idsKey.split(' ')).keys()].map((id, index) => [id, t('card.studentNumber', { number: index + 1 })]),
          )
        : null,
    [idsKey, t],
  );
  const names = useMemo<HiddenNames>(
    () => ({ board: settings.hideNames, mine, hidden, labels }),
    [settings.hideNames, mine, hidden, labels],
  );
  const labelOf = useCallback((card: Pick<Card, 'id' | 'student'>) => labels?.get(card.id) ?? card.student.trim(), [labels]);

  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set());
  const select = useCallback((ids: readonly string[], mode: SelectMode) => {
    setSelection((current) => {
      if (mode === 'replace') {
        if (ids.length === current.size && ids.every((id) => current.has(id))) return current;
        return new Set(ids);
      }
      const next = new Set(current);
      for (const id of ids) {
        if (mode === 'toggle' && next.has(id)) next.delete(id);
        else next.add(id);
      }
      return next;
    });
  }, []);
  // Cards that left the board leave the selection.
  useEffect(() => {
    setSelection((current) => {
      const kept = [...current].filter((id) => cards.has(id));
      return kept.length === current.size ? current : new Set(kept);
    });
  }, [cards]);

  const setBoardNamesHidden = useCallback(
    (value: boolean) => canEdit && history.change(() => setHideNames(doc, value)),
    [canEdit, history, doc],
  );
  const setMyNamesHidden = useCallback(
    (value: boolean) => {
      setMine(value);
      if (value) storage()?.setItem(myHideKey(boardId), '1');
      else storage()?.removeItem(myHideKey(boardId));
    },
    [boardId],
  );

  const addPile = useCallback(
    (title: string, fromSelection: boolean) => {
      if (!canEdit) return null;
      const ids = fromSelection && !placeCards ? inDisplayOrder(layout, selection) : [];
      let id = '';
      history.change(() => {
        id = createPileWithCards(doc, layout, ids, { title, color: pileColorFor(piles.length) });
      });
      if (ids.length > 0) setSelection(new Set());
      const created = getPile(doc, id);
      if (!created) return null;
      return { id, rect: { x: created.x, y: created.y, w: created.w, h: pileHeightFor(created, ids.length) } };
    },
    [canEdit, layout, selection, history, doc, piles, placeCards],
  );

  const sendTo = useCallback(
    (pileId: string | null, ids?: readonly string[]) => {
      if (!canEdit) return 0;
      const moving = inDisplayOrder(layout, ids ?? selection);
      const plan = planMove(layout, moving, { pileId });
      if (plan.size > 0) {
        if (placeCards) placeCards(plan);
        else history.change(() => applyPlan(doc, plan));
      }
      // Sent: the selection has done its job, and the next number pressed should not move them again.
      if (!ids) setSelection(new Set());
      return plan.size;
    },
    [canEdit, layout, selection, history, doc, placeCards],
  );

  const step = useCallback(
    (delta: -1 | 1) => {
      if (!canEdit || selection.size !== 1) return;
      const [id] = [...selection];
      if (!id) return;
      const plan = planStep(layout, id, delta);
      if (plan.size === 0) return;
      if (placeCards) placeCards(plan);
      else history.change(() => applyPlan(doc, plan));
    },
    [canEdit, selection, layout, history, doc, placeCards],
  );

  const deletePile = useCallback(
    (pileId: string) => canEdit && history.change(() => deletePileToUnsorted(doc, layout, pileId)),
    [canEdit, history, doc, layout],
  );
  const setCollapsed = useCallback(
    (pileId: string, collapsed: boolean) => canEdit && history.change(() => updatePile(doc, pileId, { collapsed })),
    [canEdit, history, doc],
  );

  return {
    piles,
    layout,
    bounds,
    tags,
    nameBands,
    pageNameRegions,
    pageWorkRegions,
    annotations,
    names,
    labelOf,
    selection,
    select,
    setBoardNamesHidden,
    setMyNamesHidden,
    addPile,
    sendTo,
    step,
    deletePile,
    setCollapsed,
  };
}

/** The cards to step through from a card: its pile's, or the unsorted ones, in display order. */
export function sequenceAround(layout: SortLayout, cardId: string): string[] {
  const pileId = layout.cardPile.get(cardId) ?? null;
  return cardsIn(layout, pileId).map((card) => card.id);
}
