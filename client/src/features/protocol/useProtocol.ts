// Protocol mode for React: the shared protocol state, a clock for the timer, the facilitator's
// moves, private-first sorting on my own layer, and what to do when the server refuses an edit.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { newId } from '#shared/ids.js';
import { clockOffset } from '#shared/protocolSession.js';
import type { Card, CardPlacement } from '#shared/schema/card.js';
import {
  isParticipantId,
  type PrivateLayer,
  placePrivately,
  privatePlacementsMap,
  privateSortersMap,
  readPrivateLayers,
  readSettled,
  setPrivateSorter,
  settledMap,
} from '#shared/schema/privateSort.js';
import { boardProtocol, type ProtocolState, readProtocol, writeProtocol } from '#shared/schema/protocol.js';
import { CLOSE_CODES } from '#shared/syncWire.js';
import { useDocValue } from '../../board/hooks/docValue.js';
import type { History } from '../../sync/history.js';
import { storage } from '../../sync/identity.js';

/** Protocol writes are the facilitator's moves, not sorting: they stay out of Ctrl-Z. */
const PROTOCOL_ORIGIN = { protocol: true };

const protocolTypes = (doc: Y.Doc) => [boardProtocol(doc) as Y.AbstractType<unknown>];
const layerTypes = (doc: Y.Doc) => [privatePlacementsMap(doc), privateSortersMap(doc)] as Y.AbstractType<unknown>[];
const settledTypes = (doc: Y.Doc) => [settledMap(doc) as Y.AbstractType<unknown>];

export function useProtocol(doc: Y.Doc): ProtocolState {
  return useDocValue(doc, 'protocol', protocolTypes, readProtocol);
}

export type ProtocolMove = (state: ProtocolState, now: number) => Partial<ProtocolState>;

/** Applies a facilitator's move to the current state (the owner's screens only: the server refuses others). */
export function useFacilitator(doc: Y.Doc, enabled: boolean): (move: ProtocolMove) => void {
  return useCallback(
    (move: ProtocolMove) => {
      if (!enabled) return;
      doc.transact(() => writeProtocol(doc, move(readProtocol(doc), sharedNow())), PROTOCOL_ORIGIN);
    },
    [doc, enabled],
  );
}

let offsetMs = 0;
let offsetAsked = false;

/** Asks the server for its time once per page, to correct a device clock that is clearly off. */
function askServerTime(): void {
  if (offsetAsked) return;
  offsetAsked = true;
  const sentAt = Date.now();
  fetch('/healthz', { cache: 'no-store' }).then(
    (response) => {
      offsetMs = clockOffset(Date.parse(response.headers.get('date') ?? ''), sentAt, Date.now());
    },
    // Unreachable: this device's clock it is; the timer is only as right as the clocks are.
    () => {},
  );
}

/** The time by the server's clock (as near as a Date header tells), the timer's common ground. */
export function sharedNow(): number {
  askServerTime();
  return Date.now() + offsetMs;
}

/** The time now, re-read every `intervalMs` while `running` (the timer on screen). */
export function useNow(running: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(sharedNow);
  useEffect(() => {
    setNow(sharedNow());
    if (!running) return;
    const timer = setInterval(() => setNow(sharedNow()), intervalMs);
    return () => clearInterval(timer);
  }, [running, intervalMs]);
  return now;
}

const PARTICIPANT_KEY = 'worksort:participant-id';

/** Who I am on private layers: a random id kept on this device. */
export function participantId(): string {
  const stored = storage()?.getItem(PARTICIPANT_KEY);
  if (stored && isParticipantId(stored)) return stored;
  const id = newId();
  storage()?.setItem(PARTICIPANT_KEY, id);
  return id;
}

export function usePrivateLayers(doc: Y.Doc): Map<string, PrivateLayer> {
  return useDocValue(doc, 'privateLayers', layerTypes, readPrivateLayers);
}

export function useSettled(doc: Y.Doc): Map<string, string | null> {
  return useDocValue(doc, 'privateSettled', settledTypes, readSettled);
}

export interface PrivateSorting {
  /** Sorting on my own layer right now. */
  active: boolean;
  /** The cards as my board shows them: on my layer while private, else as everyone sees them. */
  cards: ReadonlyMap<string, Card>;
  /** Where card moves go: my layer while private; nowhere while sorting is locked; else the shared board (undefined). */
  placeCards: ((plan: ReadonlyMap<string, CardPlacement>) => void) | undefined;
  /** How many people have a private layer. */
  sorters: number;
}

export function usePrivateSorting(options: {
  doc: Y.Doc;
  history: History;
  protocol: ProtocolState;
  cards: ReadonlyMap<string, Card>;
  me: { name: string; color: string } | null;
  onLocked(): void;
}): PrivateSorting {
  const { doc, history, protocol, cards, me, onLocked } = options;
  const [myId] = useState(participantId);
  const layers = usePrivateLayers(doc);
  const active = protocol.active && protocol.phase === 'sort' && protocol.privateSort === 'private' && !protocol.locks.sort;
  const mine = layers.get(myId)?.placements;
  const shown = useMemo(() => {
    if (!active || !mine || mine.size === 0) return cards;
    const overlaid = new Map<string, Card>();
    for (const [id, card] of cards) {
      const placement = mine.get(id);
      overlaid.set(id, placement ? { ...card, pileId: placement.pileId, order: placement.order } : card);
    }
    return overlaid;
  }, [active, mine, cards]);
  const locked = protocol.locks.sort;
  const placeCards = useMemo(() => {
    if (locked) return () => onLocked();
    if (!active) return undefined;
    return (plan: ReadonlyMap<string, CardPlacement>) => {
      const placements = new Map(
        [...plan].map(([cardId, placement]) => [cardId, { pileId: placement.pileId, order: placement.order ?? 0 }]),
      );
      history.change(() => {
        if (me) setPrivateSorter(doc, { id: myId, name: me.name, color: me.color });
        placePrivately(doc, myId, placements);
      });
    };
  }, [locked, active, onLocked, history, me, doc, myId]);
  return { active, cards: shown, placeCards, sorters: layers.size };
}

/**
 * The server refused one of my updates (CLOSE_CODES.editRefused): my copy holds a change the board
 * will never have, so it is dropped, offline copy included, and the board loads afresh.
 */
export function useRefusalResync(
  connection: { provider: WebsocketProvider; persistence: { clearData(): Promise<void> } } | null,
  onResync: () => void,
): void {
  useEffect(() => {
    if (!connection) return;
    const onClosed = ({ code }: { code: number }) => {
      if (code !== CLOSE_CODES.editRefused) return;
      refusedAt = Date.now();
      connection.persistence.clearData().then(onResync, onResync);
    };
    connection.provider.on('closed', onClosed);
    return () => connection.provider.off('closed', onClosed);
  }, [connection, onResync]);
}

let refusedAt = 0;

/** True once after a refused edit reloaded the board, so the page can say why. */
export function takeRefusalNotice(): boolean {
  const recent = refusedAt > 0 && Date.now() - refusedAt < 60_000;
  refusedAt = 0;
  return recent;
}

/**
 * The presence the canvas publishes through: while I sort privately, what I drag is not shown to
 * the others (it would tell them where I put each card before the reveal).
 */
export function usePrivatePresence<P extends { drag(cards: { id: string; x: number; y: number }[] | null): void }>(
  presence: P,
  privately: boolean,
): P {
  return useMemo(() => {
    if (!privately) return presence;
    presence.drag(null);
    return { ...presence, drag: () => {} };
  }, [presence, privately]);
}
