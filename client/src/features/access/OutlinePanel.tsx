// The outline view: the board as an accessible tree beside the canvas, for keyboards and screen
// readers (issue 10). Unsorted first, then the piles in reading order (numbered as on the canvas),
// each with its cards and notes. Everything sorting does on the canvas can be done here: the tree's
// keys move a card to a pile or reorder it, and the actions under the tree work on the item with
// focus (move, reorder, tag, open full size, edit the pile). F2 or Enter on a pile renames it in
// place, and focus comes back to the tree. Every write goes through the same sorting functions and
// my history as the canvas, so Ctrl-Z takes it back. Letters typed anywhere in the panel stay in
// it: they never reach the board's shortcuts (N would make a pile).
import { type KeyboardEvent, type ReactNode, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import { addCardTag, type Card, removeCardTag } from '#shared/schema/card.js';
import type { StickyNote } from '#shared/schema/notes.js';
import { type Pile, updatePile } from '#shared/schema/pile.js';
import { addBoardTags } from '#shared/schema/tags.js';
import { applyPlan, pileByNumber, planStep } from '#shared/sorting.js';
import { cardsIn } from '#shared/sortLayout.js';
import { cardCount, cardName } from '../../board/accessibleNames.js';
import { useNotes } from '../../board/hooks/useAnnotations.js';
import type { Sorting } from '../../board/hooks/useSorting.js';
import { useBoard, useBoardSorting } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import type { History } from '../../sync/history.js';
import { storage } from '../../sync/identity.js';
import { PanelToggle } from '../../ui/PanelToggle.js';
import { TagInput } from '../../ui/TagInput.js';
import { TierHint } from '../../ui/TierHint.js';
import { StudentYearLink } from '../history/StudentYearLink.js';

const MAX_PILE_TITLE = 120;

export interface OutlinePanelProps {
  onClose(): void;
  /** Sections other features add under the tree (the trajectory, the share-out sequences). */
  children?: ReactNode;
}

const UNSORTED = 'unsorted';

interface Group {
  key: string;
  /** null: the unsorted area, or the notes on bare board. */
  pile: Pile | null;
  number: number;
  cards: Card[];
  /** Sticky notes stuck on the pile (or on bare board, for the notes group). */
  notes: StickyNote[];
}

type Item =
  | { kind: 'group'; key: string; group: Group }
  | { kind: 'card'; key: string; card: Card; group: Group }
  | { kind: 'note'; key: string; note: StickyNote; group: Group };

const BOARD_NOTES = 'board-notes';

const cardKey = (id: string) => `card:${id}`;
const groupKey = (pileId: string | null) => (pileId === null ? UNSORTED : `pile:${pileId}`);

export function OutlinePanel({ onClose, children }: OutlinePanelProps) {
  const { doc, history, canEdit, showCard: onOpenCard, openPile: onOpenPile } = useBoard();
  const sorting = useBoardSorting();
  const { pileMap } = sorting;
  const t = useT();
  const { layout, annotations, labelOf } = sorting;
  const titleId = useId();
  const treeRef = useRef<HTMLDivElement>(null);
  const [folded, setFolded] = useState<ReadonlySet<string>>(() => new Set());
  const [activeKey, setActiveKey] = useState<string>(UNSORTED);
  /** The tree held focus: when the focused item re-mounts (a card moved pile), focus follows it. */
  const holdsFocus = useRef(false);
  /** The pile whose name is being edited in place, in the tree. */
  const [renaming, setRenaming] = useState<string | null>(null);
  const titlesLocked = sorting.protocol.locks.trends;

  const stickyNotes = useNotes(doc);
  const groups = useMemo<Group[]>(() => {
    const list: Group[] = [{ key: UNSORTED, pile: null, number: 0, cards: cardsIn(layout, null), notes: [] }];
    for (const pileId of layout.readingOrder) {
      const pile = pileMap.get(pileId);
      if (!pile) continue;
      const notes = stickyNotes.filter((note) => note.pileId === pileId);
      list.push({ key: groupKey(pileId), pile, number: layout.pileNumbers.get(pileId) ?? 0, cards: cardsIn(layout, pileId), notes });
    }
    const loose = stickyNotes.filter((note) => note.pileId === null || !pileMap.has(note.pileId));
    if (loose.length > 0) list.push({ key: BOARD_NOTES, pile: null, number: 0, cards: [], notes: loose });
    return list;
  }, [layout, pileMap, stickyNotes]);

  const items = useMemo<Item[]>(
    () =>
      groups.flatMap((group): Item[] => [
        { kind: 'group', key: group.key, group },
        ...(folded.has(group.key)
          ? []
          : [
              ...group.cards.map((card): Item => ({ kind: 'card', key: cardKey(card.id), card, group })),
              ...group.notes.map((note): Item => ({ kind: 'note', key: `note:${note.id}`, note, group })),
            ]),
      ]),
    [groups, folded],
  );

  // The item with focus left the tree (its card was deleted): the nearest group takes its place.
  const active = items.find((item) => item.key === activeKey) ?? items[0];
  const activeIndex = active ? items.indexOf(active) : 0;

  useLayoutEffect(() => {
    if (!holdsFocus.current || !active || renaming) return;
    const element = treeRef.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(active.key)}"]`);
    if (element && document.activeElement !== element) element.focus();
  });

  useEffect(() => {
    // A press anywhere outside the tree (the canvas, a dialog) ends its claim on the focus.
    const onDown = (event: PointerEvent) => {
      if (!treeRef.current?.contains(event.target as Node)) holdsFocus.current = false;
    };
    window.addEventListener('pointerdown', onDown, true);
    return () => window.removeEventListener('pointerdown', onDown, true);
  }, []);

  const focusItem = useCallback((key: string) => {
    holdsFocus.current = true;
    setActiveKey(key);
  }, []);

  const cardLabel = useCallback(
    (card: Card) => {
      const pileId = layout.cardPile.get(card.id) ?? null;
      const pile = pileId ? pileMap.get(pileId) : undefined;
      return cardName(t, {
        label: labelOf(card),
        pile: pileId === null ? null : (pile?.title ?? ''),
        tags: card.tags,
        comments: annotations.get(card.id)?.comments ?? 0,
      });
    },
    [layout, pileMap, labelOf, annotations, t],
  );

  const groupLabel = (group: Group) =>
    group.pile
      ? t('outline.pile', { title: group.pile.title || t('pile.untitled'), number: group.number, count: cardCount(t, group.cards.length) })
      : group.key === BOARD_NOTES
        ? t('outline.boardNotes', { count: group.notes.length })
        : t('outline.unsorted', { count: cardCount(t, group.cards.length) });

  const step = useCallback(
    (cardId: string, delta: -1 | 1) => {
      if (!canEdit) return;
      const plan = planStep(layout, cardId, delta);
      if (plan.size > 0) history.change(() => applyPlan(doc, plan));
    },
    [canEdit, layout, history, doc],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!active || event.ctrlKey || event.metaKey) return;
    const move = (index: number) => {
      const target = items[Math.max(0, Math.min(items.length - 1, index))];
      if (target) focusItem(target.key);
    };
    const key = event.key;
    if (event.altKey) {
      if (active.kind === 'card' && (key === 'ArrowUp' || key === 'ArrowDown')) step(active.card.id, key === 'ArrowUp' ? -1 : 1);
      else return;
    } else if (key === 'ArrowDown') move(activeIndex + 1);
    else if (key === 'ArrowUp') move(activeIndex - 1);
    else if (key === 'Home') move(0);
    else if (key === 'End') move(items.length - 1);
    else if (key === 'ArrowRight') {
      if (active.kind !== 'group') return;
      if (folded.has(active.key)) setFolded(without(folded, active.key));
      else move(activeIndex + 1);
    } else if (key === 'ArrowLeft') {
      if (active.kind === 'card') focusItem(active.group.key);
      else if (!folded.has(active.key)) setFolded(new Set([...folded, active.key]));
    } else if (key === 'Enter' || key === 'F2') {
      if (active.kind === 'card' && key === 'Enter') onOpenCard(active.card.id);
      else if (active.kind === 'group' && active.group.pile && canEdit && !titlesLocked) setRenaming(active.group.pile.id);
      else if (active.kind === 'group' && active.group.pile) onOpenPile(active.group.pile.id);
      else return;
    } else if (active.kind === 'card' && canEdit && /^[1-9]$/.test(key)) {
      const pileId = pileByNumber(layout, Number(key));
      if (!pileId) return;
      holdsFocus.current = true;
      sorting.sendTo(pileId, [active.card.id]);
    } else if (active.kind === 'card' && canEdit && key.toLowerCase() === 'u') {
      holdsFocus.current = true;
      sorting.sendTo(null, [active.card.id]);
    } else return;
    // Handled here: the board's own keys (sorting the selection, zoom) leave it alone.
    event.preventDefault();
    event.stopPropagation();
  };

  const finishRename = (pile: Pile, title: string | null) => {
    const clean = title?.trim().slice(0, MAX_PILE_TITLE);
    if (clean && clean !== pile.title && canEdit && !titlesLocked) history.change(() => updatePile(doc, pile.id, { title: clean }));
    setRenaming(null);
    // Back to the pile in the tree, where the keyboard was.
    focusItem(groupKey(pile.id));
  };

  const renderCard = (card: Card, group: Group, index: number) => {
    const key = cardKey(card.id);
    return (
      <div
        key={key}
        role="treeitem"
        aria-level={2}
        aria-posinset={index + 1}
        aria-setsize={group.cards.length + group.notes.length}
        aria-selected={active?.key === key}
        aria-label={cardLabel(card)}
        tabIndex={active?.key === key ? 0 : -1}
        data-key={key}
        data-card-id={card.id}
        className="outline-card"
        onFocus={() => setActiveKey(key)}
      >
        <span aria-hidden="true" className="outline-card-label">
          {labelOf(card) || t('card.unnamed')}
        </span>
        {card.tags.length > 0 && (
          <span aria-hidden="true" className="outline-tags">
            {card.tags.join(' · ')}
          </span>
        )}
        {(annotations.get(card.id)?.comments ?? 0) > 0 && (
          <span aria-hidden="true" className="outline-comments">
            💬 {annotations.get(card.id)?.comments}
          </span>
        )}
      </div>
    );
  };

  return (
    <aside
      className="outline-panel"
      aria-labelledby={titleId}
      data-testid="outline"
      onKeyDown={(event) => {
        // Typed letters and digits stay in the outline, wherever its focus is: the board's
        // one-key shortcuts are for the board (issue 25: N made a stray pile). `?` still lists them.
        if (event.key.length === 1 && event.key !== '?' && !event.ctrlKey && !event.metaKey) event.stopPropagation();
      }}
    >
      <div className="outline-header">
        <h2 id={titleId}>{t('outline.title')}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('outline.close')} title={t('outline.close')}>
          ×
        </button>
      </div>
      <p className="outline-intro" id={`${titleId}-intro`}>
        {t('outline.intro')}
      </p>
      <div
        className="outline-tree"
        role="tree"
        aria-labelledby={titleId}
        aria-describedby={`${titleId}-intro`}
        ref={treeRef}
        onKeyDown={onKeyDown}
        onClick={(event) => {
          const key = (event.target as HTMLElement).closest<HTMLElement>('[data-key]')?.dataset.key;
          if (key) focusItem(key);
        }}
        onDoubleClick={(event) => {
          const cardId = (event.target as HTMLElement).closest<HTMLElement>('[data-card-id]')?.dataset.cardId;
          if (cardId) onOpenCard(cardId);
        }}
        onBlur={(event) => {
          // Focus went somewhere else on purpose (not lost with a re-mounted item): let it go.
          if (event.relatedTarget && !treeRef.current?.contains(event.relatedTarget as Node)) holdsFocus.current = false;
        }}
        onFocus={() => {
          holdsFocus.current = true;
        }}
      >
        {groups.flatMap((group, groupIndex) => {
          // A flat tree (levels and positions say the nesting): each treeitem's name is its own
          // visible text, never its children's.
          const open = !folded.has(group.key);
          const notes = group.pile ? [group.pile.description.trim(), group.pile.nextSteps.trim()] : ['', ''];
          return [
            <div
              key={group.key}
              role="treeitem"
              aria-level={1}
              aria-posinset={groupIndex + 1}
              aria-setsize={groups.length}
              aria-expanded={open}
              aria-selected={active?.key === group.key}
              tabIndex={active?.key === group.key ? 0 : -1}
              data-key={group.key}
              data-pile-id={group.pile?.id ?? ''}
              className="outline-group"
              onFocus={() => setActiveKey(group.key)}
            >
              <div className="outline-group-row">
                <span
                  className="outline-swatch"
                  aria-hidden="true"
                  style={{ backgroundColor: group.pile?.color ?? 'transparent', borderStyle: group.pile ? 'solid' : 'dashed' }}
                >
                  {group.number > 0 && group.number <= 9 ? group.number : ''}
                </span>
                {group.pile && renaming === group.pile.id ? (
                  <RenameField pile={group.pile} number={group.number} onDone={(title) => group.pile && finishRename(group.pile, title)} />
                ) : (
                  <span className="outline-group-title">{groupLabel(group)}</span>
                )}
              </div>
              {group.pile && (notes[0] || notes[1]) && (
                <div className="outline-notes">
                  {notes[0] && <p>{t('outline.shows', { text: notes[0] })}</p>}
                  {notes[1] && <p>{t('outline.next', { text: notes[1] })}</p>}
                </div>
              )}
            </div>,
            ...(open ? group.cards.map((card, index) => renderCard(card, group, index)) : []),
            ...(open
              ? group.notes.map((note, index) => (
                  <div
                    key={`note:${note.id}`}
                    role="treeitem"
                    aria-level={2}
                    aria-posinset={group.cards.length + index + 1}
                    aria-setsize={group.cards.length + group.notes.length}
                    aria-selected={active?.key === `note:${note.id}`}
                    tabIndex={active?.key === `note:${note.id}` ? 0 : -1}
                    data-key={`note:${note.id}`}
                    className="outline-card outline-note"
                    onFocus={() => setActiveKey(`note:${note.id}`)}
                  >
                    {t('outline.note', { text: note.text.trim() || '…' })}
                  </div>
                ))
              : []),
          ];
        })}
      </div>
      <OutlineActions
        doc={doc}
        history={history}
        sorting={sorting}
        item={active ?? null}
        groups={groups}
        canEdit={canEdit}
        cardLabel={cardLabel}
        groupLabel={groupLabel}
        onStep={step}
        onOpenCard={onOpenCard}
        onOpenPile={onOpenPile}
        onRename={
          canEdit && !titlesLocked
            ? (pileId) => {
                focusItem(groupKey(pileId));
                setRenaming(pileId);
              }
            : undefined
        }
      />
      {children}
    </aside>
  );
}

