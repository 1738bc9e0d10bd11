// One student's work, large: what the team looks at together when a thumbnail is not enough.
// Arrow keys step through the pile (or the unsorted cards); Escape closes.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Card } from '../../../shared/schema/card.js';
import type { Pile } from '../../../shared/schema/pile.js';
import { textOn } from '../board/theme.js';
import { useT } from '../i18n/index.js';

export interface CardViewerProps {
  card: Card;
  pile: Pile | null;
  /** The cards to step through, in order, including `card`. */
  sequence: string[];
  pageUrl(card: Card, page: number): string | null;
  onShow(cardId: string): void;
  onClose(): void;
}

export function CardViewer({ card, pile, sequence, pageUrl, onShow, onClose }: CardViewerProps) {
  const t = useT();
  const [page, setPage] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const closeButton = useRef<HTMLButtonElement>(null);
  const index = sequence.indexOf(card.id);
  const previous = index > 0 ? sequence[index - 1] : undefined;
  const next = index >= 0 && index < sequence.length - 1 ? sequence[index + 1] : undefined;
  const url = pageUrl(card, Math.min(page, Math.max(0, card.pages.length - 1)));
  const named = card.student.trim() !== '';

  useEffect(() => closeButton.current?.focus(), []);
  // A different card starts at its first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resetting on the card's identity is the point.
  useEffect(() => setPage(0), [card.id]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new image is loading whenever the address changes.
  useEffect(() => setLoaded(false), [url]);

  const go = useCallback((id: string | undefined) => id && onShow(id), [onShow]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
      else if (event.key === 'ArrowLeft') go(previous);
      else if (event.key === 'ArrowRight') go(next);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, go, previous, next]);

  return (
    <div className="viewer-backdrop" onPointerDown={(event) => event.target === event.currentTarget && onClose()}>
      <div className="viewer" role="dialog" aria-modal="true" aria-labelledby="viewer-title">
        <header className="viewer-header">
          <h2 id="viewer-title" className={named ? '' : 'viewer-unnamed'}>
            {named ? card.student : 'Unnamed student'}
          </h2>
          {pile ? (
            <span className="viewer-pile" style={{ backgroundColor: pile.color, color: textOn(pile.color) }}>
              {pile.title || 'Untitled pile'}
            </span>
          ) : (
            <span className="viewer-pile viewer-pile-none">{t('inspector.notSorted')}</span>
          )}
          {sequence.length > 1 && (
            <span className="viewer-position">
              {index + 1} of {sequence.length}
            </span>
          )}
          <div className="toolbar-spacer" />
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
        <div className="viewer-page">
          {url ? (
            <img
              key={url}
              src={url}
              alt={t('inspector.pageAlt', { page: page + 1 })}
              className={loaded ? 'viewer-image' : 'viewer-image viewer-image-loading'}
              onLoad={() => setLoaded(true)}
              decoding="async"
            />
          ) : (
            <p className="loading-text">{t('card.noPages')}</p>
          )}
        </div>
        {card.pages.length > 1 && (
          <nav className="viewer-pages" aria-label={t('inspector.pages')}>
            {card.pages.map((assetId, i) => (
              <button
                key={assetId}
                type="button"
                className={i === page ? 'viewer-page-button viewer-page-current' : 'viewer-page-button'}
                aria-current={i === page ? 'page' : undefined}
                onClick={() => setPage(i)}
              >
                {t('inspector.page', { page: i + 1 })}
              </button>
            ))}
          </nav>
        )}
      </div>
    </div>
  );
}
