// Bringing in a class set (issue 3): files chosen or dropped on the board go up one per request,
// so each has its own progress and its own answer; the server adds the cards live for everyone.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { confirmNameBand, isNameBandConfirmed } from '#shared/schema/batch.js';
import { useBoard } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { ApiError, getUploadStage, newUploadId, type UploadResult, type UploadStage, uploadFile } from '../../sync/api.js';
import { Dialog } from '../../ui/Dialog.js';

/** What the file picker offers: photos, HEIC from phones, scanners' PDF and TIFF. */
const ACCEPT = 'image/*,.heic,.heif,application/pdf,.pdf,image/tiff,.tif,.tiff';
const MAX_PAGES_PER_STUDENT = 20;

type UploadState =
  | { step: 'ready' }
  | { step: 'waiting' }
  | { step: 'sending'; fraction: number }
  | { step: 'processing'; stage?: UploadStage }
  | { step: 'done'; students: number; skippedBlankPages: number; cards: UploadResult['cards'] }
  | { step: 'failed'; message: string };

interface UploadItem {
  key: number;
  file: File;
  state: UploadState;
}

/** How often the server is asked how far an upload is while it reads the pages. */
const STAGE_POLL_MS = 500;

/** Files dropped on the page: a new `id` each time, so the same files dropped twice still arrive. */
export interface DroppedFiles {
  id: number;
  files: File[];
}

export function UploadDialog({
  open,
  dropped,
  onClose,
}: {
  /** Closed, the dialog keeps its list and its uploads carry on. */
  open: boolean;
  dropped: DroppedFiles | null;
  onClose(): void;
}) {
  const { boardId, token, showCard } = useBoard();
  const t = useT();
  const titleId = useId();
  const [items, setItems] = useState<UploadItem[]>([]);
  const [pagesPerStudent, setPagesPerStudent] = useState(1);
  const nextKey = useRef(1);
  const running = useRef(false);
  const picker = useRef<HTMLInputElement>(null);

  const addFiles = useCallback((files: File[]) => {
    if (files.length === 0) return;
    setItems((list) => [...list, ...files.map((file) => ({ key: nextKey.current++, file, state: { step: 'ready' } as const }))]);
  }, []);

  useEffect(() => {
    if (dropped) addFiles(dropped.files);
  }, [dropped, addFiles]);

  const update = useCallback((key: number, state: UploadState) => {
    setItems((list) => list.map((item) => (item.key === key ? { ...item, state } : item)));
  }, []);
  // A stage heard from the server applies only while that upload is still being processed.
  const updateStage = useCallback((key: number, stage: UploadStage) => {
    setItems((list) =>
      list.map((item) => (item.key === key && item.state.step === 'processing' ? { ...item, state: { step: 'processing', stage } } : item)),
    );
  }, []);

  const ready = items.filter((item) => item.state.step === 'ready');
  const busy = items.some((item) => ['waiting', 'sending', 'processing'].includes(item.state.step));

  const start = async () => {
    if (running.current || ready.length === 0) return;
    running.current = true;
    const queue = ready;
    for (const item of queue) update(item.key, { step: 'waiting' });
    // One at a time: each file's progress means something, and a big class set does not crowd out live sync.
    for (const item of queue) {
      update(item.key, { step: 'sending', fraction: 0 });
      const uploadId = newUploadId();
      let polling: ReturnType<typeof setInterval> | undefined;
      // The long part of a class set is the server reading its pages: ask how far it is meanwhile.
      const poll = () =>
        void getUploadStage(boardId, token, uploadId).then(
          (stage) => updateStage(item.key, stage),
          () => undefined,
        );
      try {
        const result = await uploadFile(
          boardId,
          token,
          item.file,
          pagesPerStudent,
          (fraction) => {
            if (fraction < 1) return update(item.key, { step: 'sending', fraction });
            update(item.key, { step: 'processing' });
            if (polling === undefined) {
              poll();
              polling = setInterval(poll, STAGE_POLL_MS);
            }
          },
          uploadId,
        );
        update(item.key, { step: 'done', students: result.cards.length, skippedBlankPages: result.skippedBlankPages, cards: result.cards });
      } catch (error) {
        update(item.key, { step: 'failed', message: error instanceof ApiError ? error.message : String(error) });
      } finally {
        clearInterval(polling);
      }
    }
    running.current = false;
  };

  const chooseButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (open) chooseButton.current?.focus();
  }, [open]);

  if (!open) return null;
  return (
    <Dialog labelledBy={titleId} className="modal-wide panel-dialog" onClose={onClose}>
      <div className="panel-head">
        <h2 id={titleId}>{t('upload.title')}</h2>
        <button type="button" className="icon-button panel-close" onClick={onClose} aria-label={t('upload.close')}>
          ×
        </button>
      </div>
      <p className="modal-text">{t('upload.intro')}</p>
      <div className="upload-controls">
        <div className="field upload-pick">
          <input
            ref={picker}
            id={`${titleId}-files`}
            className="visually-hidden"
            // The button below is the way in for keyboards; the hidden picker still has a name.
            tabIndex={-1}
            aria-label={t('upload.choose')}
            type="file"
            multiple
            accept={ACCEPT}
            data-testid="upload-input"
            onChange={(event) => {
              addFiles([...(event.target.files ?? [])]);
              event.target.value = '';
            }}
          />
          <button ref={chooseButton} type="button" className="button button-secondary" onClick={() => picker.current?.click()}>
            {t('upload.choose')}
          </button>
          <p className="field-hint upload-hint">{t('upload.chooseHint')}</p>
        </div>
        <label className="field upload-pages">
          <span className="field-label">{t('upload.pagesPerStudent')}</span>
          <input
            className="input"
            type="number"
            min={1}
            max={MAX_PAGES_PER_STUDENT}
            step={1}
            value={pagesPerStudent}
            onChange={(event) => {
              const value = Math.round(Number(event.target.value));
              if (Number.isFinite(value)) setPagesPerStudent(Math.min(MAX_PAGES_PER_STUDENT, Math.max(1, value)));
            }}
          />
        </label>
      </div>
      <p className="field-hint">{t('upload.pagesPerStudentHint')}</p>
      {items.length === 0 ? (
        <p className="upload-empty">{t('upload.none')}</p>
      ) : (
        <ul className="upload-list" aria-live="polite">
          {items.map((item) => (
            <UploadRow
              key={item.key}
              item={item}
              onRemove={() => setItems((list) => list.filter((other) => other.key !== item.key))}
              onMarkNames={(cardId) => {
                onClose();
                showCard(cardId);
              }}
            />
          ))}
        </ul>
      )}
      {busy && <p className="field-hint">{t('upload.busyClose')}</p>}
      <div className="modal-actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('upload.done')}
        </button>
        <button type="button" className="button button-primary" disabled={ready.length === 0} onClick={() => void start()}>
          {ready.length === 0
            ? t('upload.startNone')
            : ready.length === 1
              ? t('upload.startOne')
              : t('upload.start', { count: ready.length })}
        </button>
      </div>
    </Dialog>
  );
}

