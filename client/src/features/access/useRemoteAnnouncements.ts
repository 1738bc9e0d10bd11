// Others' changes, put into words for a screen reader ("Ana moved Student 7 to Counts on"), so a
// participant who cannot see the canvas still follows the sort. Only changes that arrive from
// the network after the board has loaded are told; mine, and the initial load, are not.
import { useEffect, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { asRecord, boardCards, boardPiles } from '#shared/schema/board.js';
import type { Translate } from '../../i18n/index.js';

/** Changes that land together are told together, a moment after the last one. */
const GATHER_MS = 600;
/** Then the words leave the page: nothing (no student name) lingers in it once said. */
const CLEAR_MS = 7000;

interface Pending {
  moves: Map<string, { who: string; pileId: string | null; cards: string[] }>;
  lines: string[];
}

/** The client that wrote `key` of a Y.Map last: Yjs keeps it on the item (an internal, stable in Yjs 13). */
function writerOf(map: Y.Map<unknown>, key: string): number | null {
  const item = (map as unknown as { _map?: Map<string, { id?: { client?: number } }> })._map?.get(key);
  return typeof item?.id?.client === 'number' ? item.id.client : null;
}

export function useRemoteAnnouncements(options: {
  doc: Y.Doc;
  awareness: Awareness;
  /** Whether the board has loaded: changes before that are the load itself. */
  ready: boolean;
  /** A transaction origin whose changes are not news (the offline copy loading). */
  quietOrigin?: unknown;
  labelFor(cardId: string): string;
  /** When it changes (names hidden, say), what was said is taken off the page at once. */
  resetKey?: unknown;
  t: Translate;
}): string {
  const { doc, awareness, ready, resetKey } = options;
  const live = useRef(options);
  live.current = options;
  const [message, setMessage] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: resetKey is the trigger, not read.
  useEffect(() => setMessage(''), [resetKey]);
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(() => setMessage(''), CLEAR_MS);
    return () => clearTimeout(timer);
  }, [message]);

  useEffect(() => {
    if (!ready) return;
    const cards = boardCards(doc);
    const piles = boardPiles(doc);
    const titles = new Map<string, string>();
    const readTitles = () => {
      titles.clear();
      piles.forEach((value, id) => {
        const title = asRecord(value)?.get('title');
        titles.set(id, typeof title === 'string' ? title : '');
      });
    };
    readTitles();
    let pending: Pending = { moves: new Map(), lines: [] };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const who = (client: number | null) => {
      const state = client === null ? undefined : awareness.getStates().get(client);
      const name = (state as { user?: { name?: unknown } } | undefined)?.user?.name;
      return typeof name === 'string' && name.trim() ? name.trim() : live.current.t('announce.someone');
    };
    const pileTitle = (pileId: string | null) => {
      const { t } = live.current;
      if (pileId === null) return t('unsorted.title');
      return titles.get(pileId) || t('pile.untitled');
    };
    const flush = () => {
      const { t, labelFor } = live.current;
      const lines = [...pending.lines];
      for (const move of pending.moves.values()) {
        const first = move.cards[0];
        if (move.cards.length === 1 && first) {
          lines.push(t('announce.moved', { who: move.who, card: labelFor(first), pile: pileTitle(move.pileId) }));
        } else lines.push(t('announce.movedMany', { who: move.who, count: move.cards.length, pile: pileTitle(move.pileId) }));
      }
      pending = { moves: new Map(), lines: [] };
      if (lines.length > 0) setMessage(lines.join('. '));
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(flush, GATHER_MS);
    };
    const quiet = (transaction: Y.Transaction) => transaction.local || transaction.origin === live.current.quietOrigin;

    const onCards = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
      if (quiet(transaction)) return;
      const { t } = live.current;
      let added = 0;
      let removed = 0;
      let addedBy: number | null = null;
      for (const event of events) {
        if (event.target === cards) {
          for (const [key, change] of event.changes.keys) {
            if (change.action === 'add') {
              added++;
              addedBy = writerOf(cards as Y.Map<unknown>, key);
            } else if (change.action === 'delete') removed++;
          }
        } else if (
          event.path.length === 1 &&
          event instanceof Y.YMapEvent &&
          event.target instanceof Y.Map &&
          event.keysChanged.has('pileId')
        ) {
          const cardId = String(event.path[0]);
          const value = event.target.get('pileId');
          const pileId = typeof value === 'string' && value ? value : null;
          const name = who(writerOf(event.target, 'pileId'));
          const key = `${name}\u0000${pileId ?? ''}`;
          const move = pending.moves.get(key) ?? { who: name, pileId, cards: [] };
          move.cards.push(cardId);
          pending.moves.set(key, move);
        }
      }
      if (added > 0) pending.lines.push(t('announce.added', { who: who(addedBy), count: added }));
      if (removed > 0) pending.lines.push(t('announce.removedCards', { who: t('announce.someone'), count: removed }));
      schedule();
    };

    const onPiles = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
      const before = new Map(titles);
      readTitles();
      if (quiet(transaction)) return;
      const { t } = live.current;
      for (const event of events) {
        if (event.target === piles) {
          for (const [key, change] of event.changes.keys) {
            if (change.action === 'add') {
              pending.lines.push(t('announce.pileAdded', { who: who(writerOf(piles as Y.Map<unknown>, key)), pile: pileTitle(key) }));
            } else if (change.action === 'delete') {
              pending.lines.push(t('announce.pileRemoved', { who: t('announce.someone'), pile: before.get(key) || t('pile.untitled') }));
            }
          }
        } else if (
          event.path.length === 1 &&
          event instanceof Y.YMapEvent &&
          event.target instanceof Y.Map &&
          event.keysChanged.has('title')
        ) {
          const pileId = String(event.path[0]);
          if (!before.has(pileId)) continue;
          pending.lines.push(
            t('announce.pileRenamed', {
              who: who(writerOf(event.target, 'title')),
              old: before.get(pileId) || t('pile.untitled'),
              pile: pileTitle(pileId),
            }),
          );
        }
      }
      schedule();
    };

    cards.observeDeep(onCards);
    piles.observeDeep(onPiles);
    return () => {
      clearTimeout(timer);
      cards.unobserveDeep(onCards);
      piles.unobserveDeep(onPiles);
    };
  }, [doc, awareness, ready]);

  return message;
}
