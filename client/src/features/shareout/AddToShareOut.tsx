// "Add to share-out" in a card's full-size view: the page on screen becomes the next step of the
// board's share-out (a new "Share-out" sequence when there is none yet), for everyone at once. The
// step shows the whole page, an evidence pin's box, or a region drawn on the page for the class.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PageRect } from '#shared/pageGeometry.js';
import type { Pin } from '#shared/schema/comments.js';
import { addStep, createSequence } from '#shared/schema/sequence.js';
import { useBoard } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { useSequences } from './useSequences.js';

const WHOLE_PAGE = 'page';
const DRAWN = 'drawn';
const pinChoice = (pinId: string) => `pin:${pinId}`;

/** What part of the page on screen a new step shows, chosen beside the page and drawn on it. */
export interface StepPick {
  /** `page`, `drawn`, or `pin:<id>`. */
  choice: string;
  choose(choice: string): void;
  /** The page is waiting for a box to be dragged over it. */
  drawing: boolean;
  setDrawing(drawing: boolean): void;
  /** A box dragged on the page (unturned page coordinates, 0..1): it becomes the choice. */
  finishDrawing(region: PageRect): void;
  drawn: PageRect | null;
  /** The pins on the page on screen. */
  pins: Pin[];
  /** The region the step will show (unturned page coordinates), or null for the whole page. */
  region: PageRect | null;
}

export function useStepPick(cardId: string, assetId: string | undefined, cardPins: readonly Pin[]): StepPick {
  const [choice, choose] = useState(WHOLE_PAGE);
  const [drawing, setDrawing] = useState(false);
  const [drawn, setDrawn] = useState<PageRect | null>(null);
  const pins = useMemo(() => cardPins.filter((pin) => pin.page === assetId), [cardPins, assetId]);
  // Another page or card starts again from the whole page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: resetting on the page's identity is the point.
  useEffect(() => {
    choose(WHOLE_PAGE);
    setDrawing(false);
    setDrawn(null);
  }, [cardId, assetId]);
  const finishDrawing = useCallback((region: PageRect) => {
    setDrawn(region);
    choose(DRAWN);
    setDrawing(false);
  }, []);
  const region =
    choice === DRAWN ? drawn : choice.startsWith('pin:') ? (pins.find((pin) => pinChoice(pin.id) === choice)?.region ?? null) : null;
  return { choice, choose, drawing, setDrawing, finishDrawing, drawn, pins, region };
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;
const sameRegion = (a: PageRect | null, b: PageRect | null) =>
  a === null || b === null ? a === b : near(a.x, b.x) && near(a.y, b.y) && near(a.w, b.w) && near(a.h, b.h);

export function AddToShareOut({ cardId, page, pick }: { cardId: string; page: number; pick: StepPick }) {
  const t = useT();
  const { doc, history, canEdit } = useBoard();
  const sequences = useSequences();
  const [added, setAdded] = useState<string | null>(null);
  if (!canEdit) return null;
  const target = sequences[0] ?? null;
  const { region } = pick;
  const inTarget = target?.steps.some((step) => step.cardId === cardId && step.page === page && sameRegion(step.region, region)) ?? false;

  const add = () => {
    let title = target?.title ?? '';
    history.change(() => {
      const sequenceId = target?.id ?? createSequence(doc, t('shareout.defaultTitle'));
      if (!target) title = t('shareout.defaultTitle');
      addStep(doc, sequenceId, { cardId, page, region });
    });
    setAdded(title || t('shareout.untitled'));
  };

  return (
    <div className="field shareout-add">
      <span className="field-label">{t('shareout.panelTitle')}</span>
      <label className="shareout-add-show">
        <span className="field-hint">{t('shareout.show')}</span>
        <select
          className="input"
          value={pick.choice}
          onChange={(event) => pick.choose(event.target.value)}
          data-testid="shareout-show"
          disabled={pick.drawing}
        >
          <option value={WHOLE_PAGE}>{t('shareout.showPage')}</option>
          {pick.pins.map((pin) => (
            <option key={pin.id} value={pinChoice(pin.id)}>
              {t('shareout.showPin', { text: pin.text.length > 60 ? `${pin.text.slice(0, 59)}…` : pin.text })}
            </option>
          ))}
          {pick.drawn && <option value={DRAWN}>{t('shareout.showDrawn')}</option>}
        </select>
      </label>
      <div className="button-row shareout-add-buttons">
        <button
          type="button"
          className="button button-secondary"
          onClick={() => pick.setDrawing(!pick.drawing)}
          aria-pressed={pick.drawing}
          data-testid="shareout-draw"
        >
          {pick.drawing ? t('shareout.cancelDraw') : t('shareout.draw')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={add}
          disabled={inTarget || pick.drawing}
          data-testid="add-to-shareout"
        >
          {inTarget ? t('shareout.inSequence') : t('shareout.add')}
        </button>
      </div>
      <p className="field-hint" role="status">
        {pick.drawing ? t('shareout.drawing') : added ? t('shareout.added', { title: added }) : t('shareout.addHint')}
      </p>
    </div>
  );
}
