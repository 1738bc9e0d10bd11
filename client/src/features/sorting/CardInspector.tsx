// One student's work, large: the whole page (turned the right way up, its name band masked while
// names are hidden), one click from the student's work alone as the card's face shows it, and
// beside it the card's label, pile and tags. It is also the fastest
// way to sort one by one: number keys send the card to that pile and step to the next card.
import { type PointerEvent as ReactPointerEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { clampPageRect, type PageRect, rotatedSize, rotatePageRect, turn, unrotatePageRect } from '#shared/pageGeometry.js';
import { batchOf, nameBandOf, setNameBand } from '#shared/schema/batch.js';
import {
  addCardTag,
  type Card,
  type PageRotation,
  pageRotation,
  removeCardTag,
  setPageRotation,
  setStudentLabel,
} from '#shared/schema/card.js';
import { addBoardTags } from '#shared/schema/tags.js';
import { useAnnotationEnv } from '../../board/annotationEnv.js';
import { usePins } from '../../board/hooks/useAnnotations.js';
import { type Participant, useParticipantsExceptPointers } from '../../board/hooks/useParticipants.js';
import { sequenceAround } from '../../board/hooks/useSorting.js';
import { useSortLock } from '../../board/hooks/useSortLock.js';
import { useBoard, useBoardSorting, usePageUrl } from '../../board/session.js';
import { textOn } from '../../board/theme.js';
import { useT } from '../../i18n/index.js';
import type { AssetSize } from '../../sync/api.js';
import { TagInput } from '../../ui/TagInput.js';
import { useElementSize } from '../../ui/useElementSize.js';
import { focusTransform, PageAnnotations, usePageAnnotationState } from '../annotations/PageAnnotations.js';
import { PinThread } from '../annotations/PinThread.js';
import { StudentYearLink } from '../history/StudentYearLink.js';
import { AddToShareOut, useStepPick } from '../shareout/AddToShareOut.js';
import { FocusToggle } from './FocusToggle.js';

const MAX_LABEL = 80;
/** US Letter, until the page's own size is known. */
const LETTER = 8.5 / 11;

export interface CardInspectorProps {
  card: Card;
  onShow(cardId: string): void;
  onClose(): void;
  /** Open at this pin: its page, zoomed to its region. */
  focusPinId?: string | null;
}

export function CardInspector(props: CardInspectorProps) {
  const { card, onShow, onClose } = props;
  const { doc, history, canEdit } = useBoard();
  const assetUrl = usePageUrl();
  const sorting = useBoardSorting();
  const { layout, pileMap } = sorting;
  const label = sorting.labelOf(card);
  const namesHidden = sorting.names.hidden;
  const pileId = layout.cardPile.get(card.id) ?? null;
  const pile = pileId ? (pileMap.get(pileId) ?? null) : null;
  // Piles in reading order, for the "move to" choice and number keys.
  const piles = useMemo(() => layout.readingOrder.flatMap((id) => pileMap.get(id) ?? []), [layout, pileMap]);
  // The band the team marked for the card's batch; without one, the server masks the region found
  // on each page at upload (or the top tenth), and the overlay shows that one.
  const nameBand = sorting.nameBands.get(batchOf(card)) ?? null;
  const boardTags = sorting.tags;
  // The cards to step through: its pile's, or the unsorted ones.
  const sequence = useMemo(() => sequenceAround(layout, card.id), [layout, card.id]);
  const sendCards = sorting.sendTo;
  const onSendTo = useCallback((cardId: string, toPile: string | null) => sendCards(toPile, [cardId]), [sendCards]);
  const pageUrl = (shown: Card, page: number, size: AssetSize) => {
    const pageAsset = shown.pages[page];
    return pageAsset ? assetUrl(pageAsset, size) : null;
  };
  const t = useT();
  const [page, setPage] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [aspect, setAspect] = useState(LETTER);
  const [marking, setMarking] = useState(false);
  const [draft, setDraft] = useState<PageRect | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const size = useElementSize(stage);
  const index = sequence.indexOf(card.id);
  const previous = index > 0 ? sequence[index - 1] : undefined;
  const next = index >= 0 && index < sequence.length - 1 ? sequence[index + 1] : undefined;
  const pageIndex = Math.min(page, Math.max(0, card.pages.length - 1));
  const assetId = card.pages[pageIndex];
  const rotation = assetId ? pageRotation(card, assetId) : 0;
  const unnamed = label.trim() === '';
  const talk = useAnnotationEnv();
  const focusPinId = props.focusPinId ?? null;
  const allPins = usePins(doc);
  const pins = useMemo(() => allPins.filter((pin) => pin.cardId === card.id), [allPins, card.id]);
  const annotationState = usePageAnnotationState(card.id, focusPinId);
  const [zoomPinId, setZoomPinId] = useState<string | null>(focusPinId);
  const zoomPin = zoomPinId ? pins.find((pin) => pin.id === zoomPinId && pin.page === assetId) : undefined;
  // Where the student worked on this page (the card's face shows that part): the view opens on
  // the whole page, and the work alone is one click away.
  const work = assetId ? (sorting.pageWorkRegions.get(assetId) ?? null) : null;
  const [showWork, setShowWork] = useState(false);
  // Shown to me in someone's spotlight: the whole page or the work, as the one spotlighting shows it.
  const spotlit = useSpotlightOn(card.id);
  useEffect(() => {
    if (spotlit) setShowWork(spotlit.work);
  }, [spotlit]);
  const workShown = showWork && work !== null && !zoomPin;
  // The part of the page a share-out step shows: drawn on the page like the name band.
  const stepPick = useStepPick(card.id, assetId, pins);

  // The page fitted into the space, turned: its box on screen, and the sharpness it needs.
  const turned = rotatedSize(aspect, 1, rotation);
  const fit = Math.min(size.width / turned.width, size.height / turned.height) || 0;
  const box = { w: turned.width * fit, h: turned.height * fit };
  const sizeWanted: AssetSize = Math.max(box.w, box.h) * (window.devicePixelRatio || 1) > 1100 ? 'full' : 'medium';
  const url = pageUrl(card, pageIndex, sizeWanted);
  const imageBox = rotation === 90 || rotation === 270 ? { w: box.h, h: box.w } : box;

  useEffect(() => closeButton.current?.focus(), []);
  // A different card starts at its first page, not marking.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resetting on the card's identity is the point.
  useEffect(() => {
    setPage(0);
    setMarking(false);
  }, [card.id]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new image is loading whenever the address changes.
  useEffect(() => setLoaded(false), [url]);
  // Opened at a pin (a citation, a spotlight): its page, zoomed to its region.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new card or pin moves the page; later pin edits do not.
  useEffect(() => {
    setZoomPinId(focusPinId);
    const pin = focusPinId ? pins.find((each) => each.id === focusPinId) : undefined;
    const index = pin ? card.pages.indexOf(pin.page) : -1;
    if (index >= 0) setPage(index);
  }, [card.id, focusPinId]);

  const go = useCallback((id: string | undefined) => id && onShow(id), [onShow]);
  const rotate = useCallback(
    (direction: 1 | -1) => {
      if (!canEdit || !assetId) return;
      history.change(() => setPageRotation(doc, card.id, assetId, turn(rotation, direction)));
    },
    [canEdit, assetId, history, doc, card.id, rotation],
  );
  // In a locked sort a pile key says so, and the view stays on this student (issue 19).
  const sortLock = useSortLock();
  const [lockNotice, setLockNotice] = useState<string | null>(null);
  const sendTo = useCallback(
    (pileId: string | null) => {
      if (!canEdit) return;
      if (sortLock) {
        setLockNotice(sortLock);
        return;
      }
      onSendTo(card.id, pileId);
      // Sorting one by one: on to the next card of the pile (or unsorted area) it came from.
      const following = next ?? previous;
      if (following) onShow(following);
    },
    [canEdit, sortLock, onSendTo, card.id, next, previous, onShow],
  );
  useEffect(() => {
    if (!sortLock) setLockNotice(null);
  }, [sortLock]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key === 'Escape') {
        if (marking) setMarking(false);
        else if (stepPick.drawing) stepPick.setDrawing(false);
        else onClose();
        event.preventDefault();
        return;
      }
      if (target?.closest('input, textarea, select') || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'ArrowLeft') go(previous);
      else if (event.key === 'ArrowRight') go(next);
      else if (event.key === 'r' || event.key === 'R') rotate(event.shiftKey ? -1 : 1);
      else if (/^[1-9]$/.test(event.key) && piles[Number(event.key) - 1]) sendTo(piles[Number(event.key) - 1]?.id ?? null);
      else if (event.key === 'u' || event.key === 'U') sendTo(null);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, go, previous, next, rotate, piles, sendTo, marking, stepPick]);

  // Marking the name band: a rectangle dragged on the page as it is shown, stored unturned.
  const markStart = useRef<{ x: number; y: number } | null>(null);
  const pagePoint = (event: ReactPointerEvent) => {
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    return { x: (event.clientX - rect.left) / rect.width, y: (event.clientY - rect.top) / rect.height };
  };
  const drawingStep = stepPick.drawing && !marking;
  const onMarkDown = (event: ReactPointerEvent) => {
    if (!marking && !drawingStep) return;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    markStart.current = pagePoint(event);
    setDraft(null);
  };
  const onMarkMove = (event: ReactPointerEvent) => {
    const start = markStart.current;
    if ((!marking && !drawingStep) || !start) return;
    const at = pagePoint(event);
    setDraft(clampPageRect({ x: start.x, y: start.y, w: at.x - start.x, h: at.y - start.y }));
  };
  const onMarkUp = () => {
    markStart.current = null;
    if (drawingStep) {
      // A click without a drag draws nothing.
      if (draft && draft.w > 0.01 && draft.h > 0.01) stepPick.finishDrawing(unrotatePageRect(draft, rotation));
      setDraft(null);
      return;
    }
    if (!marking || !draft) return;
    const band = unrotatePageRect(draft, rotation);
    history.change(() => setNameBand(doc, batchOf(card), band));
    setDraft(null);
    setMarking(false);
  };

  const bandDraft = marking ? draft : null;
  const maskedBand = assetId ? nameBandOf(sorting.nameBands, card, sorting.pageNameRegions.get(assetId)) : null;
  const shownBand = bandDraft ?? (marking ? nameBand : maskedBand) ?? null;
  const shownBandTurned = shownBand && !bandDraft ? rotatePageRect(shownBand, rotation) : shownBand;
  const stepBox = drawingStep ? draft : stepPick.region ? rotatePageRect(stepPick.region, rotation) : null;
  const pileOptions = useMemo(
    () => piles.map((each, i) => ({ id: each.id, label: `${i + 1}. ${each.title.trim() || t('pile.untitled')}` })),
    [piles, t],
  );

  return (
    <div className="viewer-backdrop" onPointerDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="viewer inspector" role="dialog" aria-modal="true" aria-labelledby="viewer-title" data-testid="card-inspector">
        <header className="viewer-header">
          <h2 id="viewer-title" className={unnamed ? 'viewer-unnamed' : ''}>
            {unnamed ? t('card.unnamed') : label}
          </h2>
          {pile ? (
            <span className="viewer-pile" style={{ backgroundColor: pile.color, color: textOn(pile.color) }}>
              {pile.title || t('pile.untitled')}
            </span>
          ) : (
            <span className="viewer-pile viewer-pile-none">{t('inspector.notSorted')}</span>
          )}
          {sequence.length > 1 && (
            <span className="viewer-position">{t('inspector.position', { index: index + 1, count: sequence.length })}</span>
          )}
          <div className="toolbar-spacer" />
          {lockNotice && (
            <p className="viewer-lock-notice" role="status" data-testid="viewer-lock-notice">
              {lockNotice}
            </p>
          )}
          <button
            type="button"
            className="button button-secondary"
            onClick={() => go(previous)}
            disabled={!previous}
            aria-label={t('inspector.previousLabel')}
          >
            ← {t('inspector.previous')}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => go(next)}
            disabled={!next}
            aria-label={t('inspector.nextLabel')}
          >
            {t('inspector.next')} →
          </button>
          <button type="button" className="button button-primary" onClick={onClose} ref={closeButton}>
            {t('inspector.close')}
          </button>
        </header>
        <div className="inspector-body">
          <div className="viewer-page" ref={stage}>
            {url ? (
              <div
                className={marking || drawingStep ? 'page-frame page-frame-marking' : 'page-frame'}
                style={{
                  width: box.w,
                  height: box.h,
                  transform:
                    workShown && work ? workTransform(work, rotation, box) : focusTransform(zoomPin?.region ?? null, rotation, box),
                }}
                data-view={workShown ? 'work' : zoomPin ? 'pin' : 'page'}
                onPointerDown={onMarkDown}
                onPointerMove={onMarkMove}
                onPointerUp={onMarkUp}
                data-testid="page-frame"
              >
                <img
                  key={url}
                  src={url}
                  alt={t('inspector.pageAlt', { page: pageIndex + 1 })}
                  className={loaded ? 'viewer-image' : 'viewer-image viewer-image-loading'}
                  style={{ width: imageBox.w, height: imageBox.h, transform: `translate(-50%, -50%) rotate(${rotation}deg)` }}
                  onLoad={(event) => {
                    const image = event.currentTarget;
                    if (image.naturalWidth > 0 && image.naturalHeight > 0) setAspect(image.naturalWidth / image.naturalHeight);
                    setLoaded(true);
                  }}
                  decoding="async"
                  draggable={false}
                />
                {talk && assetId && (
                  <PageAnnotations
                    env={talk}
                    state={annotationState}
                    cardId={card.id}
                    assetId={assetId}
                    rotation={rotation}
                    aspect={aspect}
                    box={box}
                    pins={pins}
                  />
                )}
                {shownBandTurned && (namesHidden || marking || bandDraft) && (
                  <div
                    className={namesHidden && !marking ? 'name-band name-band-masked' : 'name-band'}
                    style={{
                      left: `${shownBandTurned.x * 100}%`,
                      top: `${shownBandTurned.y * 100}%`,
                      width: `${shownBandTurned.w * 100}%`,
                      height: `${shownBandTurned.h * 100}%`,
                    }}
                    data-testid="name-band"
                  >
                    {namesHidden && !marking ? t('card.nameMasked') : t('inspector.bandHere')}
                  </div>
                )}
                {stepBox && (
                  <div
                    className="shareout-region-box"
                    style={{
                      left: `${stepBox.x * 100}%`,
                      top: `${stepBox.y * 100}%`,
                      width: `${stepBox.w * 100}%`,
                      height: `${stepBox.h * 100}%`,
                    }}
                    data-testid="shareout-region"
                  >
                    <span>{t('shareout.regionBox')}</span>
                  </div>
                )}
              </div>
            ) : (
              <p className="loading-text">{t('card.noPages')}</p>
            )}
            {zoomPin && (
              <button type="button" className="button button-secondary page-unzoom" onClick={() => setZoomPinId(null)}>
                {t('pins.wholePage')}
              </button>
            )}
            {work && !zoomPin && url && (
              <fieldset className="segmented page-view-choice" aria-label={t('inspector.viewChoice')}>
                {[
                  { work: false, label: t('inspector.wholePage') },
                  { work: true, label: t('inspector.studentWork') },
                ].map((choice) => (
                  <button
                    key={choice.label}
                    type="button"
                    className={showWork === choice.work ? 'segment segment-active' : 'segment'}
                    aria-pressed={showWork === choice.work}
                    data-page-view={choice.work ? 'work' : 'page'}
                    onClick={() => setShowWork(choice.work)}
                  >
                    {choice.label}
                  </button>
                ))}
              </fieldset>
            )}
          </div>
          <aside className="inspector-side">
            {talk && (
              <PinThread
                env={talk}
                state={annotationState}
                cardId={card.id}
                assetId={assetId ?? null}
                pins={pins}
                pageNumber={(pageId) => card.pages.indexOf(pageId) + 1}
                onShowPin={(pin) => {
                  const index = card.pages.indexOf(pin.page);
                  if (index >= 0) setPage(index);
                  setZoomPinId(pin.id);
                }}
                showingWork={showWork}
              />
            )}
            {canEdit && (
              <div className="field inspector-pile-field">
                <label className="field-label" htmlFor="inspector-pile">
                  {t('inspector.pile')}
                </label>
                <select
                  id="inspector-pile"
                  className="input"
                  value={pile?.id ?? ''}
                  onChange={(event) => (sortLock ? setLockNotice(sortLock) : onSendTo(card.id, event.target.value || null))}
                >
                  <option value="">{t('unsorted.title')}</option>
                  {pileOptions.map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.label}
                    </option>
                  ))}
                </select>
                <p className="field-hint">{t('inspector.pileKeys')}</p>
              </div>
            )}
            <LabelField
              key={card.id}
              student={card.student}
              hidden={namesHidden}
              canEdit={canEdit}
              onCommit={(value) => history.change(() => setStudentLabel(doc, card.id, value))}
            />
            <StudentYearLink card={card} />
            <AddToShareOut cardId={card.id} page={pageIndex} pick={stepPick} />
            <FocusToggle cardId={card.id} />
            <div className="field">
              <span className="field-label">{t('tags.title')}</span>
              <TagInput
                tags={card.tags}
                boardTags={boardTags}
                readOnly={!canEdit}
                onAdd={(tag) =>
                  history.change(() => {
                    addCardTag(doc, card.id, tag);
                    addBoardTags(doc, [tag]);
                  })
                }
                onRemove={(tag) => history.change(() => removeCardTag(doc, card.id, tag))}
              />
            </div>
            {card.pages.length > 1 && (
              <nav className="field" aria-label={t('inspector.pages')}>
                <span className="field-label">{t('inspector.pages')}</span>
                <div className="viewer-pages">
                  {card.pages.map((page, i) => (
                    <button
                      key={page}
                      type="button"
                      className={i === pageIndex ? 'viewer-page-button viewer-page-current' : 'viewer-page-button'}
                      aria-current={i === pageIndex ? 'page' : undefined}
                      onClick={() => setPage(i)}
                    >
                      {t('inspector.page', { page: i + 1 })}
                    </button>
                  ))}
                </div>
              </nav>
            )}
            {canEdit && assetId && (
              <div className="field">
                <span className="field-label">{t('inspector.rotate')}</span>
                <div className="button-row">
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => rotate(-1)}
                    aria-label={t('inspector.rotateLeft')}
                  >
                    ⟲ {t('inspector.left')}
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => rotate(1)}
                    aria-label={t('inspector.rotateRight')}
                  >
                    ⟳ {t('inspector.right')}
                  </button>
                </div>
              </div>
            )}
            {canEdit && assetId && (
              <div className="field">
                <span className="field-label">{t('inspector.nameBand')}</span>
                <p className="field-hint">{t('inspector.nameBandHint')}</p>
                <div className="button-row">
                  <button
                    type="button"
                    className={marking ? 'button button-primary' : 'button button-secondary'}
                    aria-pressed={marking}
                    onClick={() => setMarking(!marking)}
                  >
                    {marking ? t('inspector.bandDrawing') : nameBand ? t('inspector.bandRedraw') : t('inspector.bandDraw')}
                  </button>
                  {nameBand && !marking && (
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => history.change(() => setNameBand(doc, batchOf(card), null))}
                    >
                      {t('inspector.bandClear')}
                    </button>
                  )}
                </div>
              </div>
            )}
          </aside>
        </div>
      </div>
    </div>
  );
}