/** A pile's name, edited in place in the tree: Enter or leaving saves, Escape keeps the old name. */
function RenameField({ pile, number, onDone }: { pile: Pile; number: number; onDone(title: string | null): void }) {
  const t = useT();
  const [title, setTitle] = useState(pile.title);
  const field = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    onDone(save ? title : null);
  };
  return (
    <span className="outline-rename">
      <input
        ref={field}
        className="input outline-rename-field"
        aria-label={t('outline.renameLabel', { title: `${number}. ${pile.title || t('pile.untitled')}` })}
        maxLength={MAX_PILE_TITLE}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          // The field's keys are its own: neither the tree's arrows nor the board's shortcuts see them.
          event.stopPropagation();
          if (event.key === 'Enter') {
            event.preventDefault();
            finish(true);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            finish(false);
          }
        }}
        onClick={(event) => event.stopPropagation()}
        onBlur={() => finish(true)}
      />
      <TierHint title={title} />
    </span>
  );
}

function without(set: ReadonlySet<string>, key: string): Set<string> {
  const next = new Set(set);
  next.delete(key);
  return next;
}

/** The controls for the item with focus in the tree: the same actions, as ordinary form controls. */
function OutlineActions({
  doc,
  history,
  sorting,
  item,
  groups,
  canEdit,
  cardLabel,
  groupLabel,
  onStep,
  onOpenCard,
  onOpenPile,
  onRename,
}: {
  doc: Y.Doc;
  history: History;
  sorting: Sorting;
  item: Item | null;
  groups: Group[];
  canEdit: boolean;
  cardLabel(card: Card): string;
  groupLabel(group: Group): string;
  onStep(cardId: string, delta: -1 | 1): void;
  onOpenCard(cardId: string): void;
  onOpenPile(pileId: string): void;
  /** Starts renaming a pile in the tree (editors, while pile names may change). */
  onRename: ((pileId: string) => void) | undefined;
}) {
  const t = useT();
  const moveId = useId();
  if (!item) return null;
  if (item.kind === 'group') {
    return (
      <section className="outline-actions" aria-label={t('outline.selected', { name: groupLabel(item.group) })}>
        <p className="outline-actions-title">{groupLabel(item.group)}</p>
        {item.group.pile ? (
          <div className="button-row">
            {onRename && (
              <button type="button" className="button button-secondary" onClick={() => item.group.pile && onRename(item.group.pile.id)}>
                {t('outline.rename')} <kbd>F2</kbd>
              </button>
            )}
            <button
              type="button"
              className="button button-secondary"
              onClick={() => item.group.pile && onOpenPile(item.group.pile.id)}
              data-testid="outline-edit-pile"
            >
              {t('outline.editPile')}
            </button>
          </div>
        ) : (
          <p className="outline-hint">{t('outline.nothingSelected')}</p>
        )}
      </section>
    );
  }
  if (item.kind === 'note') {
    // A sticky note is read here; it is written where it sticks (on the board or its pile).
    return (
      <section className="outline-actions" aria-label={t('outline.selected', { name: t('outline.note', { text: item.note.text }) })}>
        <p className="outline-actions-title">{t('outline.note', { text: item.note.text.trim() || '…' })}</p>
      </section>
    );
  }
  const { card, group } = item;
  const index = group.cards.findIndex((each) => each.id === card.id);
  return (
    <section className="outline-actions" aria-label={t('outline.selected', { name: cardLabel(card) })}>
      <p className="outline-actions-title">{sorting.labelOf(card) || t('card.unnamed')}</p>
      <StudentYearLink card={card} />
      {canEdit && (
        <>
          <label className="field-label" htmlFor={moveId}>
            {t('outline.moveTo')}
          </label>
          <select
            id={moveId}
            className="input outline-move"
            value={group.pile?.id ?? UNSORTED}
            onChange={(event) => sorting.sendTo(event.target.value === UNSORTED ? null : event.target.value, [card.id])}
          >
            {groups.map((each) => (
              <option key={each.key} value={each.pile?.id ?? UNSORTED}>
                {each.pile ? `${each.number}. ${each.pile.title || t('pile.untitled')}` : t('unsorted.title')}
              </option>
            ))}
          </select>
          <div className="button-row">
            <button type="button" className="button button-secondary" disabled={index <= 0} onClick={() => onStep(card.id, -1)}>
              {t('outline.earlier')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={index >= group.cards.length - 1}
              onClick={() => onStep(card.id, 1)}
            >
              {t('outline.later')}
            </button>
          </div>
        </>
      )}
      <span className="field-label">{t('tags.title')}</span>
      <TagInput
        tags={card.tags}
        boardTags={sorting.tags}
        readOnly={!canEdit}
        onAdd={(tag) =>
          history.change(() => {
            addCardTag(doc, card.id, tag);
            addBoardTags(doc, [tag]);
          })
        }
        onRemove={(tag) => history.change(() => removeCardTag(doc, card.id, tag))}
      />
      <button type="button" className="button button-primary" onClick={() => onOpenCard(card.id)}>
        {t('outline.open')}
      </button>
    </section>
  );
}

const OUTLINE_KEY = 'worksort:outline';

/** Whether the outline is shown, remembered on this device (a screen-reader user wants it every time). */
export function useOutlineOpen(): [boolean, (update: boolean | ((open: boolean) => boolean)) => void] {
  const [open, setOpen] = useState(() => storage()?.getItem(OUTLINE_KEY) === '1');
  const set = useCallback((update: boolean | ((open: boolean) => boolean)) => {
    setOpen((current) => {
      const next = typeof update === 'function' ? update(current) : update;
      if (next) storage()?.setItem(OUTLINE_KEY, '1');
      else storage()?.removeItem(OUTLINE_KEY);
      return next;
    });
  }, []);
  return [open, set];
}

export function OutlineToggle({ open, onToggle }: { open: boolean; onToggle(): void }) {
  const t = useT();
  return (
    <PanelToggle
      open={open}
      onToggle={onToggle}
      label={t('outline.toggle')}
      hint={t('outline.toggleHint')}
      testId="outline-toggle"
      icon={
        <path d="M4 6h2M9 6h11M7 12h2M12 12h8M7 18h2M12 18h8" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
      }
    />
  );
}
