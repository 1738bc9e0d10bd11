// What annotation panels need from the board they are on (document, my history and presence, who
// I am, whether I may edit, how to open a pin), handed down once by the board page.
import { createContext, useContext } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Author } from '../../../shared/schema/comments.js';
import type { History } from '../sync/history.js';
import type { Presence } from '../sync/presence.js';

export interface AnnotationEnv {
  doc: Y.Doc;
  history: History;
  presence: Presence;
  awareness: Awareness;
  me: Author;
  canEdit: boolean;
  /** Opens a card's full-size view at a pin's region. */
  openPin(pinId: string): void;
  /** The label of a card as shown now (`Student 7` while names are hidden). */
  labelOf(cardId: string): string;
}

export const AnnotationEnvContext = createContext<AnnotationEnv | null>(null);

export function useAnnotationEnv(): AnnotationEnv | null {
  return useContext(AnnotationEnvContext);
}
