// "Who is this?" (README, "Classes"): each unnamed card of a class's board in turn, its name
// region (the top of its first page) beside the roster, named from the keyboard alone: type to
// narrow the roster, arrows to choose, Enter to confirm and move to the next card. Names the
// server read in the region come first in the list, but nothing is named until a person presses
// Enter or picks a name. The region is shown unmasked: this dialog is on the teacher's own screen,
// whatever the projector shows.
import { type KeyboardEvent, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { filterRoster } from '#shared/nameMatch.js';
import { nameBandOf, readNameBands } from '#shared/schema/batch.js';
import { type Card, nameCardStudent } from '#shared/schema/card.js';
import { useCards } from '../../board/hooks/useCards.js';
import { useBoard } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { ApiError, assetUrl } from '../../sync/api.js';
import { Dialog } from '../../ui/Dialog.js';
import { type BoardRoster, boardRoster, type NameReading, readCardName } from './classApi.js';

interface Option {
  key: string;
  studentId: string | null;
  name: string;
  suggested: boolean;
  /** Another card of this board is already this student's. */
  taken: boolean;
}

/** The toolbar's way in: shown on a class's board while some cards have no name, with how many. */
export function WhoIsThisButton({ count, onOpen }: { count: number; onOpen(): void }) {
  const t = useT();
  return (
    <button type="button" className="button button-secondary toolbar-panel-button" onClick={onOpen} title={t('who.openHint')}>
      <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
        <circle cx="9" cy="8" r="3.6" fill="none" stroke="currentColor" strokeWidth="2.2" />
        <path
          d="M2.8 19.5c.8-3.6 3.3-5.5 6.2-5.5s5.4 1.9 6.2 5.5"
          fill="none"
          stroke="currentColor"
          strokeWidth="2.2"
          strokeLinecap="round"
        />
        <path
          d="M17 6.2a2.6 2.6 0 1 1 3.2 2.5c-.7.2-1.1.7-1.1 1.4v.6M19.1 13.4v.1"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
        />
      </svg>
      <span className="toolbar-panel-label">{t('who.title')} </span>
      <span className="who-count" data-testid="who-count">
        {count}
      </span>
    </button>
  );
}

/** The cards to name, in the order they lie on the board (upload order for a fresh upload). */
export function unnamedCards(cards: ReadonlyMap<string, Card>): Card[] {
  return [...cards.values()]
    .filter((card) => !card.student.trim() && !card.studentId)
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : 1));
}

