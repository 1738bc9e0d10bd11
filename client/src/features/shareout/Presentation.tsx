// Presenting a share-out on the board: the presenter steps through a sequence and every screen on
// the board shows the same step, full size, names masked by the server (the picture is the class
// link's), the question in large type; "Show with the next one" puts two side by side to connect
// them. Anyone can look away (Hide) until the next step; the presenter's Stop ends it for all.
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import { getSequence } from '#shared/schema/sequence.js';
import { readShareoutPresentation, type ShareoutPresentation } from '#shared/shareoutPresence.js';
import { useBoard } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { useSequences } from './useSequences.js';

export interface Presenting extends ShareoutPresentation {
  /** The presenter's awareness id and name; mine when I present. */
  clientId: number;
  name: string;
  mine: boolean;
}

const stores = new WeakMap<Awareness, { subscribe(listener: () => void): () => void; snapshot(): Presenting | null }>();

/** Who presents a share-out now, if anyone (the earliest to start, when two do). */
function presentationStore(awareness: Awareness) {
  let store = stores.get(awareness);
  if (store) return store;
  let current: Presenting | null = null;
  let key = '';
  // Who carried a presentation at the last read: a cursor move of anyone else changes nothing here.
  let presenters = new Set<number>();
  const read = () => {
    let found: Presenting | null = null;
    presenters = new Set();
    awareness.getStates().forEach((state, clientId) => {
      const presentation = readShareoutPresentation((state as Record<string, unknown>).shareout);
      if (presentation) presenters.add(clientId);
      if (!presentation || (found && found.clientId < clientId)) return;
      const user = (state as { user?: { name?: unknown } }).user;
      const name = typeof user?.name === 'string' ? user.name : '';
      found = { ...presentation, clientId, name, mine: clientId === awareness.clientID };
    });
    const next = found as Presenting | null;
    const nextKey = next ? JSON.stringify(next) : '';
    if (nextKey !== key) {
      key = nextKey;
      current = next;
    }
  };
  read();
  // One awareness listener for every component that asks, so each of them hears of a change.
  const listeners = new Set<() => void>();
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const states = awareness.getStates();
    const concerned = (id: number) => presenters.has(id) || (states.get(id) as Record<string, unknown> | undefined)?.shareout != null;
    if (![...added, ...updated, ...removed].some(concerned)) return;
    const before = current;
    read();
    if (current !== before) for (const listener of listeners) listener();
  };
  store = {
    subscribe(listener) {
      if (listeners.size === 0) {
        read();
        awareness.on('change', onChange);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) awareness.off('change', onChange);
      };
    },
    snapshot: () => current,
  };
  stores.set(awareness, store);
  return store;
}

export function usePresenting(): Presenting | null {
  const { awareness } = useBoard();
  const store = presentationStore(awareness);
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

/** A step's picture as the class sees it, fetched with the link's token in a header (never in a URL). */
function useStepPicture(boardId: string, token: string, sequenceId: string, step: number, version: string): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let current = true;
    setUrl(null);
    // `v` names what the step shows, so a step whose page or region changed is fetched anew.
    const path = `/api/boards/${encodeURIComponent(boardId)}/sequences/${encodeURIComponent(sequenceId)}/steps/${step + 1}.jpg`;
    void fetch(`${path}?v=${encodeURIComponent(version)}`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
    })
      .then(async (response) => (response.ok ? response.blob() : null))
      .then((blob) => {
        if (!current || !blob) return;
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => setUrl(null));
    return () => {
      current = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [boardId, token, sequenceId, step, version]);
  return url;
}

