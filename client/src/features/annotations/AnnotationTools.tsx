// The tool rail on the board's left edge: select, pen, highlighter, eraser, laser, sticky note.
// Keys V, P, H, E, L and S pick them (never while typing); Escape goes back to selecting.
import { memo, useEffect } from 'react';
import type { BoardTool } from '../../board/session.js';
import { type MessageKey, useT } from '../../i18n/index.js';

interface ToolDef {
  tool: BoardTool;
  key: string;
  label: MessageKey;
  /** The word under the icon. */
  short: MessageKey;
  hint: MessageKey;
  icon: string;
  /** Changes the board: viewers have only the laser. */
  edits: boolean;
}

const TOOLS: ToolDef[] = [
  {
    tool: 'select',
    short: 'rail.select',
    key: 'v',
    label: 'tools.select',
    hint: 'tools.selectHint',
    icon: 'M5 3 L5 19 L9.5 15 L12.5 21.5 L15 20.3 L12 14 L18 14 Z',
    edits: false,
  },
  {
    tool: 'pen',
    short: 'rail.pen',
    key: 'p',
    label: 'tools.pen',
    hint: 'tools.penHint',
    icon: 'M4 20 L5 15 L16 4 L20 8 L9 19 Z M14 6 L18 10',
    edits: true,
  },
  {
    tool: 'highlighter',
    short: 'rail.highlighter',
    key: 'h',
    label: 'tools.highlighter',
    hint: 'tools.highlighterHint',
    icon: 'M6 14 L14 6 L19 11 L11 19 Z M6 14 L4 20 L11 19',
    edits: true,
  },
  {
    tool: 'eraser',
    short: 'rail.eraser',
    key: 'e',
    label: 'tools.eraser',
    hint: 'tools.eraserHint',
    icon: 'M4 15 L13 6 L19 12 L12 19 L7 19 Z M9 10 L15 16 M12 19 L20 19',
    edits: true,
  },
  {
    tool: 'laser',
    short: 'rail.laser',
    key: 'l',
    label: 'tools.laser',
    hint: 'tools.laserHint',
    icon: 'M12 12 m-3 0 a3 3 0 1 0 6 0 a3 3 0 1 0 -6 0 M12 2 L12 6 M12 18 L12 22 M2 12 L6 12 M18 12 L22 12',
    edits: false,
  },
  {
    tool: 'note',
    short: 'rail.note',
    key: 's',
    label: 'tools.note',
    hint: 'tools.noteHint',
    icon: 'M4 4 L20 4 L20 14 L14 20 L4 20 Z M14 20 L14 14 L20 14',
    edits: true,
  },
];

export const AnnotationTools = memo(function AnnotationTools({
  tool,
  color,
  canEdit,
  onTool,
}: {
  tool: BoardTool;
  color: string;
  canEdit: boolean;
  onTool(tool: BoardTool): void;
}) {
  const t = useT();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]') || event.ctrlKey || event.metaKey || event.altKey) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      if (event.key === 'Escape') {
        if (tool !== 'select') onTool('select');
        return;
      }
      const found = TOOLS.find((each) => each.key === event.key.toLowerCase() && (canEdit || !each.edits));
      if (!found) return;
      event.preventDefault();
      onTool(found.tool);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [tool, canEdit, onTool]);
  return (
    <div className="annotation-tools" role="toolbar" aria-label={t('tools.group')} aria-orientation="vertical">
      {TOOLS.filter((each) => canEdit || !each.edits).map((each) => (
        <button
          key={each.tool}
          type="button"
          className={each.tool === tool ? 'tool-button tool-button-active' : 'tool-button'}
          aria-pressed={each.tool === tool}
          aria-label={t(each.label)}
          title={t(each.hint)}
          data-tool={each.tool}
          onClick={() => onTool(each.tool)}
          style={
            each.tool === tool && (each.tool === 'pen' || each.tool === 'highlighter' || each.tool === 'laser') ? { color } : undefined
          }
        >
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
            <path d={each.icon} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" strokeLinecap="round" />
          </svg>
          <span className="tool-button-label" aria-hidden="true">
            {t(each.short)}
          </span>
        </button>
      ))}
    </div>
  );
});
