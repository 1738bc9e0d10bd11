// The page a class sees through a teacher's share-out link: one piece of student work at a time,
// as large as the screen allows, with the question for the class; "show with the next one" puts
// two side by side to connect them. It holds the link's token only, and the server answers it with
// this sequence and nothing else of the board. Names are never shown: the pictures arrive masked.
import { useCallback, useEffect, useRef, useState } from 'react';
import { type SharedSequence, shareoutFromPath } from '#shared/shareout.js';
import { useT } from '../i18n/index.js';
import { tokenFromHash } from '../sync/token.js';
import { BoardError } from './BoardError.js';
import '../features/shareout/shareout.css';

type Loaded = { state: 'loading' } | { state: 'revoked' } | { state: 'unreachable' } | { state: 'ready'; sequence: SharedSequence };

async function fetchSequence(boardId: string, sequenceId: string, token: string): Promise<Loaded> {
  try {
    const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/sequences/${encodeURIComponent(sequenceId)}`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
    if (response.status === 401 || response.status === 403 || response.status === 404) return { state: 'revoked' };
    if (!response.ok) return { state: 'unreachable' };
    return { state: 'ready', sequence: (await response.json()) as SharedSequence };
  } catch {
    return { state: 'unreachable' };
  }
}

/** The sequence and token of this page's address: read once, the address does not change. */
function readAddress() {
  const place = shareoutFromPath(window.location.pathname);
  const token = tokenFromHash(window.location.hash);
  return place && token ? { ...place, token } : null;
}

export function ClassSharePage() {
  const t = useT();
  const [address] = useState(readAddress);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const latest = useRef(0);

  const load = useCallback(async () => {
    if (!address) {
      setLoaded({ state: 'revoked' });
      return;
    }
    const request = ++latest.current;
    setLoaded({ state: 'loading' });
    const result = await fetchSequence(address.boardId, address.sequenceId, address.token);
    if (request === latest.current) setLoaded(result);
  }, [address]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    document.title = loaded.state === 'ready' ? `${loaded.sequence.title || 'Share-out'} · Worksort` : 'Worksort';
  }, [loaded]);

  if (loaded.state === 'loading') {
    return (
      <main className="shareout shareout-message" aria-busy="true">
        <p>{t('shareout.loading')}</p>
      </main>
    );
  }
  if (loaded.state === 'revoked') {
    return (
      <BoardError title={t('shareout.revokedTitle')} icon="locked">
        <p>{t('shareout.revokedBody')}</p>
      </BoardError>
    );
  }
  if (loaded.state === 'unreachable') {
    return (
      <BoardError
        title={t('shareout.unreachableTitle')}
        icon="unreachable"
        action={{ label: t('shareout.retry'), onClick: () => void load() }}
      >
        <p>{t('shareout.unreachableBody')}</p>
      </BoardError>
    );
  }
  return <SequenceViewer sequence={loaded.sequence} />;
}

function SequenceViewer({ sequence }: { sequence: SharedSequence }) {
  const t = useT();
  const total = sequence.steps.length;
  const [index, setIndex] = useState(0);
  const [connect, setConnect] = useState(false);
  const [noteOpen, setNoteOpen] = useState(false);
  // Connecting shows this step and the next: the last step has no next to pair with.
  const pairing = connect && index < total - 1;

  const go = useCallback((delta: number) => setIndex((at) => Math.max(0, Math.min(total - 1, at + delta))), [total]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLElement && event.target.closest('input, textarea, [contenteditable="true"]')) return;
      if (event.key === 'ArrowRight' || event.key === 'PageDown' || event.key === ' ') go(1);
      else if (event.key === 'ArrowLeft' || event.key === 'PageUp') go(-1);
      else if (event.key === 'Home') setIndex(0);
      else if (event.key === 'End') setIndex(Math.max(0, total - 1));
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, total]);

  if (total === 0) {
    return (
      <main className="shareout shareout-message">
        <h1>{sequence.title}</h1>
        <p>{t('shareout.empty')}</p>
      </main>
    );
  }

  const shown = pairing ? [index, index + 1] : [index];
  const step = sequence.steps[index];
  return (
    <main className="shareout" aria-label={sequence.title}>
      <header className="shareout-header">
        <h1>{sequence.title}</h1>
        <p className="shareout-counter" aria-live="polite">
          {t('shareout.step', { n: index + 1, total })}
        </p>
      </header>
      <div className={pairing ? 'shareout-stage shareout-stage-pair' : 'shareout-stage'}>
        {shown.map((at) => {
          const item = sequence.steps[at];
          if (!item) return null;
          return (
            <figure key={at} className="shareout-work">
              {item.image ? (
                <img
                  src={item.image}
                  alt={t('shareout.imageAlt', { n: at + 1 })}
                  width={item.width ?? undefined}
                  height={item.height ?? undefined}
                />
              ) : (
                <p className="shareout-missing">{t('shareout.imageMissing')}</p>
              )}
              <figcaption>
                {pairing ? <span className="shareout-pair-label">{t('shareout.step', { n: at + 1, total })}</span> : null}
                <span className="shareout-question-label">{t('shareout.question')}</span>
                <span className={item.question ? 'shareout-question' : 'shareout-question shareout-question-empty'}>
                  {item.question || t('shareout.noQuestion')}
                </span>
              </figcaption>
            </figure>
          );
        })}
      </div>
      {noteOpen && step?.note ? (
        <section className="shareout-note" aria-label={t('shareout.showNote')}>
          <p>{step.note}</p>
        </section>
      ) : null}
      <nav className="shareout-controls" aria-label={sequence.title}>
        <button type="button" className="button button-secondary button-large" onClick={() => go(-1)} disabled={index === 0}>
          ← {t('shareout.previous')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          aria-pressed={connect}
          onClick={() => setConnect((on) => !on)}
          disabled={total < 2}
        >
          {connect ? t('shareout.single') : t('shareout.connect')}
        </button>
        {step?.note ? (
          <button type="button" className="button button-secondary" aria-expanded={noteOpen} onClick={() => setNoteOpen((open) => !open)}>
            {noteOpen ? t('shareout.hideNote') : t('shareout.showNote')}
          </button>
        ) : null}
        <span className="shareout-private">{t('shareout.namesHidden')}</span>
        <button type="button" className="button button-primary button-large" onClick={() => go(1)} disabled={index >= total - 1}>
          {t('shareout.next')} →
        </button>
      </nav>
    </main>
  );
}