export function WhoIsThis({ onClose }: { onClose(): void }) {
  const t = useT();
  const { doc, history, boardId, token } = useBoard();
  const cards = useCards(doc);
  // The cards to go through are fixed when the dialog opens; one named meanwhile by someone else is skipped.
  const [queue] = useState(() => unnamedCards(cards).map((card) => card.id));
  const [index, setIndex] = useState(0);
  const [roster, setRoster] = useState<BoardRoster | null>(null);
  const [rosterError, setRosterError] = useState<string | null>(null);
  const [readings, setReadings] = useState<ReadonlyMap<string, NameReading>>(new Map());
  const [query, setQuery] = useState('');
  // The option chosen with the arrows, by key: suggestions arriving later do not move the choice.
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const titleId = useId();

  useEffect(() => {
    let current = true;
    boardRoster(boardId, token).then(
      (found) => current && setRoster(found),
      (failure: unknown) => current && setRosterError(failure instanceof ApiError ? failure.message : t('landing.failed')),
    );
    return () => {
      current = false;
    };
  }, [boardId, token, t]);

  const cardId = queue[index];
  const card = cardId ? cards.get(cardId) : undefined;

  // Reads the name region of this card and the next (so the next one's suggestions are ready).
  useEffect(() => {
    let current = true;
    for (const id of queue.slice(index, index + 2)) {
      if (readings.has(id)) continue;
      readCardName(boardId, id, token).then(
        (reading) => current && setReadings((before) => new Map(before).set(id, reading)),
        // No reading is no suggestion: the roster and typing still name the card.
        () => current && setReadings((before) => new Map(before).set(id, { cardId: id, text: '', suggestions: [] })),
      );
    }
    return () => {
      current = false;
    };
  }, [boardId, token, queue, index, readings]);

  const reading = cardId ? readings.get(cardId) : undefined;
  const options = useMemo<Option[]>(() => {
    const students = roster?.students ?? [];
    const takenIds = new Set([...cards.values()].flatMap((one) => (one.studentId && one.id !== cardId ? [one.studentId] : [])));
    const suggestedIds = new Set(query.trim() ? [] : (reading?.suggestions ?? []).map((suggestion) => suggestion.studentId));
    const suggested = (reading?.suggestions ?? []).filter((suggestion) => suggestedIds.has(suggestion.studentId));
    const matching = filterRoster(query, students).filter((student) => !suggestedIds.has(student.studentId));
    const all: Option[] = [
      ...suggested.map((one) => ({
        key: one.studentId,
        studentId: one.studentId,
        name: one.name,
        suggested: true,
        taken: takenIds.has(one.studentId),
      })),
      ...matching.map((one) => ({
        key: one.studentId,
        studentId: one.studentId,
        name: one.name,
        suggested: false,
        taken: takenIds.has(one.studentId),
      })),
    ];
    // Students who already have a card here go last: a second card for them is rare.
    const ordered = [...all.filter((one) => one.suggested || !one.taken), ...all.filter((one) => !one.suggested && one.taken)];
    const typed = query.trim().replace(/\s+/g, ' ');
    if (typed && !ordered.some((one) => one.name.toLocaleLowerCase() === typed.toLocaleLowerCase())) {
      ordered.push({ key: 'typed', studentId: null, name: typed, suggested: false, taken: false });
    }
    return ordered;
  }, [roster, cards, cardId, query, reading]);

  // A new card or new typing puts the choice back on the default.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the card or the typing changes.
  useEffect(() => setChosenKey(null), [cardId, query]);
  // By default the first option, but only once there is a reason for it (a name read on the page,
  // or typing): an Enter pressed before then names nobody.
  const chosenIndex = chosenKey ? options.findIndex((option) => option.key === chosenKey) : -1;
  const active = chosenIndex >= 0 ? chosenIndex : query.trim() || options[0]?.suggested ? 0 : -1;
  // biome-ignore lint/correctness/useExhaustiveDependencies: each card starts focused.
  useEffect(() => {
    input.current?.focus();
  }, [cardId]);

  /**
   * Moves to card `to` with an empty field, emptied in the same update that shows the card rather
   * than by an effect after it: nothing typed for the new card can meet the last card's text.
   */
  const moveTo = (to: number) => {
    setQuery('');
    setIndex(to);
  };

  /** The next card still unnamed after `from` (another person may have named some meanwhile). */
  const nextIndex = useCallback(
    (from: number) => {
      let next = from + 1;
      while (next < queue.length) {
        const candidate = cards.get(queue[next] as string);
        if (candidate && !candidate.student.trim() && !candidate.studentId) break;
        next++;
      }
      return next;
    },
    [queue, cards],
  );

  const confirm = (option: Option | undefined) => {
    if (!option || !cardId || !card) return;
    history.change(() => nameCardStudent(doc, cardId, option.name, option.studentId));
    const next = nextIndex(index);
    setAnnouncement(
      next < queue.length
        ? t('who.namedNext', { name: option.name, n: next + 1, total: queue.length })
        : t('who.namedLast', { name: option.name }),
    );
    moveTo(next);
  };
  const skip = () => moveTo(nextIndex(index));
  const back = () => moveTo(Math.max(0, index - 1));

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setChosenKey(options[Math.min(options.length - 1, active + 1)]?.key ?? null);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setChosenKey(options[Math.max(0, active - 1)]?.key ?? null);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      confirm(options[active]);
    } else if (event.key === 'PageDown') {
      event.preventDefault();
      skip();
    } else if (event.key === 'PageUp') {
      event.preventDefault();
      back();
    }
  };

  const done = index >= queue.length;
  const activeOption = options[active];
  return (
    <Dialog labelledBy={titleId} className="modal-wide who-dialog" onClose={onClose} testId="who-is-this">
      <h2 id={titleId}>{t('who.title')}</h2>
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="who-announcer">
        {announcement}
      </div>
      {rosterError && (
        <p className="form-error" role="alert">
          {rosterError}
        </p>
      )}
      {done || !card ? (
        <div className="who-done" data-testid="who-done">
          <p>{queue.length === 0 ? t('who.nothing') : t('who.allDone')}</p>
          <div className="button-row">
            <button type="button" className="button button-primary" onClick={onClose}>
              {t('who.close')}
            </button>
          </div>
        </div>
      ) : (
        <>
          <p className="who-progress" data-testid="who-progress">
            {t('who.progress', { n: index + 1, total: queue.length })}
          </p>
          <div className="who-body" data-card-id={card.id}>
            <div>
              <NameRegion card={card} boardId={boardId} token={token} />
              <p className="who-read" data-testid="who-read">
                {reading === undefined ? (
                  t('who.reading')
                ) : reading.text ? (
                  <>
                    {t('who.readAs')} <q>{reading.text}</q>
                  </>
                ) : (
                  t('who.readNothing')
                )}
              </p>
            </div>
            <div>
              <label className="field-label" htmlFor={`${listId}-input`}>
                {t('who.inputLabel')}
              </label>
              <input
                id={`${listId}-input`}
                ref={input}
                className="input"
                role="combobox"
                aria-expanded="true"
                aria-controls={listId}
                aria-autocomplete="list"
                aria-activedescendant={activeOption ? `${listId}-${activeOption.key}` : undefined}
                autoComplete="off"
                spellCheck={false}
                value={query}
                onChange={(event) => setQuery(event.target.value)}
                onKeyDown={onKeyDown}
                data-testid="who-input"
              />
              <div id={listId} className="who-options" role="listbox" aria-label={t('who.options')}>
                {options.map((option, at) => (
                  <div
                    key={option.key}
                    id={`${listId}-${option.key}`}
                    role="option"
                    tabIndex={-1}
                    aria-selected={at === active}
                    className="who-option"
                    onPointerDown={(event) => {
                      // Chosen with the pointer; the keyboard chooses through the combobox input, which keeps focus.
                      event.preventDefault();
                      confirm(option);
                    }}
                  >
                    <span>{option.studentId ? option.name : t('who.useTyped', { name: option.name })}</span>
                    <span className="who-option-note">
                      {option.suggested
                        ? t('who.suggested')
                        : option.taken
                          ? t('who.taken')
                          : !option.studentId
                            ? t('who.notOnRoster')
                            : ''}
                    </span>
                  </div>
                ))}
              </div>
              <p className="who-keys">{t('who.keys')}</p>
              <div className="button-row">
                <button type="button" className="button button-secondary" onClick={back} disabled={index === 0}>
                  {t('who.previous')}
                </button>
                <button type="button" className="button button-secondary" onClick={skip}>
                  {t('who.skip')}
                </button>
              </div>
            </div>
          </div>
        </>
      )}
    </Dialog>
  );
}

