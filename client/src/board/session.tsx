// The board session: everything about the board on screen that components would otherwise be
// handed prop by prop — its document and store, my history and presence, my role and what it
// permits, the link's token, who I am, the tool in hand — reached from any component by a hook.
// It is split by how often each part changes, so that a pan re-renders only what sits on the canvas:
// - `useBoard()`: the session itself; changes only when who I am or the tool changes.
// - `useBoardSorting()`: the sorting on screen (cards, piles, layout, selection, protocol state).
// - `useBoardView()`: the viewport and the canvas's size; changes on every frame of a pan or zoom.
import { createContext, type ReactNode, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Role } from '#shared/roles.js';
import { registerAuthor } from '#shared/schema/authors.js';
import type { Card, CardPlacement } from '#shared/schema/card.js';
import type { Author } from '#shared/schema/comments.js';
import { getPin } from '#shared/schema/comments.js';
import type { Pile } from '#shared/schema/pile.js';
import type { ProtocolState } from '#shared/schema/protocol.js';
import { type AssetSize, assetUrl } from '../sync/api.js';
import type { BoardConnection } from '../sync/connection.js';
import { type DocumentStore, documentStore } from '../sync/documentStore.js';
import type { History } from '../sync/history.js';
import type { Identity } from '../sync/identity.js';
import { createPresence, type Presence } from '../sync/presence.js';
import type { BoardTool } from './gestures/annotate.js';
import type { Sorting } from './hooks/useSorting.js';
import type { ViewportControls } from './hooks/useViewport.js';

export type { BoardTool };

export interface BoardSession {
  connection: BoardConnection;
  boardId: string;
  /** The link's token: every request for the board's files carries it. */
  token: string;
  doc: Y.Doc;
  store: DocumentStore;
  history: History;
  awareness: Awareness;
  presence: Presence;
  role: Role;
  /** Whether my role lets me change the board (everyone but viewers). */
  canEdit: boolean;
  /** Who I am on this device; null until I have given my name. */
  me: Identity | null;
  /** Me as the author of a comment or a stroke (a placeholder until I have given my name). */
  author: Author;
  setMe(identity: Identity): void;
  tool: BoardTool;
  setTool(tool: BoardTool): void;
  assetUrl(assetId: string, size: AssetSize): string;
  /** Opens a card's full-size view, at one of its pins if named. */
  showCard(cardId: string, pinId?: string | null): void;
  /** Opens a pile's panel (its description and next steps). */
  openPile(pileId: string): void;
  /** Starts editing a pile's title on the canvas. */
  renamePile(pileId: string): void;
  /** Opens the card a pin is on, at the pin. */
  openPin(pinId: string): void;
  /** The label of a card as shown now (`Student 7` while names are hidden). */
  labelOf(cardId: string): string;
}

/** The sorting on screen: what the canvas draws and the panels list. */
export interface BoardSorting extends Sorting {
  /** The cards as my board shows them (my own layer during a private sort). */
  cards: ReadonlyMap<string, Card>;
  /** Every card as everyone sees it. */
  sharedCards: ReadonlyMap<string, Card>;
  pileMap: ReadonlyMap<string, Pile>;
  protocol: ProtocolState;
  /** Where dropped cards go instead of the shared board (my layer in a private sort), if anywhere. */
  placeCards: ((plan: ReadonlyMap<string, CardPlacement>) => void) | undefined;
  /** The presence the canvas shows drags through: silent while I sort privately (issue 5). */
  canvasPresence: Presence;
}

/** What the page does when a component asks for a card, a pile or a label. */
export interface BoardActions {
  showCard(cardId: string, pinId: string | null): void;
  openPile(pileId: string): void;
  renamePile(pileId: string): void;
  labelOf(cardId: string): string;
}

export interface BoardView extends ViewportControls {
  width: number;
  height: number;
}

