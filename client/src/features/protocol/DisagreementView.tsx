// The disagreement view of a private-first sort (issue 25): the disputed piece of work shown large,
// with its evidence pins, beside the piles people put it in (each with who chose it and the work
// already there), so the team argues about what the child did with the child's work in front of
// them. The facilitator puts a card in front of everyone (the protocol's `discussing`); everyone
// else follows, and may step aside to the board until the facilitator moves on.
import { useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';
import { type CardComparison, compareLayers, openDisagreementFrom, openDisagreements } from '#shared/disagreements.js';
import { type PageRect, rotatedSize, rotatePageRect } from '#shared/pageGeometry.js';
import { discussCard } from '#shared/protocolSession.js';
import { type Card, pageRotation } from '#shared/schema/card.js';
import type { Pin } from '#shared/schema/comments.js';
import type { Pile } from '#shared/schema/pile.js';
import { markSettled } from '#shared/schema/privateSort.js';
import { applyPlan } from '#shared/sorting.js';
import { usePins } from '../../board/hooks/useAnnotations.js';
import { useBoard, useBoardSorting } from '../../board/session.js';
import { textOn } from '../../board/theme.js';
import { useT } from '../../i18n/index.js';
import type { AssetSize } from '../../sync/api.js';
import { useElementSize } from '../../ui/useElementSize.js';
import { useFacilitator, usePrivateLayers, useSettled } from './useProtocol.js';

/** US Letter, until the page's own size is known. */
const LETTER = 8.5 / 11;
/** Cards of a candidate pile shown beside the disputed one. */
const SAMPLES = 4;

/** The disputed cards not settled yet, in the board's card order (the same on every screen). */
export function useDisagreements(): { all: CardComparison[]; open: CardComparison[] } {
  const { doc } = useBoard();
  const { sharedCards, pileMap } = useBoardSorting();
  const layers = usePrivateLayers(doc);
  const settled = useSettled(doc);
  return useMemo(() => {
    const all = compareLayers(sharedCards.keys(), layers.values(), pileMap).filter((comparison) => comparison.disagreement);
    return { all, open: openDisagreements(all, settled) };
  }, [sharedCards, layers, pileMap, settled]);
}

/** What I chose to look at myself, against the facilitator's choice it was made under. */
interface MyChoice {
  underDiscussing: string | null;
  /** A card I opened, or null: I stepped back to the board. */
  cardId: string | null;
}

// My own choice is one per board on this page, shared by the view and the protocol strip's button.
const myChoices = new WeakMap<Y.Doc, MyChoice>();
const choiceListeners = new Set<() => void>();
const subscribeChoice = (listener: () => void) => {
  choiceListeners.add(listener);
  return () => choiceListeners.delete(listener);
};
function setMyChoice(doc: Y.Doc, choice: MyChoice): void {
  myChoices.set(doc, choice);
  for (const listener of choiceListeners) listener();
}

/** Which disputed card my screen shows, and how to change it: the facilitator's choice, or mine until theirs changes. */
export function useShownDisagreement(): {
  shown: CardComparison | null;
  open: CardComparison[];
  show(cardId: string | null): void;
} {
  const { doc, role } = useBoard();
  const { protocol } = useBoardSorting();
  const { all, open } = useDisagreements();
  const facilitator = role === 'owner';
  const act = useFacilitator(doc, facilitator);
  const mine = useSyncExternalStore(subscribeChoice, () => myChoices.get(doc) ?? null);
  const revealed = protocol.active && protocol.phase === 'sort' && protocol.privateSort === 'revealed';
  const wanted = !facilitator && mine && mine.underDiscussing === protocol.discussing ? mine.cardId : protocol.discussing;
  const shown = revealed ? openDisagreementFrom(wanted, all, open) : null;
  const show = (cardId: string | null) => {
    if (facilitator) act(() => discussCard(cardId));
    else setMyChoice(doc, { underDiscussing: protocol.discussing, cardId });
  };
  return { shown, open, show };
}

export function DisagreementView() {
  const t = useT();
  const { doc, history, role, canEdit, assetUrl, showCard } = useBoard();
  const sorting = useBoardSorting();
  const { sharedCards, pileMap, protocol, layout, labelOf, names } = sorting;
  const { shown, open, show } = useShownDisagreement();
  const facilitator = role === 'owner';
  if (!shown) return null;
  const card = sharedCards.get(shown.cardId);
  if (!card) return null;
  const index = open.findIndex((comparison) => comparison.cardId === shown.cardId);
  const student = labelOf(card) || t('card.unnamed');
  const canSettle = canEdit && !protocol.locks.sort;
  const urlOf = (assetId: string, size: AssetSize) => `${assetUrl(assetId, size)}${names.hidden ? '&names=hidden' : ''}`;
  const settle = (pileId: string) =>
    history.change(() => {
      applyPlan(doc, new Map([[card.id, { pileId, order: Date.now(), x: 0, y: 0 }]]));
      markSettled(doc, card.id, pileId);
    });
  const step = (delta: -1 | 1) => {
    const next = open[(index + delta + open.length) % open.length];
    if (next) show(next.cardId);
  };

  return (
    <section
      className="disagreement-view"
      aria-label={t('discuss.region', { student })}
      data-testid="disagreements"
      data-card-id={card.id}
      data-following={!facilitator && protocol.discussing !== null ? 'facilitator' : 'me'}
    >
      <header className="disagreement-head">
        <div className="disagreement-title">
          <h2>{student}</h2>
          <span className="protocol-count">{t('discuss.position', { index: index + 1, count: open.length })}</span>
          {!facilitator && protocol.discussing !== null && <span className="disagreement-following">{t('discuss.following')}</span>}
        </div>
        <nav className="disagreement-rail" aria-label={t('disagree.rail')}>
          {open.map((comparison) => {
            const each = sharedCards.get(comparison.cardId);
            const current = comparison.cardId === card.id;
            return (
              <button
                key={comparison.cardId}
                type="button"
                className={current ? 'disagreement-chip disagreement-chip-current' : 'disagreement-chip'}
                aria-current={current ? 'true' : undefined}
                onClick={() => show(comparison.cardId)}
              >
                {(each && labelOf(each)) || t('card.unnamed')}
              </button>
            );
          })}
        </nav>
        <div className="disagreement-actions">
          {open.length > 1 && (
            <>
              <button
                type="button"
                className="button button-secondary protocol-icon"
                aria-label={t('discuss.previous')}
                title={t('discuss.previous')}
                onClick={() => step(-1)}
              >
                ‹
              </button>
              <button
                type="button"
                className="button button-secondary protocol-icon"
                aria-label={t('discuss.next')}
                title={t('discuss.next')}
                onClick={() => step(1)}
              >
                ›
              </button>
            </>
          )}
          <button type="button" className="button button-primary" onClick={() => show(null)}>
            {facilitator ? t('discuss.closeEveryone') : t('discuss.close')}
          </button>
        </div>
      </header>
      <div className="disagreement-body">
        <DisputedWork card={card} student={student} urlOf={urlOf} onOpen={(pinId) => showCard(card.id, pinId)} />
        <section className="disagreement-candidates" aria-label={t('discuss.candidates')}>
          <h3>{t('discuss.candidates')}</h3>
          <p className="protocol-muted">{t('disagree.intro')}</p>
          <ul className="disagreement-piles">
            {shown.votes.map((vote) => {
              const pile = pileMap.get(vote.pileId);
              if (!pile) return null;
              const members = (layout.members.get(pile.id) ?? []).filter((member) => member.id !== card.id);
              return (
                <CandidatePile
                  key={pile.id}
                  pile={pile}
                  number={layout.pileNumbers.get(pile.id) ?? 0}
                  people={vote.people}
                  members={members}
                  labelOf={labelOf}
                  urlOf={urlOf}
                  onSettle={canSettle ? () => settle(pile.id) : undefined}
                />
              );
            })}
          </ul>
        </section>
      </div>
    </section>
  );
}

/** The disputed work, as large as the space allows, its pins drawn on the page and listed beside it. */
function DisputedWork({
  card,
  student,
  urlOf,
  onOpen,
}: {
  card: Card;
  student: string;
  urlOf(assetId: string, size: AssetSize): string;
  onOpen(pinId: string | null): void;
}) {
  const t = useT();
  const { doc } = useBoard();
  const allPins = usePins(doc);
  // Numbered in reading order: page by page, top to bottom, as the team reads the work.
  const pins = useMemo(
    () =>
      allPins
        .filter((pin) => pin.cardId === card.id)
        .sort((a, b) => card.pages.indexOf(a.page) - card.pages.indexOf(b.page) || a.region.y - b.region.y || a.region.x - b.region.x),
    [allPins, card.id, card.pages],
  );
  // The page with the most evidence first: that is what the team will point at.
  const firstPage = useMemo(() => {
    let best = 0;
    let most = 0;
    card.pages.forEach((page, i) => {
      const count = pins.filter((pin) => pin.page === page && !pin.resolved).length;
      if (count > most) {
        most = count;
        best = i;
      }
    });
    return best;
  }, [card.pages, pins]);
  const [chosen, setChosen] = useState<{ cardId: string; page: number } | null>(null);
  const pageIndex = chosen?.cardId === card.id ? chosen.page : firstPage;
  const assetId = card.pages[pageIndex];
  const rotation = assetId ? pageRotation(card, assetId) : 0;
  const [aspect, setAspect] = useState(LETTER);
  const holder = useRef<HTMLDivElement>(null);
  const size = useElementSize(holder);
  const turned = rotatedSize(aspect, 1, rotation);
  const fit = Math.min(size.width / turned.width, size.height / turned.height) || 0;
  const box = { w: turned.width * fit, h: turned.height * fit };
  const imageBox = rotation === 90 || rotation === 270 ? { w: box.h, h: box.w } : box;
  const sizeWanted: AssetSize = Math.max(box.w, box.h) * (window.devicePixelRatio || 1) > 1100 ? 'full' : 'medium';
  const pagePins = pins.filter((pin) => pin.page === assetId);
  const numbered = new Map(pins.map((pin, i) => [pin.id, i + 1]));

  return (
    <div className="disagreement-work">
      <div className="disagreement-page" ref={holder}>
        {assetId ? (
          <div className="disagreement-frame" style={{ width: box.w, height: box.h }} data-testid="disputed-page">
            <img
              key={`${card.id}-${assetId}`}
              src={urlOf(assetId, sizeWanted)}
              alt={t('discuss.workAlt', { page: pageIndex + 1, student })}
              className="disagreement-image"
              style={{ width: imageBox.w, height: imageBox.h, transform: `translate(-50%, -50%) rotate(${rotation}deg)` }}
              onLoad={(event) => {
                const image = event.currentTarget;
                if (image.naturalWidth > 0 && image.naturalHeight > 0) setAspect(image.naturalWidth / image.naturalHeight);
              }}
              draggable={false}
            />
            {pagePins.map((pin) => (
              <PinBox key={pin.id} pin={pin} number={numbered.get(pin.id) ?? 0} region={rotatePageRect(pin.region, rotation)} />
            ))}
          </div>
        ) : (
          <p className="loading-text">{t('card.noPages')}</p>
        )}
      </div>
      <div className="disagreement-evidence">
        {card.pages.length > 1 && (
          <fieldset className="disagreement-pages">
            <legend className="visually-hidden">{t('discuss.pages')}</legend>
            {card.pages.map((page, i) => (
              <button
                key={page}
                type="button"
                className="button button-secondary protocol-small"
                aria-pressed={i === pageIndex}
                onClick={() => setChosen({ cardId: card.id, page: i })}
              >
                {t('discuss.page', { page: i + 1 })}
              </button>
            ))}
          </fieldset>
        )}
        <h3>{t('discuss.pins')}</h3>
        {pins.length === 0 ? (
          <p className="protocol-muted">{t('discuss.noPins')}</p>
        ) : (
          <ol className="disagreement-pin-list">
            {pins.map((pin) => (
              <li key={pin.id} className={pin.resolved ? 'disagreement-pin-resolved' : undefined}>
                <button type="button" className="link-button disagreement-pin-open" onClick={() => onOpen(pin.id)}>
                  <span className="disagreement-pin-number" aria-hidden="true">
                    {numbered.get(pin.id)}
                  </span>
                  <span className="disagreement-pin-text">{pin.text || t('discuss.pinUntitled')}</span>
                </button>
                <span className="disagreement-pin-author">
                  <PersonDot color={pin.author.color} />
                  {pin.author.name}
                </span>
              </li>
            ))}
          </ol>
        )}
        <button type="button" className="button button-secondary protocol-small" onClick={() => onOpen(null)}>
          {t('discuss.openCard')}
        </button>
      </div>
    </div>
  );
}

function PinBox({ pin, number, region }: { pin: Pin; number: number; region: PageRect }) {
  return (
    <div
      className={pin.resolved ? 'disagreement-pin disagreement-pin-resolved' : 'disagreement-pin'}
      style={{
        left: `${region.x * 100}%`,
        top: `${region.y * 100}%`,
        width: `${region.w * 100}%`,
        height: `${region.h * 100}%`,
        borderColor: pin.author.color,
      }}
      data-testid="disputed-pin"
      aria-hidden="true"
    >
      <span className="disagreement-pin-number" style={{ backgroundColor: pin.author.color }}>
        {number}
      </span>
    </div>
  );
}

/** One pile the card could go in: who chose it, the work already there, and the team's choice. */
function CandidatePile({
  pile,
  number,
  people,
  members,
  labelOf,
  urlOf,
  onSettle,
}: {
  pile: Pile;
  number: number;
  people: { id: string; name: string; color: string }[];
  members: readonly Card[];
  labelOf(card: Card): string;
  urlOf(assetId: string, size: AssetSize): string;
  onSettle: (() => void) | undefined;
}) {
  const t = useT();
  const title = pile.title.trim() || t('pile.untitled');
  const samples = members.slice(0, SAMPLES);
  return (
    <li className="disagreement-pile" style={{ borderColor: pile.color }} data-pile-id={pile.id}>
      <div className="disagreement-pile-head" style={{ backgroundColor: pile.color, color: textOn(pile.color) }}>
        {number > 0 && <span className="disagreement-pile-number">{number}</span>}
        <span className="disagreement-pile-title">{title}</span>
      </div>
      {pile.description.trim() && <p className="disagreement-pile-shows">{t('outline.shows', { text: pile.description.trim() })}</p>}
      <p className="disagreement-pile-people">
        <span className="protocol-muted">{t('discuss.placedBy')}</span>{' '}
        {people.map((person) => (
          <span key={person.id} className="protocol-person">
            <PersonDot color={person.color} />
            {person.name || '?'}
          </span>
        ))}
      </p>
      {samples.length > 0 ? (
        <ul className="disagreement-samples" aria-label={t('discuss.alreadyIn')}>
          {samples.map((member) => {
            const page = member.pages[0];
            const label = labelOf(member) || t('card.unnamed');
            return (
              <li key={member.id}>
                {page ? <img src={urlOf(page, 'thumb')} alt={label} draggable={false} /> : <span className="disagreement-sample-blank" />}
                <span>{label}</span>
              </li>
            );
          })}
          {members.length > samples.length && (
            <li className="disagreement-samples-more">{t('discuss.more', { count: members.length - samples.length })}</li>
          )}
        </ul>
      ) : (
        <p className="protocol-muted">{t('discuss.emptyPile')}</p>
      )}
      {onSettle && (
        <button type="button" className="button button-primary protocol-small disagreement-settle" onClick={onSettle}>
          {t('disagree.settle', { pile: title })}
        </button>
      )}
    </li>
  );
}

/** A person's colour beside their name: the name itself stays dark, legible on any screen. */
function PersonDot({ color }: { color: string }) {
  return <span className="person-dot" style={{ backgroundColor: color }} aria-hidden="true" />;
}
