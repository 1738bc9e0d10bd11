// Renaming a pile: a text field laid exactly over the pile's header on the canvas. Enter or
// leaving the field saves; Escape cancels.
import { useEffect, useRef, useState } from 'react';
import { PILE_HEADER_HEIGHT, type Rect } from '#shared/layout.js';
import type { Pile } from '#shared/schema/pile.js';
import { useBoardView } from '../../board/session.js';
import { textOn } from '../../board/theme.js';
import { toScreen, type Viewport } from '../../board/viewport.js';
import { useT } from '../../i18n/index.js';
import { TierHint } from '../../ui/TierHint.js';

export interface PileTitleEditorProps {
  pile: Pile;
  /** Where the pile is drawn. */
  rect: Rect;
  viewport: Viewport;
  onCommit(title: string): void;
  onCancel(): void;
}

export const MAX_PILE_TITLE = 120;

export function PileTitleEditor({ pile, rect, viewport, onCommit, onCancel }: PileTitleEditorProps) {
  const t = useT();
  const [title, setTitle] = useState(pile.title);
  const input = useRef<HTMLInputElement>(null);
  const done = useRef(false);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    const clean = title.trim().slice(0, MAX_PILE_TITLE);
    if (save && clean) onCommit(clean);
    else onCancel();
  };

  const area = useBoardView();
  const topLeft = toScreen(viewport, rect);
  // The reminder stays whole on screen, however near the edge the pile is.
  const hintWidth = Math.min(Math.max(260, rect.w * viewport.scale), area.width - 16);
  const hintLeft = Math.max(8, Math.min(topLeft.x, area.width - hintWidth - 8));
  const fontSize = Math.max(16, 26 * viewport.scale);
  const height = Math.max(fontSize + 12, PILE_HEADER_HEIGHT * viewport.scale);
  return (
    <>
      <input
        ref={input}
        className="pile-title-editor"
        aria-label={t('pileEditor.title')}
        maxLength={MAX_PILE_TITLE}
        value={title}
        style={{
          left: topLeft.x,
          top: topLeft.y,
          width: Math.max(200, rect.w * viewport.scale),
          height,
          fontSize,
          backgroundColor: pile.color,
          color: textOn(pile.color),
        }}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') finish(true);
          if (event.key === 'Escape') finish(false);
        }}
        onBlur={() => finish(true)}
      />
      <div className="pile-title-tier-hint" style={{ left: hintLeft, top: topLeft.y + height + 4, width: hintWidth }}>
        <TierHint title={title} />
      </div>
    </>
  );
}
