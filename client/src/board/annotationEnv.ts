// What annotation panels need from the board they are on (document, my history and presence, who
// I am as an author, whether I may edit, how to open a pin): a part of the board session.
import { type BoardSession, useOptionalBoard } from './session.js';

export type AnnotationEnv = Pick<BoardSession, 'doc' | 'history' | 'presence' | 'awareness' | 'author' | 'canEdit' | 'openPin' | 'labelOf'>;

/** The board session seen by annotation panels; null off a board, where they show no annotations. */
export function useAnnotationEnv(): AnnotationEnv | null {
  return useOptionalBoard();
}