/**
 * The name region of the card's first page: the page drawn inside a box of the band's shape,
 * shifted so only the band shows. Not masked (see the module comment).
 */
function NameRegion({ card, boardId, token }: { card: Card; boardId: string; token: string }) {
  const t = useT();
  const { doc } = useBoard();
  const band = nameBandOf(readNameBands(doc), card);
  const page = card.pages[0];
  const [size, setSize] = useState<{ src: string; width: number; height: number } | null>(null);
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  const src = page ? assetUrl(boardId, page, token, 'medium') : null;
  if (!src || failedSrc === src) return <div className="who-region who-region-missing">{t('who.noPage')}</div>;
  const known = size?.src === src ? size : null;
  const ratio = known ? (band.w * known.width) / (band.h * known.height) : 8;
  return (
    <div className="who-region" style={{ aspectRatio: String(ratio) }} data-testid="who-region">
      <img
        src={src}
        alt={t('who.regionAlt')}
        onLoad={(event) => setSize({ src, width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
        onError={() => setFailedSrc(src)}
        style={{
          width: `${100 / band.w}%`,
          left: `${(-band.x / band.w) * 100}%`,
          top: `${(-band.y / band.h) * 100}%`,
          visibility: known ? 'visible' : 'hidden',
        }}
      />
    </div>
  );
}