function UploadRow({ item, onRemove, onMarkNames }: { item: UploadItem; onRemove(): void; onMarkNames(cardId: string): void }) {
  const t = useT();
  const { state } = item;
  const fraction =
    state.step === 'sending' ? state.fraction : state.step === 'processing' ? processedShare(state.stage) : state.step === 'done' ? 1 : 0;
  return (
    <li className="upload-item" data-step={state.step} data-file={item.file.name}>
      <div className="upload-item-head">
        <span className="upload-name" title={item.file.name}>
          {item.file.name}
        </span>
        <span className="upload-size">{formatSize(item.file.size)}</span>
        {state.step === 'ready' && (
          <button
            type="button"
            className="icon-button upload-remove"
            onClick={onRemove}
            aria-label={t('upload.remove', { name: item.file.name })}
          >
            ×
          </button>
        )}
      </div>
      {state.step !== 'ready' && state.step !== 'failed' && (
        <progress
          className="upload-progress"
          max={1}
          value={state.step === 'processing' && !state.stage?.total ? undefined : fraction}
          aria-label={item.file.name}
        />
      )}
      <p className="upload-status" role={state.step === 'failed' ? 'alert' : undefined}>
        {state.step === 'waiting' && t('upload.waiting')}
        {state.step === 'sending' && t('upload.sending', { percent: Math.round(state.fraction * 100) })}
        {state.step === 'processing' && processingText(state.stage, t)}
        {state.step === 'done' && (
          <span className="upload-ok">
            ✓ {state.students === 1 ? t('upload.studentsOne') : t('upload.studentsMany', { count: state.students })}
            {state.skippedBlankPages > 0 && ` · ${t('upload.blankSkipped', { count: state.skippedBlankPages })}`}
          </span>
        )}
        {state.step === 'failed' && <span className="upload-error">{state.message}</span>}
      </p>
      {state.step === 'done' && state.cards.length > 0 && <NameCheck cards={state.cards} onMark={onMarkNames} />}
    </li>
  );
}