/** The presented step(s) over the board, for the presenter (with controls) and everyone else. */
export function PresentationOverlay() {
  const t = useT();
  const { presence } = useBoard();
  const presenting = usePresenting();
  const sequences = useSequences();
  const [hidden, setHidden] = useState<string | null>(null);
  const sequence = presenting ? (sequences.find((one) => one.id === presenting.sequenceId) ?? null) : null;
  const key = presenting ? `${presenting.clientId}:${presenting.sequenceId}:${presenting.step}:${presenting.pair}` : '';

  const move = useCallback(
    (change: Partial<ShareoutPresentation> | null) => {
      if (!presenting?.mine) return;
      presence.presentShareout(
        change === null ? null : { sequenceId: presenting.sequenceId, step: presenting.step, pair: presenting.pair, ...change },
      );
    },
    [presence, presenting],
  );

  const total = sequence?.steps.length ?? 0;
  useEffect(() => {
    if (!presenting?.mine) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLElement && event.target.closest('input, textarea, [contenteditable="true"]')) return;
      if (event.key === 'ArrowRight' || event.key === 'PageDown') move({ step: Math.min(total - 1, presenting.step + 1) });
      else if (event.key === 'ArrowLeft' || event.key === 'PageUp') move({ step: Math.max(0, presenting.step - 1) });
      else if (event.key === 'Escape') move(null);
      else return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [move, presenting, total]);

  if (!presenting || !sequence || hidden === key) return null;
  const step = Math.min(presenting.step, Math.max(0, total - 1));
  const pairing = presenting.pair && step < total - 1;
  const shown = pairing ? [step, step + 1] : [step];
  return (
    <section
      className="presentation"
      aria-label={t('shareout.presentingLabel', { title: sequence.title || t('shareout.untitled') })}
      data-testid="presentation"
    >
      <header className="presentation-header">
        <h2>{sequence.title || t('shareout.untitled')}</h2>
        <p className="presentation-counter" aria-live="polite">
          {total === 0 ? t('shareout.noSteps') : t('shareout.step', { n: step + 1, total })}
        </p>
        <p className="presentation-by">
          {presenting.mine ? t('shareout.youPresent') : t('shareout.presentedBy', { name: presenting.name })}
        </p>
      </header>
      <div className={pairing ? 'shareout-stage shareout-stage-pair' : 'shareout-stage'}>
        {shown.map((at) => (
          <PresentedStep key={`${sequence.id}-${at}`} sequenceId={sequence.id} index={at} total={total} pairing={pairing} />
        ))}
      </div>
      <nav className="shareout-controls" aria-label={t('shareout.presentControls')}>
        {presenting.mine ? (
          <>
            <button
              type="button"
              className="button button-secondary button-large"
              disabled={step === 0}
              onClick={() => move({ step: step - 1 })}
            >
              ← {t('shareout.previous')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              aria-pressed={presenting.pair}
              disabled={total < 2}
              onClick={() => move({ pair: !presenting.pair })}
            >
              {presenting.pair ? t('shareout.single') : t('shareout.connect')}
            </button>
            <button type="button" className="button button-danger" onClick={() => move(null)}>
              {t('shareout.stop')}
            </button>
            <span className="shareout-private">{t('shareout.namesHidden')}</span>
            <button
              type="button"
              className="button button-primary button-large"
              disabled={step >= total - 1}
              onClick={() => move({ step: step + 1 })}
            >
              {t('shareout.next')} →
            </button>
          </>
        ) : (
          <>
            <span className="shareout-private">{t('shareout.namesHidden')}</span>
            <button type="button" className="button button-secondary" onClick={() => setHidden(key)}>
              {t('shareout.hidePresentation')}
            </button>
          </>
        )}
      </nav>
    </section>
  );
}

function PresentedStep({ sequenceId, index, total, pairing }: { sequenceId: string; index: number; total: number; pairing: boolean }) {
  const t = useT();
  const { boardId, token, doc } = useBoard();
  const item = getSequence(doc, sequenceId)?.steps[index];
  // A new picture when the step's page, region or card changes.
  const version = item ? `${item.cardId}:${item.page}:${JSON.stringify(item.region)}` : '';
  const url = useStepPicture(boardId, token, sequenceId, index, version);
  if (!item) return null;
  return (
    <figure className="shareout-work">
      {url ? <img src={url} alt={t('shareout.imageAlt', { n: index + 1 })} /> : <p className="shareout-missing">{t('shareout.loading')}</p>}
      <figcaption>
        {pairing ? <span className="shareout-pair-label">{t('shareout.step', { n: index + 1, total })}</span> : null}
        <span className="shareout-question-label">{t('shareout.question')}</span>
        <span className={item.question ? 'shareout-question' : 'shareout-question shareout-question-empty'}>
          {item.question || t('shareout.noQuestion')}
        </span>
      </figcaption>
    </figure>
  );
}
