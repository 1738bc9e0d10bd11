// Annotations over one page in the full-size view: its ink (anchored to the page, turned with it),
// its evidence pins as numbered boxes, and drawing on it — pen, highlighter, eraser, or dragging the
// box of a new pin. Pointer events cover mouse, touch and stylus; once a stylus is used, touches
// are taken for a resting palm and ignored.
import { type PointerEvent as ReactPointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import type * as Y from 'yjs';
import {
  boxToPage,
  INK_OPACITY,
  INK_WIDTHS,
  outlinePath,
  pageFrame,
  placeCardStroke,
  strokeOutline,
  strokesUnderEraser,
} from '#shared/inkGeometry.js';
import type { Point } from '#shared/layout.js';
import { clampPageRect, type PageRect, rotatePageRect } from '#shared/pageGeometry.js';
import type { PageRotation } from '#shared/schema/card.js';
import { deletePin, type Pin } from '#shared/schema/comments.js';
import { addStroke, type InkPoint, type InkStroke, removeStrokes } from '#shared/schema/ink.js';
import type { AnnotationEnv } from '../../board/annotationEnv.js';
import { pageStrokes, useInk } from '../../board/hooks/useAnnotations.js';
import { outlinePathOf } from '../../board/inkDrawing.js';
import { useT } from '../../i18n/index.js';

export type PageTool = 'look' | 'pen' | 'highlighter' | 'eraser' | 'pin';

/** What the full-size view's annotation tools share between the page and the side panel. */
export interface PageAnnotationState {
  tool: PageTool;
  setTool(tool: PageTool): void;
  /** The box of a pin being made, in the unturned page's coordinates. */
  draftRegion: PageRect | null;
  setDraftRegion(region: PageRect | null): void;
  selectedPin: string | null;
  setSelectedPin(pinId: string | null): void;
}

export function usePageAnnotationState(cardId: string, focusPinId: string | null): PageAnnotationState {
  const [tool, setTool] = useState<PageTool>('look');
  const [draftRegion, setDraftRegion] = useState<PageRect | null>(null);
  const [selectedPin, setSelectedPin] = useState<string | null>(focusPinId);
  // biome-ignore lint/correctness/useExhaustiveDependencies: another card starts looking, with the pin it was opened at.
  useEffect(() => {
    setTool('look');
    setDraftRegion(null);
    setSelectedPin(focusPinId);
  }, [cardId, focusPinId]);
  return { tool, setTool, draftRegion, setDraftRegion, selectedPin, setSelectedPin };
}

/** The turned page's frame: `transform` puts unturned page-frame units (1000 across) where the turned page shows them. */
function turnedFrame(rotation: PageRotation, height: number): { width: number; height: number; transform: string } {
  switch (rotation) {
    case 90:
      return { width: height, height: 1000, transform: `translate(${height} 0) rotate(90)` };
    case 180:
      return { width: 1000, height, transform: `translate(1000 ${height}) rotate(180)` };
    case 270:
      return { width: height, height: 1000, transform: `translate(0 1000) rotate(270)` };
    default:
      return { width: 1000, height, transform: '' };
  }
}

/** A CSS transform that brings `region` (unturned page coordinates) to the middle of the frame, large. */
export function focusTransform(region: PageRect | null, rotation: PageRotation, box: { w: number; h: number }): string | undefined {
  if (!region || box.w <= 0) return undefined;
  const turned = rotatePageRect(region, rotation);
  const zoom = Math.min(3, Math.max(1, Math.min(0.6 / turned.w, 0.6 / turned.h)));
  const dx = (0.5 - (turned.x + turned.w / 2)) * box.w;
  const dy = (0.5 - (turned.y + turned.h / 2)) * box.h;
  return `scale(${zoom.toFixed(3)}) translate(${dx.toFixed(1)}px, ${dy.toFixed(1)}px)`;
}

export interface PageAnnotationsProps {
  env: AnnotationEnv;
  state: PageAnnotationState;
  cardId: string;
  assetId: string;
  rotation: PageRotation;
  /** Width ÷ height of the unturned page. */
  aspect: number;
  /** The frame's size on screen (before any focus zoom). */
  box: { w: number; h: number };
  pins: readonly Pin[];
}

const pressureOf = (event: ReactPointerEvent) => (event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : 0.5);

export function PageAnnotations({ env, state, cardId, assetId, rotation, aspect, box, pins }: PageAnnotationsProps) {
  const t = useT();
  const ink = useInk(env.doc);
  const strokes = pageStrokes(ink.byCard.get(cardId) ?? [], assetId);
  const frameHeight = 1000 / (aspect || 1);
  const frame = turnedFrame(rotation, frameHeight);
  const [draft, setDraft] = useState<InkPoint[] | null>(null);
  const gesture = useRef<{ pointerId: number; start: Point | null; points: InkPoint[] } | null>(null);
  const penSeen = useRef(false);
  const { tool } = state;
  const drawing = tool !== 'look';
  const pagePins = useMemo(() => pins.filter((pin) => pin.page === assetId), [pins, assetId]);
  const { setTool, setDraftRegion } = state;
  // Escape puts the pen down first; only then does it close the full-size view.
  useEffect(() => {
    if (!drawing) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.stopImmediatePropagation();
      event.preventDefault();
      setDraftRegion(null);
      setTool('look');
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [drawing, setTool, setDraftRegion]);

  /** The page point under the pointer, and where that is in the frame's own pixels (before any zoom). */
  const locate = (event: { clientX: number; clientY: number; currentTarget: Element }): { page: Point | null; local: Point } => {
    const rect = event.currentTarget.getBoundingClientRect();
    const local = { x: ((event.clientX - rect.left) / rect.width) * box.w, y: ((event.clientY - rect.top) / rect.height) * box.h };
    return { page: boxToPage(local, { x: 0, y: 0, w: box.w, h: box.h }, rotation), local };
  };
  const erase = (local: Point) => {
    const placed = strokes.map((stroke) => placeCardStroke(stroke, { x: 0, y: 0, w: box.w, h: box.h }, rotation));
    const hits = strokesUnderEraser(placed, local, 10);
    if (hits.length > 0) env.history.change(() => removeStrokes(env.doc, hits));
  };

  const onDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (!drawing) return;
    if (event.pointerType === 'pen') penSeen.current = true;
    event.stopPropagation();
    if (event.pointerType === 'touch' && penSeen.current) return;
    if (event.pointerType === 'mouse' && event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const { page, local } = locate(event);
    gesture.current = { pointerId: event.pointerId, start: page, points: [] };
    if (tool === 'eraser') erase(local);
    else if (tool === 'pin') state.setDraftRegion(null);
    else if (page) {
      gesture.current.points.push({ ...page, pressure: pressureOf(event) });
      setDraft([...gesture.current.points]);
    }
  };
  const onMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const held = gesture.current;
    if (!drawing || !held || held.pointerId !== event.pointerId) return;
    event.stopPropagation();
    const native = event.nativeEvent;
    for (const each of native.getCoalescedEvents?.() ?? [native]) {
      const { page, local } = locate({ clientX: each.clientX, clientY: each.clientY, currentTarget: event.currentTarget });
      if (tool === 'eraser') erase(local);
      else if (tool === 'pin') {
        if (held.start && page)
          state.setDraftRegion(clampPageRect({ x: held.start.x, y: held.start.y, w: page.x - held.start.x, h: page.y - held.start.y }));
      } else if (page) {
        const last = held.points[held.points.length - 1];
        if (!last || Math.hypot(page.x - last.x, page.y - last.y) > 0.0015) held.points.push({ ...page, pressure: pressureOf(event) });
      }
    }
    if (tool === 'pen' || tool === 'highlighter') setDraft([...held.points]);
  };
  const onUp = (event: ReactPointerEvent<HTMLDivElement>) => {
    const held = gesture.current;
    if (!held || held.pointerId !== event.pointerId) return;
    event.stopPropagation();
    gesture.current = null;
    setDraft(null);
    if ((tool === 'pen' || tool === 'highlighter') && held.points.length > 0) {
      env.history.change(() => {
        addStroke(env.doc, {
          cardId,
          page: assetId,
          tool,
          color: env.author.color,
          width: INK_WIDTHS[tool].page,
          points: held.points,
          author: env.author.name,
        });
      });
    }
  };

  const draftPath =
    draft && (tool === 'pen' || tool === 'highlighter')
      ? outlinePath(strokeOutline({ points: draft, tool, width: INK_WIDTHS[tool].page }, pageFrame(1 / (aspect || 1)), false))
      : '';
  const shownDraft = state.draftRegion ? rotatePageRect(state.draftRegion, rotation) : null;

  return (
    <div
      className={drawing ? `page-annotations page-annotations-${tool}` : 'page-annotations'}
      onPointerDown={onDown}
      onPointerMove={onMove}
      onPointerUp={onUp}
      onPointerCancel={() => {
        gesture.current = null;
        setDraft(null);
      }}
      data-testid="page-annotations"
      data-tool={tool}
    >
      <svg className="page-ink" viewBox={`0 0 ${frame.width} ${frame.height}`} preserveAspectRatio="none" aria-hidden="true">
        <g transform={frame.transform}>
          {strokes.map((stroke: InkStroke) => (
            <path
              key={stroke.id}
              d={outlinePathOf(stroke, 1 / (aspect || 1))}
              fill={stroke.color}
              opacity={INK_OPACITY[stroke.tool]}
              data-stroke={stroke.id}
            />
          ))}
          {draftPath && <path d={draftPath} fill={env.author.color} opacity={INK_OPACITY[tool as 'pen' | 'highlighter']} />}
        </g>
      </svg>
      {pagePins.map((pin) => {
        const shown = rotatePageRect(pin.region, rotation);
        const number = pins.indexOf(pin) + 1;
        const selected = state.selectedPin === pin.id;
        return (
          <button
            key={pin.id}
            type="button"
            className={['pin-region', selected ? 'pin-region-selected' : '', pin.resolved ? 'pin-region-resolved' : ''].join(' ')}
            style={{
              left: `${shown.x * 100}%`,
              top: `${shown.y * 100}%`,
              width: `${shown.w * 100}%`,
              height: `${shown.h * 100}%`,
              borderColor: pin.author.color,
            }}
            onClick={() => state.setSelectedPin(selected ? null : pin.id)}
            aria-label={`${t('pins.number', { number })}: ${pin.text}`}
            data-pin={pin.id}
          >
            <span className="pin-number" style={{ backgroundColor: pin.author.color }}>
              {number}
            </span>
          </button>
        );
      })}
      {shownDraft && (
        <div
          className="pin-region pin-region-draft"
          style={{
            left: `${shownDraft.x * 100}%`,
            top: `${shownDraft.y * 100}%`,
            width: `${shownDraft.w * 100}%`,
            height: `${shownDraft.h * 100}%`,
            borderColor: env.author.color,
          }}
          data-testid="pin-draft"
        />
      )}
    </div>
  );
}

/** Deletes a pin (and so its thread) as one undoable step. */
export function removePin(doc: Y.Doc, env: AnnotationEnv, pinId: string): void {
  env.history.change(() => deletePin(doc, pinId));
}
