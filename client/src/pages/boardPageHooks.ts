// What the board page does around the board itself: the link's fate, when the board is ready to
// show, the view commands of the toolbar and keys, the first-use hint, presenting, the page title.
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Rect } from '#shared/layout.js';
import type { Role } from '#shared/roles.js';
import type { BoardMeta } from '#shared/schema/meta.js';
import type { BoardView } from '../board/session.js';
import { type Insets, NO_INSETS, READABLE_SCALE, zoomAround } from '../board/viewport.js';
import { useT } from '../i18n/index.js';
import type { BoardConnection } from '../sync/connection.js';
import { forgetBoard, hintRetired, rememberBoard, retireHintForGood } from '../sync/deviceMemory.js';
import type { ConnectionStatus } from './useConnectionStatus.js';
import { useLinkRevoked } from './useLinkCheck.js';

const ZOOM_STEP = 1.25;

/** Whether this link no longer opens the board; a revoked link keeps nothing of it on this device. */
export function useRevoked(connection: BoardConnection, token: string, status: ConnectionStatus): boolean {
  const { boardId } = connection;
  const linkRevoked = useLinkRevoked(boardId, token, status);
  const revoked = status === 'revoked' || linkRevoked;
  useEffect(() => {
    if (!revoked) return;
    forgetBoard(boardId);
    void connection.persistence.clearData();
  }, [revoked, boardId, connection]);
  return revoked;
}

/** Ready to show: synced with the server, or holding an offline copy with something in it. */
export function useBoardReady(connection: BoardConnection, hasContent: boolean, status: ConnectionStatus): boolean {
  const { provider } = connection;
  const [synced, setSynced] = useState(provider.synced);
  const [localLoaded, setLocalLoaded] = useState(false);
  useEffect(() => {
    const onSync = (state: boolean) => state && setSynced(true);
    provider.on('sync', onSync);
    let live = true;
    void connection.localLoaded.then(() => live && setLocalLoaded(true));
    return () => {
      live = false;
      provider.off('sync', onSync);
    };
  }, [provider, connection]);
  return synced || (localLoaded && (hasContent || status === 'offline'));
}

/**
 * Controls floating over the board area, and the edge each one takes room from: the board is
 * fitted into what they leave free, so none of them covers a card (issue 19).
 */
const CHROME: { selector: string; edge: keyof Insets }[] = [
  { selector: '.annotation-tools', edge: 'left' },
  { selector: '.people-button', edge: 'top' },
];

/** The least growth of the controls over the board that moves it (px). */
const CHROME_SHIFT_MIN = 12;

/** How far the board area's floating controls reach in from each edge, now. */
export function chromeInsets(area: HTMLElement | null): Insets {
  const insets = { ...NO_INSETS };
  if (!area) return insets;
  const box = area.getBoundingClientRect();
  for (const { selector, edge } of CHROME) {
    for (const element of area.querySelectorAll(selector)) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      const reach = {
        left: rect.right - box.left,
        top: rect.bottom - box.top,
        right: box.right - rect.left,
        bottom: box.bottom - rect.top,
      }[edge];
      // Never more than half the canvas: a control that tall is in the way whatever the board does.
      insets[edge] = Math.max(insets[edge], Math.min(reach, edge === 'left' || edge === 'right' ? box.width / 2 : box.height / 2));
    }
  }
  return insets;
}

/**
 * Zoom in, out, to 100 % and to fit everything, about the middle of the canvas; and one fit when
 * the board is first ready, at a zoom where its words can be read (READABLE_SCALE), clear of the
 * controls over the canvas.
 */
