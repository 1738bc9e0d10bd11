// The annotation tool rail: pen, highlighter, eraser, laser and sticky notes. The tools draw
// through the board's stage (board/gestures/annotate.ts) on its layers (board/BoardStage.tsx); my
// annotations are undone with Ctrl-Z like the rest of my changes.
import { useEffect } from 'react';
import type * as Y from 'yjs';
import { boardComments } from '#shared/schema/comments.js';
import { boardInk } from '#shared/schema/ink.js';
import { boardNotes } from '#shared/schema/notes.js';
import { useBoard } from '../../board/session.js';
import { AnnotationTools } from './AnnotationTools.js';
import './annotations.css';

export function BoardAnnotations({ presenting }: { presenting: boolean }) {
  const { doc, history, canEdit, me, tool, setTool } = useBoard();
  const color = me?.color ?? '#34495e';

  useEffect(() => {
    for (const type of [boardInk(doc), boardNotes(doc), boardComments(doc)]) history.addToScope(type as Y.AbstractType<unknown>);
  }, [doc, history]);

  if (presenting) return null;
  return <AnnotationTools tool={tool} color={color} canEdit={canEdit} onTool={setTool} />;
}