const BoardContext = createContext<BoardSession | null>(null);
const SortingContext = createContext<BoardSorting | null>(null);
const ViewContext = createContext<BoardView | null>(null);

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} is used outside a board page`);
  return value;
}

export function useBoard(): BoardSession {
  return required(useContext(BoardContext), 'useBoard()');
}

/** The session, or null where a component is also shown off any board. */
export function useOptionalBoard(): BoardSession | null {
  return useContext(BoardContext);
}

export function useBoardSorting(): BoardSorting {
  return required(useContext(SortingContext), 'useBoardSorting()');
}

export function useBoardView(): BoardView {
  return required(useContext(ViewContext), 'useBoardView()');
}

/** The viewport, or null where a shape is also drawn off any board. */
export function useOptionalBoardView(): BoardView | null {
  return useContext(ViewContext);
}

/**
 * Builds the session of one connection. The page's `actions` (its card viewer, pile panel, the
 * sorting's hidden names) are read when called, so changing them does not make a new session.
 */
export function useBoardSessionValue(options: {
  connection: BoardConnection;
  token: string;
  role: Role;
  me: Identity | null;
  setMe(identity: Identity): void;
  actions: BoardActions;
}): BoardSession {
  const { connection, token, role, me, setMe } = options;
  const { boardId, doc, history, awareness } = connection;
  const [tool, setTool] = useState<BoardTool>('select');
  const presence = useMemo(() => createPresence(awareness), [awareness]);
  useEffect(() => () => presence.dispose(), [presence]);
  useEffect(() => {
    if (me) presence.setUser({ name: me.name, color: me.color, role, ...(me.team ? { team: me.team } : {}) });
  }, [presence, me, role]);
  // Who makes my changes, for "moved by" in comparisons (shared/schema/authors.ts). Not an undo step.
  useEffect(() => {
    if (me && role !== 'viewer') registerAuthor(doc, { name: me.name, color: me.color });
  }, [doc, me, role]);
  // The latest page callbacks, read when called (the usual "latest ref"; local to this session).
  const page = useRef(options.actions);
  page.current = options.actions;
  const assetUrlFor = useMemo(() => (assetId: string, size: AssetSize) => assetUrl(boardId, assetId, token, size), [boardId, token]);
  const name = me?.name ?? '';
  const color = me?.color ?? '#34495e';
  return useMemo((): BoardSession => {
    const showCard = (cardId: string, pinId?: string | null) => page.current.showCard(cardId, pinId ?? null);
    return {
      connection,
      boardId,
      token,
      doc,
      store: documentStore(doc),
      history,
      awareness,
      presence,
      role,
      canEdit: role !== 'viewer',
      me,
      author: { name, color },
      setMe,
      tool,
      setTool,
      assetUrl: assetUrlFor,
      showCard,
      openPile: (pileId) => page.current.openPile(pileId),
      renamePile: (pileId) => page.current.renamePile(pileId),
      openPin(pinId) {
        const pin = getPin(doc, pinId);
        if (pin) showCard(pin.cardId, pin.id);
      },
      labelOf: (cardId) => page.current.labelOf(cardId),
    };
  }, [connection, boardId, token, doc, history, awareness, presence, role, me, name, color, setMe, tool, assetUrlFor]);
}

export function BoardProvider({
  session,
  sorting,
  view,
  children,
}: {
  session: BoardSession;
  sorting: BoardSorting;
  view: BoardView;
  children: ReactNode;
}) {
  return (
    <BoardContext.Provider value={session}>
      <SortingContext.Provider value={sorting}>
        <ViewContext.Provider value={view}>{children}</ViewContext.Provider>
      </SortingContext.Provider>
    </BoardContext.Provider>
  );
}

/**
 * The address of a page's picture as it may be shown now: while names are hidden the server masks
 * the name before the picture leaves it (README, "Names private by default"), so a projector never
 * receives a name's pixels, whatever draws the picture.
 */
export function usePageUrl(): (assetId: string, size: AssetSize) => string {
  const { assetUrl: plain } = useBoard();
  const hidden = useBoardSorting().names.hidden;
  return useMemo(() => (hidden ? (assetId: string, size: AssetSize) => `${plain(assetId, size)}&names=hidden` : plain), [plain, hidden]);
}