export function useViewCommands(view: BoardView, bounds: Rect, ready: boolean, area: RefObject<HTMLElement | null>, chromeKey = '') {
  const { width, height, fitTo, zoomAt, setViewport } = view;
  const fitted = useRef(false);
  useEffect(() => {
    if (fitted.current || !ready || width === 0) return;
    fitted.current = true;
    fitTo(bounds, width, height, { insets: chromeInsets(area.current), minScale: READABLE_SCALE });
  }, [ready, bounds, width, height, fitTo, area]);
  const fitAll = useCallback(
    () => fitTo(bounds, width, height, { insets: chromeInsets(area.current) }),
    [fitTo, bounds, width, height, area],
  );
  // A control that grows over the board later (the protocol bar when a session starts, its prompt)
  // moves the board by as much, so what was clear of it stays clear. `chromeKey` names what can
  // swap those controls for others (the protocol's state): they are measured and watched anew.
  const { panBy } = view;
  const lastInsets = useRef<Insets | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: chromeKey says when the controls were replaced.
  useEffect(() => {
    const element = area.current;
    if (!ready || !element) return;
    const shift = () => {
      const now = chromeInsets(element);
      const last = lastInsets.current;
      const dx = last ? now.left - last.left : 0;
      const dy = last ? now.top - last.top : 0;
      // A few pixels (a touch screen's larger buttons) are not worth moving everyone's work for.
      if (last && Math.abs(dx) < CHROME_SHIFT_MIN && Math.abs(dy) < CHROME_SHIFT_MIN) return;
      lastInsets.current = now;
      if (dx !== 0 || dy !== 0) panBy(dx, dy);
    };
    shift();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(shift);
    for (const { selector } of CHROME) for (const each of element.querySelectorAll(selector)) observer.observe(each);
    return () => observer.disconnect();
  }, [ready, area, panBy, chromeKey]);
  const center = useMemo(() => ({ x: width / 2, y: height / 2 }), [width, height]);
  const zoomIn = useCallback(() => zoomAt(center, ZOOM_STEP), [zoomAt, center]);
  const zoomOut = useCallback(() => zoomAt(center, 1 / ZOOM_STEP), [zoomAt, center]);
  const zoomReset = useCallback(() => setViewport((v) => zoomAround(v, center, 1 / v.scale)), [setViewport, center]);
  return { fitAll, zoomIn, zoomOut, zoomReset };
}

/** The first-use hint goes once someone has panned, zoomed or moved something, for good. */
export function useFirstUseHint(): [shown: boolean, retire: () => void] {
  const [showHint, setShowHint] = useState(() => !hintRetired());
  const hintShown = useRef(showHint);
  const retire = useCallback(() => {
    if (!hintShown.current) return;
    hintShown.current = false;
    setShowHint(false);
    retireHintForGood();
  }, []);
  return [showHint, retire];
}

/**
 * Presenting turns this screen into the room's (issue 5): full screen, and student names hidden
 * unless the team shows them; leaving puts my own names switch back as it was.
 */
export function usePresenting(sorting: {
  names: { mine: boolean };
  setMyNamesHidden(hidden: boolean): void;
}): [presenting: boolean, present: (next: boolean) => void] {
  const [presenting, setPresenting] = useState(false);
  const namesBefore = useRef(false);
  const present = useCallback(
    (next: boolean) => {
      setPresenting(next);
      if (next) namesBefore.current = sorting.names.mine;
      sorting.setMyNamesHidden(next || namesBefore.current);
      if (next) void document.documentElement.requestFullscreen?.().catch(() => undefined);
      else if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    },
    [sorting],
  );
  return [presenting, present];
}

/** The page's own keys (+ and − zoom, 0 fits, N adds a pile, ? and O open panels), never while typing or in a dialog. */
export function useBoardKeys(commands: Record<string, (() => void) | undefined>): void {
  const latest = useRef(commands);
  latest.current = commands;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, [contenteditable="true"]') || event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      const command = latest.current[key];
      if (!command) return;
      command();
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The tab's title follows the board's; the device remembers the board for its offline copy. */
export function useBoardTitle(boardId: string, meta: BoardMeta, title: string, role: Role): void {
  const t = useT();
  useEffect(() => {
    document.title = `${title || t('board.pageTitle')} · Worksort`;
  }, [title, t]);
  useEffect(() => {
    if (meta.title) rememberBoard(boardId, { title: meta.title, task: meta.task, role });
  }, [boardId, meta, role]);
}
