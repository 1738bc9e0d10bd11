// The HTTP shape of a share-out as the class's link shows it (`GET
// /api/boards/:boardId/sequences/:sequenceId`): declared once, for the server's route and the
// client's share page alike.
import { type Static, Type } from './typeBuilders.js';

export const SharedStepSchema = Type.Object({
  /** The step's picture as a `data:image/jpeg` URL (name band masked, cropped), or null when its page is gone. */
  image: Type.Union([Type.String(), Type.Null()]),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  /** The team's note: why this piece of work, how it connects to the next. */
  note: Type.String(),
  /** The question for the class; empty when none was written. */
  question: Type.String(),
});

export const SharedSequenceSchema = Type.Object({
  title: Type.String(),
  steps: Type.Array(SharedStepSchema),
});

export type SharedStep = Static<typeof SharedStepSchema>;
export type SharedSequence = Static<typeof SharedSequenceSchema>;

/** A sequence's class link, made (or made again) by `POST …/sequences/:sid/share`. */
export const SequenceLinkSchema = Type.Object({ token: Type.String(), url: Type.String() });
export type SequenceLink = Static<typeof SequenceLinkSchema>;

/** The app's address of a share-out page: `/share/<boardId>/<sequenceId>`, the token in the fragment. */
export function shareoutPath(boardId: string, sequenceId: string): string {
  return `/share/${encodeURIComponent(boardId)}/${encodeURIComponent(sequenceId)}`;
}

/** The board and sequence of a share-out page's path, or null for any other page. */
export function shareoutFromPath(pathname: string): { boardId: string; sequenceId: string } | null {
  const match = /^\/share\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1] || !match[2]) return null;
  try {
    return { boardId: decodeURIComponent(match[1]), sequenceId: decodeURIComponent(match[2]) };
  } catch {
    return null;
  }
}