/** How far the server is with an upload, 0…1: reading the pages is most of the work. */
function processedShare(stage: UploadStage | undefined): number {
  if (!stage || stage.total === 0) return 0;
  const share = stage.done / stage.total;
  return stage.phase === 'reading' ? share * 0.85 : stage.phase === 'storing' ? 0.85 + share * 0.15 : 0;
}

function processingText(stage: UploadStage | undefined, t: ReturnType<typeof useT>): string {
  if (!stage || stage.total === 0) return stage?.phase === 'waiting' ? t('upload.waitingTurn') : t('upload.processing');
  // The page being worked on: one past those done.
  const counts = { done: Math.min(stage.total, stage.done + 1), total: stage.total };
  return stage.phase === 'reading' ? t('upload.reading', counts) : t('upload.storing', counts);
}

/** Pages of the upload shown for the check: enough to see the name line's place vary, few enough to load fast. */
const CHECK_PAGES = 3;

/**
 * The one-click check of the names found on an upload's pages (README, "Names private by
 * default"): a few of its pages as a shared screen shows them with names hidden, masked by the
 * server, and a yes; a no opens the first card's full view, where the team marks the band.
 */
function NameCheck({ cards, onMark }: { cards: UploadResult['cards']; onMark(cardId: string): void }) {
  const t = useT();
  const { doc, history, canEdit, assetUrl } = useBoard();
  const batchId = cards[0]?.batchId;
  const [confirmed, setConfirmed] = useState(() => (batchId ? isNameBandConfirmed(doc, batchId) : true));
  const titleId = useId();
  if (!batchId || !canEdit) return null;
  const pages = cards.flatMap((card) => card.pages.slice(0, 1)).slice(0, CHECK_PAGES);
  if (confirmed) {
    return (
      <p className="upload-names-ok" data-testid="names-confirmed">
        ✓ {t('names.confirmedShort')}
      </p>
    );
  }
  return (
    <section className="upload-names" aria-labelledby={titleId} data-testid="name-check">
      <h3 id={titleId} className="upload-names-title">
        {t('names.checkTitle')}
      </h3>
      <p className="field-hint">{t('names.checkText')}</p>
      <div className="upload-names-pages">
        {pages.map((page, index) => (
          <img
            key={page}
            className="upload-names-page"
            src={`${assetUrl(page, 'thumb')}&names=hidden`}
            alt={t('names.checkAlt', { page: index + 1 })}
            draggable={false}
          />
        ))}
      </div>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            history.change(() => confirmNameBand(doc, batchId));
            setConfirmed(true);
          }}
        >
          {t('names.confirm')}
        </button>
        <button type="button" className="button button-secondary" onClick={() => cards[0] && onMark(cards[0].id)}>
          {t('names.markMyself')}
        </button>
      </div>
    </section>
  );
}

function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Files dragged from the desktop anywhere over the page: `dragging` while they hover (for the
 * drop hint), `onFiles` when they land. Drags of things other than files are left alone.
 */
export function useFileDrop(enabled: boolean, onFiles: (files: File[]) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const latest = useRef(onFiles);
  latest.current = onFiles;
  useEffect(() => {
    if (!enabled) return;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      // Without this the browser opens the file itself instead of letting us have it.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      depth.current = 0;
      setDragging(false);
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length > 0) latest.current(files);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [enabled]);
  return dragging;
}

/** The hint over the board while files hover it. */
export function DropOverlay() {
  const t = useT();
  return (
    <div className="drop-overlay" aria-hidden="true">
      <div className="drop-overlay-card">
        <span className="drop-overlay-icon">⇪</span>
        <p className="drop-overlay-title">{t('upload.dropTitle')}</p>
        <p className="drop-overlay-text">{t('upload.chooseHint')}</p>
      </div>
    </div>
  );
}

export function UploadIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
      <path
        d="M12 16V5m0 0L7.5 9.5M12 5l4.5 4.5M5 15v3a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-3"
        fill="none"
        stroke="currentColor"
        strokeWidth="2.2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