/** The student's label, edited in place; while names are hidden it is neither shown nor editable. */
function LabelField({
  student,
  hidden,
  canEdit,
  onCommit,
}: {
  student: string;
  hidden: boolean;
  canEdit: boolean;
  onCommit(value: string): void;
}) {
  const t = useT();
  const [value, setValue] = useState(student);
  if (hidden) {
    return (
      <div className="field">
        <span className="field-label">{t('inspector.label')}</span>
        <p className="field-hint">{t('inspector.labelHidden')}</p>
      </div>
    );
  }
  if (!canEdit) return null;
  const commit = () => {
    const clean = value.trim().slice(0, MAX_LABEL);
    if (clean !== student.trim()) onCommit(clean);
  };
  return (
    <div className="field">
      <label className="field-label" htmlFor="inspector-label">
        {t('inspector.label')}
      </label>
      <input
        id="inspector-label"
        className="input"
        value={value}
        maxLength={MAX_LABEL}
        placeholder={t('card.unnamed')}
        onChange={(event) => setValue(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            commit();
            (event.target as HTMLInputElement).blur();
          }
        }}
      />
    </div>
  );
}

/** The page frame's transform that fills the view with the work region (the whole page stays under it, for ink and pins). */
function workTransform(work: PageRect, rotation: PageRotation, box: { w: number; h: number }): string | undefined {
  if (box.w <= 0) return undefined;
  const turned = rotatePageRect(work, rotation);
  const zoom = Math.min(4, 1 / turned.w, 1 / turned.h);
  const dx = (0.5 - (turned.x + turned.w / 2)) * box.w;
  const dy = (0.5 - (turned.y + turned.h / 2)) * box.h;
  return `scale(${zoom.toFixed(3)}) translate(${dx.toFixed(1)}px, ${dy.toFixed(1)}px)`;
}

/** Who spotlights what: the card view re-renders on that, not on every pointer or view moving. */
const spotlightKey = (participant: Participant) =>
  `${participant.clientId}|${participant.spotlight?.id ?? ''}|${participant.spotlight?.cardId ?? ''}|${participant.spotlight?.work ?? ''}`;

/** Someone else's spotlight on this card, if any (as a stable pair of its id and view). */
function useSpotlightOn(cardId: string): { id: string; work: boolean } | null {
  const { awareness } = useBoard();
  const participants = useParticipantsExceptPointers(awareness, spotlightKey);
  const spot = participants.find((participant) => participant.spotlight?.cardId === cardId)?.spotlight ?? null;
  const id = spot?.id ?? null;
  const work = spot?.work ?? false;
  return useMemo(() => (id ? { id, work } : null), [id, work]);
}
