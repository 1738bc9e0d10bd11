// The board page, `/b/<id>#token=…`: checks the link with the server before anything of the board
// is shown, then opens the live board (toolbar, task, canvas) for the role the link grants.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Rect } from '#shared/layout.js';
import { pilesLocked } from '#shared/protocolLocks.js';
import { isRole, type Role } from '#shared/roles.js';
import { isBuiltInPile } from '#shared/schema/notSureYet.js';
import { updatePile } from '#shared/schema/pile.js';
import { BoardStage } from '../board/BoardStage.js';
import { CanvasFocus } from '../board/CanvasFocus.js';
import { useCards } from '../board/hooks/useCards.js';
import { useMeta } from '../board/hooks/useMeta.js';
import { usePiles } from '../board/hooks/usePiles.js';
import { useSorting } from '../board/hooks/useSorting.js';
import { sortLockMessage } from '../board/hooks/useSortLock.js';
import { useViewport } from '../board/hooks/useViewport.js';
import { BoardProvider, type BoardSorting, useBoardSessionValue } from '../board/session.js';
import { visibleRect } from '../board/viewport.js';
import { DisplayMenu } from '../features/access/DisplayMenu.js';
import { OutlinePanel, OutlineToggle, useOutlineOpen } from '../features/access/OutlinePanel.js';
import { ShortcutsDialog } from '../features/access/ShortcutsDialog.js';
import { useRemoteAnnouncements } from '../features/access/useRemoteAnnouncements.js';
import { BoardAnnotations } from '../features/annotations/BoardAnnotations.js';
import { unnamedCards, WhoIsThis, WhoIsThisButton } from '../features/classes/WhoIsThis.js';
import { SnapshotsPanel } from '../features/compare/SnapshotsPanel.js';
import { ExportMenu } from '../features/export/ExportMenu.js';
import { CarriedStepsPanel, CarriedStepsToggle } from '../features/history/CarriedSteps.js';
import { BoardPeople } from '../features/people/BoardPeople.js';
import { NamePrompt } from '../features/people/NamePrompt.js';
import { ProtocolBar, ProtocolOverlay, StartProtocolButton } from '../features/protocol/ProtocolBar.js';
import { TierReminders } from '../features/protocol/TierReminders.js';
import {
  takeRefusalNotice,
  usePrivatePresence,
  usePrivateSorting,
  useProtocol,
  useRefusalResync,
} from '../features/protocol/useProtocol.js';
import { ShareDialog } from '../features/share/ShareDialog.js';
import { OutlineSequences } from '../features/shareout/OutlineSequences.js';
import { PresentationOverlay } from '../features/shareout/Presentation.js';
import { ShareOutToggle } from '../features/shareout/ShareOutToggle.js';
import { SharePanel } from '../features/shareout/SharePanel.js';
import { CardInspector } from '../features/sorting/CardInspector.js';
import { OutlineTrajectory } from '../features/sorting/OutlineTrajectory.js';
import { PileEditor } from '../features/sorting/PileEditor.js';
import { PileTitleEditor } from '../features/sorting/PileTitleEditor.js';
import { SelectionBar } from '../features/sorting/SelectionBar.js';
import { SortingTools } from '../features/sorting/SortingTools.js';
import { TrajectoryStrip } from '../features/sorting/TrajectoryStrip.js';
import { useSortingKeys } from '../features/sorting/useSortingKeys.js';
import { DropOverlay, type DroppedFiles, UploadDialog, UploadIcon, useFileDrop } from '../features/upload/UploadDialog.js';
import { useT } from '../i18n/index.js';
import { ApiError, getBoard } from '../sync/api.js';
import { type BoardConnection, connectBoard } from '../sync/connection.js';
import { type CachedBoard, forgetBoard, recallBoard, rememberBoard } from '../sync/deviceMemory.js';
import { type Identity, loadIdentity, saveName } from '../sync/identity.js';
import { tokenFromHash } from '../sync/token.js';
import { useElementSize } from '../ui/useElementSize.js';
import { useReturnFocus } from '../ui/useReturnFocus.js';
import { BoardError, InvalidLink } from './BoardError.js';
import {
  chromeInsets,
  useBoardKeys,
  useBoardReady,
  useBoardTitle,
  useFirstUseHint,
  usePresenting,
  useRevoked,
  useViewCommands,
} from './boardPageHooks.js';
import { TaskBanner } from './TaskBanner.js';
import { Toolbar } from './Toolbar.js';
import { ToolbarMore } from './ToolbarMore.js';
import { useConnectionStatus } from './useConnectionStatus.js';

