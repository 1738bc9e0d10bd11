// A card's thread of evidence pins, beside its full-size page: each pin's words, who said it and
// when, the replies, and resolving; making a new pin (drag a box on the page, then say what it
// shows); the ink tools for the page; and spotlighting the card for everyone.
import { type FormEvent, memo, useEffect, useState } from 'react';
import { addPin, MAX_COMMENT_LENGTH, type Pin, replyToPin, setPinResolved } from '#shared/schema/comments.js';
import type { AnnotationEnv } from '../../board/annotationEnv.js';
import { type Translate, useT } from '../../i18n/index.js';
import { type PageAnnotationState, type PageTool, removePin } from './PageAnnotations.js';

export function timeAgo(t: Translate, at: number, now = Date.now()): string {
  const minutes = Math.floor((now - at) / 60_000);
  if (minutes < 1) return t('pins.justNow');
  if (minutes < 60) return t('pins.minutesAgo', { count: minutes });
  if (minutes < 24 * 60) return t('pins.hoursAgo', { count: Math.floor(minutes / 60) });
  return new Date(at).toLocaleDateString();
}

const INK_TOOLS: { tool: PageTool; label: 'ink.none' | 'tools.pen' | 'tools.highlighter' | 'tools.eraser' }[] = [
  { tool: 'look', label: 'ink.none' },
  { tool: 'pen', label: 'tools.pen' },
  { tool: 'highlighter', label: 'tools.highlighter' },
  { tool: 'eraser', label: 'tools.eraser' },
];

export interface PinThreadProps {
  env: AnnotationEnv;
  state: PageAnnotationState;
  cardId: string;
  /** The page shown, where a new pin goes. */
  assetId: string | null;
  /** Every pin of the card, oldest first (their numbers). */
  pins: readonly Pin[];
  /** Page number (1-based) of an asset, for pins on other pages. */
  pageNumber(assetId: string): number;
  onShowPin(pin: Pin): void;
  /** The card view shows the student's work alone: a spotlight shows everyone the same. */
  showingWork?: boolean;
}

export const PinThread = memo(function PinThread({
  env,
  state,
  cardId,
  assetId,
  pins,
  pageNumber,
  onShowPin,
  showingWork = false,
}: PinThreadProps) {
  const t = useT();
  const [text, setText] = useState('');
  const [showResolved, setShowResolved] = useState(false);
  const [spotlit, setSpotlit] = useState(false);
  const { canEdit, presence } = env;
  const resolvedCount = pins.filter((pin) => pin.resolved).length;
  const shown = pins.filter((pin) => showResolved || !pin.resolved || pin.id === state.selectedPin);

  // Closing the card (or turning to another) ends my spotlight.
  useEffect(() => {
    if (!spotlit) return;
    return () => presence.spotlight(null);
  }, [spotlit, presence]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new card is not spotlit until asked.
  useEffect(() => setSpotlit(false), [cardId]);
  const spotlight = () => ({ cardId, ...(state.selectedPin ? { pinId: state.selectedPin } : {}), work: showingWork });
  // Turning to the whole page or to the work while spotlighting turns everyone's view with mine.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the view's change sends it again.
  useEffect(() => {
    if (spotlit) presence.spotlight(spotlight());
  }, [showingWork]);

  const savePin = (event: FormEvent) => {
    event.preventDefault();
    if (!state.draftRegion || !assetId || !text.trim()) return;
    let id: string | null = null;
    env.history.change(() => {
      id = addPin(env.doc, {
        cardId,
        page: assetId,
        region: state.draftRegion as NonNullable<typeof state.draftRegion>,
        text,
        author: env.author,
      });
    });
    setText('');
    state.setDraftRegion(null);
    state.setTool('look');
    if (id) state.setSelectedPin(id);
  };

  return (
    <div className="pin-thread" data-testid="pin-thread">
      <div className="field pin-thread-spotlight">
        <span className="field-label">{t('spotlight.show')}</span>
        <button
          type="button"
          className={spotlit ? 'button button-primary' : 'button button-secondary'}
          aria-pressed={spotlit}
          title={t('spotlight.showHint')}
          onClick={() => {
            if (spotlit) presence.spotlight(null);
            else presence.spotlight(spotlight());
            setSpotlit(!spotlit);
          }}
        >
          {spotlit ? t('spotlight.stop') : t('spotlight.show')}
        </button>
      </div>
      {canEdit && (
        <div className="field pin-thread-ink">
          <span className="field-label">{t('ink.title')}</span>
          <fieldset className="segmented" aria-label={t('ink.title')}>
            {INK_TOOLS.map((each) => (
              <button
                key={each.tool}
                type="button"
                className={state.tool === each.tool ? 'segment segment-active' : 'segment'}
                aria-pressed={state.tool === each.tool}
                data-page-tool={each.tool}
                onClick={() => state.setTool(each.tool)}
              >
                {t(each.label)}
              </button>
            ))}
          </fieldset>
          <p className="field-hint">{t('ink.hint')}</p>
        </div>
      )}
      <section className="field pin-thread-pins" aria-labelledby="pins-title">
        <h3 id="pins-title" className="field-label">
          {t('pins.title')}
        </h3>
        {canEdit && assetId && state.tool !== 'pin' && (
          <button type="button" className="button button-secondary" onClick={() => state.setTool('pin')}>
            {t('pins.add')}
          </button>
        )}
        {state.tool === 'pin' && (
          <form className="pin-new" onSubmit={savePin}>
            <p className="field-hint">{state.draftRegion ? t('pins.addHint') : t('pins.adding')}</p>
            {state.draftRegion && (
              <>
                <label className="visually-hidden" htmlFor="pin-text">
                  {t('pins.textLabel')}
                </label>
                <textarea
                  id="pin-text"
                  className="input textarea"
                  rows={2}
                  maxLength={MAX_COMMENT_LENGTH}
                  placeholder={t('pins.textPlaceholder')}
                  value={text}
                  // biome-ignore lint/a11y/noAutofocus: the box was just drawn; saying what it shows is the next step.
                  autoFocus
                  onChange={(event) => setText(event.target.value)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' && !event.shiftKey) savePin(event);
                  }}
                />
              </>
            )}
            <div className="button-row">
              {state.draftRegion && (
                <button type="submit" className="button button-primary" disabled={!text.trim()}>
                  {t('pins.save')}
                </button>
              )}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  state.setDraftRegion(null);
                  state.setTool('look');
                }}
              >
                {t('pins.cancel')}
              </button>
            </div>
          </form>
        )}
        {pins.length === 0 && state.tool !== 'pin' && <p className="field-hint">{t('pins.empty')}</p>}
        <ol className="pin-list">
          {shown.map((pin) => (
            <PinItem
              key={pin.id}
              env={env}
              pin={pin}
              number={pins.indexOf(pin) + 1}
              page={pageNumber(pin.page)}
              selected={state.selectedPin === pin.id}
              onSelect={() => {
                state.setSelectedPin(pin.id);
                onShowPin(pin);
              }}
            />
          ))}
        </ol>
        {resolvedCount > 0 && (
          <button type="button" className="link-button" onClick={() => setShowResolved(!showResolved)}>
            {showResolved ? t('pins.hideResolved') : t('pins.showResolved', { count: resolvedCount })}
          </button>
        )}
      </section>
    </div>
  );
});

