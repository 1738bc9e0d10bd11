// What marks a card as having been talked about: comments and ink strokes. Each lives in its own
// top-level map (`comments`, `ink`) as a record naming its card (`cardId`), so a card's record stays
// small and drawing on a card never rewrites it. This module only counts them per card, for the
// badge on the board; the modules that write comments and ink own the rest of their records.
import type * as Y from 'yjs';
import { asRecord } from './board.js';

export const ANNOTATION_KINDS = ['comments', 'ink'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

export interface AnnotationCount {
  comments: number;
  ink: number;
}

export function boardAnnotations(doc: Y.Doc, kind: AnnotationKind): Y.Map<unknown> {
  return doc.getMap(kind);
}

/** Comments and ink strokes per card id; cards with neither are absent. */
export function countAnnotations(doc: Y.Doc): Map<string, AnnotationCount> {
  const counts = new Map<string, AnnotationCount>();
  for (const kind of ANNOTATION_KINDS) {
    boardAnnotations(doc, kind).forEach((value) => {
      const cardId = asRecord(value)?.get('cardId');
      if (typeof cardId !== 'string' || !cardId) return;
      const count = counts.get(cardId) ?? { comments: 0, ink: 0 };
      count[kind]++;
      counts.set(cardId, count);
    });
  }
  return counts;
}