interface OpenBoard {
  title: string;
  task: string;
  role: Role;
}

type Access =
  | { state: 'checking' }
  | { state: 'invalid' }
  | { state: 'unreachable'; message: string }
  | { state: 'open'; board: OpenBoard; offline: boolean };

/** Room kept on either side of a pile moved into view beside its panel (px). */
const PILE_MARGIN = 24;

export function BoardPage({ boardId }: { boardId: string }) {
  const t = useT();
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const [access, setAccess] = useState<Access>(() => (token ? { state: 'checking' } : { state: 'invalid' }));

  useEffect(() => {
    // Another board link pasted into this tab: start over with its token.
    const onHashChange = () => window.location.reload();
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  useEffect(() => {
    if (!token) return;
    let live = true;
    setAccess({ state: 'checking' });
    getBoard(boardId, token).then(
      (info) => {
        if (!live) return;
        const board: OpenBoard = { title: info.title, task: info.task, role: isRole(info.role) ? info.role : 'viewer' };
        rememberBoard(boardId, board);
        setAccess({ state: 'open', board, offline: false });
      },
      (error: unknown) => {
        if (!live) return;
        if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
          forgetBoard(boardId);
          setAccess({ state: 'invalid' });
          return;
        }
        // The server is unreachable: a board this device has opened before opens from its offline copy.
        const cached: CachedBoard | null = recallBoard(boardId);
        if (cached && isRole(cached.role)) {
          setAccess({ state: 'open', board: { ...cached, role: cached.role }, offline: true });
        } else {
          setAccess({ state: 'unreachable', message: error instanceof Error ? error.message : String(error) });
        }
      },
    );
    return () => {
      live = false;
    };
  }, [boardId, token]);

  if (access.state === 'invalid' || !token) return <InvalidLink />;
  if (access.state === 'checking') {
    return (
      <main className="message-page" aria-busy="true">
        <p className="loading-text">{t('board.opening')}</p>
      </main>
    );
  }
  if (access.state === 'unreachable') {
    return (
      <BoardError
        title={t('error.unreachableTitle')}
        icon="unreachable"
        action={{ label: t('error.tryAgain'), onClick: () => window.location.reload() }}
      >
        <p>{access.message}</p>
      </BoardError>
    );
  }
  return <BoardSession boardId={boardId} token={token} board={access.board} />;
}

function BoardSession({ boardId, token, board }: { boardId: string; token: string; board: OpenBoard }) {
  const [connection, setConnection] = useState<BoardConnection | null>(null);
  // A refused edit (a phase the facilitator locked) reloads the board from the server (issue 5).
  const [generation, setGeneration] = useState(0);
  const resync = useCallback(() => setGeneration((n) => n + 1), []);
  useRefusalResync(connection, resync);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation opens a fresh connection.
  useEffect(() => {
    const opened = connectBoard(boardId, token);
    setConnection(opened);
    return () => opened.destroy();
  }, [boardId, token, generation]);
  if (!connection) return null;
  return <BoardView key={connection.doc.guid} connection={connection} token={token} board={board} />;
}

function BoardView({ connection, token, board }: { connection: BoardConnection; token: string; board: OpenBoard }) {
  const { boardId, doc, provider, awareness, history } = connection;
  const t = useT();
  const { role } = board;
  const canEdit = role !== 'viewer';
  const status = useConnectionStatus(provider);
  const revoked = useRevoked(connection, token, status);
  const cards = useCards(doc);
  const pileMap = usePiles(doc);
  const meta = useMeta(doc);
  const [identity, setIdentity] = useState<Identity | null>(() => loadIdentity());
  const [editingPileId, setEditingPileId] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  // Uploading, exports and snapshots (features/upload, features/export, features/compare).
  const [uploading, setUploading] = useState(false);
  const [dropped, setDropped] = useState<DroppedFiles | null>(null);
  const [showSnapshots, setShowSnapshots] = useState(false);
  const closeUpload = useCallback(() => setUploading(false), []);
  // "Who is this?" (features/classes): naming a class board's unnamed cards from its roster.
  const [naming, setNaming] = useState(false);
  const closeNaming = useCallback(() => setNaming(false), []);
  const unnamed = useMemo(() => (meta.classId ? unnamedCards(cards).length : 0), [meta.classId, cards]);
  const closeSnapshots = useCallback(() => setShowSnapshots(false), []);
  const dragging = useFileDrop(canEdit, (files) => {
    setDropped((last) => ({ id: (last?.id ?? 0) + 1, files }));
    setUploading(true);
  });
  const areaRef = useRef<HTMLElement>(null);
  const size = useElementSize(areaRef);
  const viewControls = useViewport();
  const { viewport, fitTo } = viewControls;
  const view = useMemo(() => ({ ...viewControls, width: size.width, height: size.height }), [viewControls, size]);

  const title = meta.title || board.title;
  const task = meta.task || board.task;

  useBoardTitle(boardId, meta, title, role);

  // Protocol mode (issue 5): phases, timer and locks; while sorting privately, my own layer is shown.
  const protocol = useProtocol(doc);
  const [protocolNotice, setProtocolNotice] = useState<string | null>(() => (takeRefusalNotice() ? t('protocol.refused') : null));
  // A move refused while sorting is locked (a pile's key, the outline) says who locked it, as the canvas does.
  const onSortLocked = useCallback(() => setProtocolNotice(sortLockMessage(doc, t)), [doc, t]);
  const privateSorting = usePrivateSorting({ doc, history, protocol, cards, me: identity, onLocked: onSortLocked });

  // The sorting: layout (unsorted area, piles, cards), selection, hidden names, moves.
  const sorting = useSorting({
    boardId,
    doc,
    history,
    cards: privateSorting.cards,
    pileMap,
    canEdit,
    placeCards: privateSorting.placeCards,
  });
  const { piles, layout, bounds } = sorting;
  const [openPileId, setOpenPileId] = useState<string | null>(null);

  // The card shown large, and the pin it opened at (issue 5: a pin opens its card at the pin).
  const [viewingCardId, setViewingCardId] = useState<string | null>(null);
  const [focusPinId, setFocusPinId] = useState<string | null>(null);
  const showCard = useCallback((cardId: string, pinId: string | null) => {
    setFocusPinId(pinId);
    setViewingCardId(cardId);
  }, []);

  // The session every component below reaches with useBoard(); the actions are this page's.
  const session = useBoardSessionValue({
    connection,
    token,
    role,
    me: identity,
    setMe: setIdentity,
    actions: {
      showCard,
      openPile: setOpenPileId,
      renamePile: setEditingPileId,
      labelOf(cardId) {
        const card = cards.get(cardId);
        return card ? sorting.labelOf(card) : '';
      },
    },
  });
  const canvasPresence = usePrivatePresence(session.presence, privateSorting.active);
  const boardSorting = useMemo(
    (): BoardSorting => ({
      ...sorting,
      cards: privateSorting.cards,
      sharedCards: cards,
      pileMap,
      protocol,
      placeCards: privateSorting.placeCards,
      canvasPresence,
    }),
    [sorting, privateSorting, cards, pileMap, protocol, canvasPresence],
  );

  const hasContent = cards.size > 0 || piles.some((pile) => !isBuiltInPile(pile.id));
  const ready = useBoardReady(connection, hasContent, status);
  const { fitAll, zoomIn, zoomOut, zoomReset } = useViewCommands(view, bounds, ready, areaRef, `${protocol.active} ${protocol.phase}`);

  const addPile = useCallback(() => {
    if (pilesLocked(protocol)) {
      setProtocolNotice(t('protocol.pilesLocked'));
      return;
    }
    // With cards selected, the new pile takes them ("new pile from selection").
    const created = sorting.addPile(t('pile.newTitle'), sorting.selection.size > 0);
    if (!created) return;
    setEditingPileId(created.id);
    // Bring the new pile into view, with the rest of the board if it all fits.
    const rect: Rect = created.rect;
    const visible = visibleRect(viewport, size.width, size.height);
    const inView =
      rect.x >= visible.x && rect.y >= visible.y && rect.x + rect.w <= visible.x + visible.w && rect.y + rect.h <= visible.y + visible.h;
    if (!inView) fitTo(union(bounds, rect), size.width, size.height);
  }, [sorting, t, viewport, size, bounds, fitTo, protocol]);

  // The pile panel stands beside the board, which narrows for it: the pile it opens for moves into
  // what is left of the board when it would be cut off at the right (issue 19).
  const { panBy } = viewControls;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only opening a pile, or the board narrowing for its panel, moves the board, not later pans.
  useEffect(() => {
    const rect = openPileId ? layout.pileRects.get(openPileId) : undefined;
    if (!rect || size.width === 0) return;
    const right = (rect.x + rect.w) * viewport.scale + viewport.x;
    const left = rect.x * viewport.scale + viewport.x;
    const room = size.width - PILE_MARGIN;
    // A pile wider than the room keeps its left edge, with its title, clear of the tool rail.
    if (right > room) panBy(Math.max(room - right, chromeInsets(areaRef.current).left + PILE_MARGIN - left), 0);
  }, [openPileId, size.width]);

  const [showHint, retireHint] = useFirstUseHint();

  const viewingCard = viewingCardId ? cards.get(viewingCardId) : undefined;
  const pilesInOrder = useMemo(() => layout.readingOrder.flatMap((id) => pileMap.get(id) ?? []), [layout, pileMap]);
  useSortingKeys({ sorting, history, canEdit, onOpenCard: setViewingCardId });
  // Issue 10: the outline beside the canvas, the shortcuts overlay, others' changes told aloud.
  const [outlineOpen, setOutlineOpen] = useOutlineOpen();
  // The share-out panel takes the outline's place beside the board: one side panel at a time.
  const [shareoutOpen, setShareoutOpen] = useState(false);
  const [carriedOpen, setCarriedOpen] = useState(false);
  const [chosenSequence, setChosenSequence] = useState<string | null>(null);
  const toggleShareout = () => {
    setShareoutOpen((open) => !open);
    setOutlineOpen(false);
  };
  const [showShortcuts, setShowShortcuts] = useState(false);
  const closeShortcuts = useCallback(() => setShowShortcuts(false), []);
  const announcement = useRemoteAnnouncements({
    doc,
    awareness,
    ready,
    quietOrigin: connection.persistence,
    resetKey: sorting.names.hidden,
    labelFor: (cardId) => {
      const card = cards.get(cardId);
      return (card && sorting.labelOf(card)) || t('card.unnamed');
    },
    t,
  });
  const closeViewer = useCallback(() => setViewingCardId(null), []);
  // Closing the full-size view or a pile's panel puts focus back on what opened it (issue 10).
  useReturnFocus(viewingCardId !== null);
  useReturnFocus(openPileId !== null);
  // On a finger-first screen the first-use hint speaks of fingers, not Shift-clicks.
  const [touchScreen] = useState(() => window.matchMedia?.('(pointer: coarse)').matches ?? false);
  const endSpotlight = useCallback((cardId: string) => setViewingCardId((shown) => (shown === cardId ? null : shown)), []);
  const [presenting, present] = usePresenting(sorting);

  const openShare = useCallback(() => setSharing(true), []);
  const closeShare = useCallback(() => setSharing(false), []);
  const leaveDeletedBoard = useCallback(() => {
    // Nothing of a deleted board stays on this device, not even its offline copy.
    forgetBoard(boardId);
    void connection.persistence.clearData().finally(() => window.location.assign('/'));
  }, [boardId, connection]);

  useBoardKeys({
    '+': zoomIn,
    '=': zoomIn,
    '-': zoomOut,
    _: zoomOut,
    '0': fitAll,
    n: canEdit ? addPile : undefined,
    '?': () => setShowShortcuts(true),
    o: () => setOutlineOpen((open) => !open),
  });

  if (revoked) return <InvalidLink />;

  const editingPile = editingPileId ? pileMap.get(editingPileId) : undefined;
  const openPile = openPileId ? pileMap.get(openPileId) : undefined;
  const editingRect = editingPile ? layout.pileRects.get(editingPile.id) : undefined;

  return (
    <BoardProvider session={session} sorting={boardSorting} view={view}>
      <div className={presenting ? 'board-page board-page-presenting' : 'board-page'} data-role={role}>
        <Toolbar
          title={title}
          role={role}
          status={status}
          awareness={awareness}
          me={identity}
          scale={viewport.scale}
          onAddPile={addPile}
          onZoomIn={zoomIn}
          onZoomOut={zoomOut}
          onZoomReset={zoomReset}
          onFit={fitAll}
          onShare={openShare}
          tools={<SortingTools />}
          panels={
            <>
              <OutlineToggle
                open={outlineOpen}
                onToggle={() => {
                  setOutlineOpen((open) => !open);
                  setShareoutOpen(false);
                }}
              />
              <ShareOutToggle open={shareoutOpen && !outlineOpen} onToggle={toggleShareout} />
              <CarriedStepsToggle
                open={carriedOpen && !outlineOpen && !shareoutOpen}
                onToggle={() => {
                  setCarriedOpen((open) => !(open && !outlineOpen && !shareoutOpen));
                  setOutlineOpen(false);
                  setShareoutOpen(false);
                }}
              />
              <StartProtocolButton />
              <ToolbarMore>
                <DisplayMenu onShortcuts={() => setShowShortcuts(true)} />
                <ExportMenu title={title} namesHidden={sorting.names.hidden} onSnapshots={() => setShowSnapshots(true)} />
                {canEdit && unnamed > 0 && <WhoIsThisButton count={unnamed} onOpen={() => setNaming(true)} />}
                {canEdit && (
                  <button
                    type="button"
                    className="button button-secondary toolbar-panel-button"
                    onClick={() => setUploading(true)}
                    title={t('toolbar.upload')}
                  >
                    <UploadIcon />
                    <span className="toolbar-panel-label">{t('toolbar.upload')}</span>
                  </button>
                )}
              </ToolbarMore>
            </>
          }
        />
        <TaskBanner task={task} />
        <ProtocolBar notice={protocolNotice} onDismissNotice={() => setProtocolNotice(null)} />
        <main className="board-area" ref={areaRef} aria-label={t('board.area', { title })}>
          {/* The canvas and what sits on it need the area's measured size. */}
          {size.width > 0 && (
            <>
              <BoardStage
                editingPileId={editingPile ? editingPileId : null}
                activePileId={openPile ? openPileId : null}
                onInteract={retireHint}
              />
              <CanvasFocus />
              <BoardAnnotations presenting={presenting} />
              <BoardPeople area={areaRef} presenting={presenting} onPresent={present} onEndSpotlight={endSpotlight} />
              <TierReminders editingPileId={editingPile ? editingPileId : null} />
            </>
          )}
          {editingPile && editingRect && (
            <PileTitleEditor
              key={editingPile.id}
              pile={editingPile}
              rect={editingRect}
              viewport={viewport}
              onCommit={(newTitle) => {
                if (protocol.locks.trends && newTitle !== editingPile.title) setProtocolNotice(t('protocol.pilesLocked'));
                else history.change(() => updatePile(doc, editingPile.id, { title: newTitle }));
                setEditingPileId(null);
              }}
              onCancel={() => setEditingPileId(null)}
            />
          )}
          {!ready && (
            <div className="board-overlay" aria-live="polite">
              <p className="loading-text">{t('board.loading')}</p>
            </div>
          )}
          {ready && !hasContent && (
            <div className="board-overlay board-empty">
              <div className="empty-card">
                <h2>{t('board.emptyTitle')}</h2>
                <p className="empty-text">{canEdit ? t('upload.emptyBoard') : t('board.emptyViewer')}</p>
                {canEdit && (
                  <div className="button-row empty-actions">
                    <button type="button" className="button button-primary" onClick={() => setUploading(true)}>
                      {t('toolbar.upload')}
                    </button>
                    <button type="button" className="button button-secondary" onClick={addPile}>
                      {t('board.addPile')}
                    </button>
                  </div>
                )}
              </div>
            </div>
          )}
          {dragging && <DropOverlay />}
          <ProtocolOverlay notice={protocolNotice} onDismissNotice={() => setProtocolNotice(null)} />
          {canEdit && sorting.selection.size > 0 && (
            <SelectionBar
              count={sorting.selection.size}
              piles={pilesInOrder}
              onSendTo={(pileId) => sorting.sendTo(pileId)}
              onNewPile={addPile}
              onOpen={() => setViewingCardId([...sorting.selection][0] ?? null)}
              onClear={() => sorting.select([], 'replace')}
            />
          )}
        </main>
        {/* Beside the board, which narrows for it: the panel covers no card (issue 19). */}
        {openPile && (
          <PileEditor
            key={openPile.id}
            pile={openPile}
            number={layout.pileNumbers.get(openPile.id) ?? 0}
            members={(layout.members.get(openPile.id) ?? []).map((card) => ({ id: card.id, label: sorting.labelOf(card) }))}
            onSetCollapsed={(collapsed) => sorting.setCollapsed(openPile.id, collapsed)}
            onDelete={() => {
              sorting.deletePile(openPile.id);
              setOpenPileId(null);
            }}
            onClose={() => setOpenPileId(null)}
          />
        )}
        {/* Below the board rather than over it, so they never cover a card (issue 19): the first-use
            hint and the trajectory, folded to a button beside the hint or open as a strip. */}
        <footer className="board-foot">
          {showHint && sorting.selection.size === 0 && (
            <p className="board-hint" aria-hidden="true">
              {touchScreen
                ? t(canEdit ? 'sortHint.touchEditor' : 'sortHint.touchViewer')
                : canEdit
                  ? t('sortHint.editor')
                  : t('sortHint.viewer')}
            </p>
          )}
          <TrajectoryStrip />
        </footer>
        {outlineOpen && (
          <OutlinePanel onClose={() => setOutlineOpen(false)}>
            <OutlineTrajectory />
            <OutlineSequences
              onOpenSequence={(sequenceId) => {
                setChosenSequence(sequenceId);
                setOutlineOpen(false);
                setShareoutOpen(true);
              }}
            />
          </OutlinePanel>
        )}
        {shareoutOpen && !outlineOpen && (
          <SharePanel chosenId={chosenSequence} onChoose={setChosenSequence} onClose={() => setShareoutOpen(false)} />
        )}
        {carriedOpen && !outlineOpen && !shareoutOpen && <CarriedStepsPanel onClose={() => setCarriedOpen(false)} />}
        <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
          {announcement}
        </div>
        <PresentationOverlay />
        {showShortcuts && <ShortcutsDialog onClose={closeShortcuts} />}
        {!identity && <NamePrompt onSubmit={(name, team) => setIdentity(saveName(name, team ?? null))} />}
        {viewingCard && <CardInspector card={viewingCard} onShow={setViewingCardId} onClose={closeViewer} focusPinId={focusPinId} />}
        {sharing && <ShareDialog title={title} onClose={closeShare} onDeleted={leaveDeletedBoard} />}
        {canEdit && <UploadDialog open={uploading} dropped={dropped} onClose={closeUpload} />}
        {canEdit && naming && <WhoIsThis onClose={closeNaming} />}
        {showSnapshots && <SnapshotsPanel role={role} title={title} namesHidden={sorting.names.hidden} onClose={closeSnapshots} />}
      </div>
    </BoardProvider>
  );
}

function union(a: Rect | null, b: Rect): Rect {
  if (!a) return b;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}