function PinItem({
  env,
  pin,
  number,
  page,
  selected,
  onSelect,
}: {
  env: AnnotationEnv;
  pin: Pin;
  number: number;
  page: number;
  selected: boolean;
  onSelect(): void;
}) {
  const t = useT();
  const [reply, setReply] = useState('');
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (!reply.trim()) return;
    env.history.change(() => replyToPin(env.doc, pin.id, reply, env.author));
    setReply('');
  };
  return (
    <li className={['pin-item', selected ? 'pin-item-selected' : '', pin.resolved ? 'pin-item-resolved' : ''].join(' ')} data-pin={pin.id}>
      <button type="button" className="pin-item-head" onClick={onSelect} title={t('pins.show')}>
        <span className="pin-number" style={{ backgroundColor: pin.author.color }}>
          {number}
        </span>
        <span className="pin-author">{pin.author.name}</span>
        <span className="pin-time">
          {timeAgo(t, pin.createdAt)} · {t('pins.page', { page })}
        </span>
      </button>
      <p className="pin-text">{pin.text}</p>
      {pin.replies.length > 0 && (
        <ul className="pin-replies">
          {pin.replies.map((each) => (
            <li key={each.id} className="pin-reply">
              <span className="pin-author" style={{ color: each.author.color }}>
                {each.author.name}
              </span>{' '}
              <span className="pin-time">{timeAgo(t, each.at)}</span>
              <p className="pin-text">{each.text}</p>
            </li>
          ))}
        </ul>
      )}
      {pin.resolved && pin.resolvedBy && <p className="pin-resolved">✓ {t('pins.resolvedBy', { name: pin.resolvedBy })}</p>}
      {env.canEdit && (
        <>
          {!pin.resolved && (
            <form className="pin-reply-form" onSubmit={send}>
              <input
                className="input"
                aria-label={t('pins.replyLabel')}
                placeholder={t('pins.replyPlaceholder')}
                maxLength={MAX_COMMENT_LENGTH}
                value={reply}
                onChange={(event) => setReply(event.target.value)}
              />
              <button type="submit" className="button button-secondary" disabled={!reply.trim()}>
                {t('pins.reply')}
              </button>
            </form>
          )}
          <div className="button-row">
            <button
              type="button"
              className="link-button"
              onClick={() => env.history.change(() => setPinResolved(env.doc, pin.id, !pin.resolved, env.author.name))}
            >
              {pin.resolved ? t('pins.reopen') : t('pins.resolve')}
            </button>
            <button type="button" className="link-button link-button-danger" onClick={() => removePin(env.doc, env, pin.id)}>
              {t('pins.delete')}
            </button>
          </div>
        </>
      )}
    </li>
  );
}
