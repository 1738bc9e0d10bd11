// The protocol's norm, kept in view: a pile whose name sounds like an ability tier ("High",
// "Level 1") carries a small mark under its header, on every screen, until it is renamed or the
// team dismisses it (README, "The practice it serves": group by thinking, never into tiers). The
// mark is a nudge: it never blocks the name, and dismissing it is remembered for that name only.
import { memo } from 'react';
import { PILE_HEADER_HEIGHT } from '#shared/layout.js';
import type { Pile } from '#shared/schema/pile.js';
import { updatePile } from '#shared/schema/pile.js';
import { normalizeTitle, tierReminderShown, tierWords } from '#shared/tierNames.js';
import { useBoard, useBoardSorting, useBoardView } from '../../board/session.js';
import { toScreen } from '../../board/viewport.js';
import { useT } from '../../i18n/index.js';

/** Past this width (px), the mark stops growing with the pile. */
const MAX_MARK_WIDTH = 340;
const MARGIN = 8;

export function TierReminders({ editingPileId }: { editingPileId: string | null }) {
  const { pileMap, layout } = useBoardSorting();
  const { viewport, width, height } = useBoardView();
  const marks = [];
  for (const pile of pileMap.values()) {
    // The title editor shows its own hint while the name is being typed.
    if (pile.id === editingPileId || !tierReminderShown(pile)) continue;
    const rect = layout.pileRects.get(pile.id);
    if (!rect) continue;
    const topLeft = toScreen(viewport, rect);
    const pileWidth = rect.w * viewport.scale;
    const top = topLeft.y + PILE_HEADER_HEIGHT * viewport.scale + 6;
    if (top > height || top + rect.h * viewport.scale < 0 || topLeft.x > width || topLeft.x + pileWidth < 0) continue;
    const markWidth = Math.min(MAX_MARK_WIDTH, Math.max(220, pileWidth - 12), width - 2 * MARGIN);
    // Kept whole on screen: a pile at the edge does not cut its mark off.
    const left = Math.max(MARGIN, Math.min(topLeft.x + 6, width - markWidth - MARGIN));
    marks.push(<TierMark key={pile.id} pile={pile} left={left} top={Math.max(MARGIN, top)} width={markWidth} />);
  }
  return <>{marks}</>;
}

const TierMark = memo(function TierMark({ pile, left, top, width }: { pile: Pile; left: number; top: number; width: number }) {
  const t = useT();
  const { doc, history, canEdit, renamePile } = useBoard();
  const found = tierWords(pile.title) ?? '';
  // Quoted as the team wrote it when the whole name is the tier word ("High", not "high").
  const word = normalizeTitle(pile.title) === found ? pile.title.trim() : found;
  const name = pile.title.trim() || t('pile.untitled');
  return (
    <div className="tier-mark" style={{ left, top, maxWidth: width }} data-testid="tier-mark" data-pile-id={pile.id}>
      <span className="tier-mark-icon" aria-hidden="true">
        !
      </span>
      {canEdit ? (
        <button type="button" className="tier-mark-text" title={t('tier.prompt', { word })} onClick={() => renamePile(pile.id)}>
          {t('tier.mark', { word })}
          <span className="visually-hidden"> {t('tier.markRename', { pile: name })}</span>
        </button>
      ) : (
        <span className="tier-mark-text" title={t('tier.prompt', { word })}>
          {t('tier.mark', { word })}
        </span>
      )}
      {canEdit && (
        <button
          type="button"
          className="tier-mark-dismiss"
          aria-label={t('tier.markDismiss', { pile: name })}
          title={t('tier.markDismiss', { pile: name })}
          onClick={() => history.change(() => updatePile(doc, pile.id, { tierReminderDismissed: pile.title }))}
        >
          ×
        </button>
      )}
    </div>
  );
});
