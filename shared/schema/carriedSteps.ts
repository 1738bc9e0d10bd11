// The previous board's next steps, carried forward onto a class's new board as a checklist the
// team ticks off ("did we do this?") before looking at the new work (README, "The practice it
// serves": the inquiry cycle). Kept in the top-level `carriedSteps` map, one record per step,
// written once by the server when the board is made; only `done` changes afterwards.
import * as Y from 'yjs';
import { DEFAULT_PILE_COLOR } from '../colors.js';
import { newId } from '../ids.js';
import { asRecord, type RecordMap } from './board.js';
import { readBoolean, readColor, readNumber, readString } from './fields.js';

/** A pile's next steps rarely run past a handful of lines; a pasted essay stays one step per line up to this. */
const MAX_STEPS_PER_PILE = 20;
const MAX_STEP_LENGTH = 500;
/**
 * A list marker at the start of a line: a dash, a star, a bullet (• ‣ ◦), `1.`, `a)`. Written as a
 * string because the bundler keeps a regex literal's bullets as they are, and one character
 * beyond Latin-1 makes Node hold the whole server bundle file as two-byte text.
 */
// biome-ignore lint/complexity/useRegexLiterals: a literal's bullets would reach the bundle as they are (above)
const LIST_MARKER = new RegExp('^\\s*(?:[-*\\u2022\\u2023\\u25e6]|\\d{1,3}[.)]|[a-z][.)])\\s+', 'i');

export interface CarriedStep {
  id: string;
  /** The board the step was written on. */
  fromBoardId: string;
  fromBoardTitle: string;
  /** The pile (strategy) it was written for, as it was then. */
  pileTitle: string;
  pileColor: string;
  text: string;
  /** Place in the checklist: the old board's trajectory, then the step's line within its pile. */
  order: number;
  done: boolean;
}

export function boardCarriedSteps(doc: Y.Doc): Y.Map<RecordMap> {
  return doc.getMap('carriedSteps');
}

export function listCarriedSteps(doc: Y.Doc): CarriedStep[] {
  const steps: CarriedStep[] = [];
  boardCarriedSteps(doc).forEach((value, id) => {
    const map = asRecord(value);
    if (!map) return;
    const text = readString(map, 'text');
    if (!text) return;
    steps.push({
      id,
      fromBoardId: readString(map, 'fromBoardId'),
      fromBoardTitle: readString(map, 'fromBoardTitle'),
      pileTitle: readString(map, 'pileTitle'),
      pileColor: readColor(map, 'pileColor', DEFAULT_PILE_COLOR),
      text,
      order: readNumber(map, 'order'),
      done: readBoolean(map, 'done'),
    });
  });
  return steps.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The separate steps of a pile's next steps: one per line, list marks (`-`, `*`, `•`, `1.`, `a)`)
 * and blank lines dropped. Text written as one paragraph is one step.
 */
export function splitNextSteps(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(LIST_MARKER, '').trim().slice(0, MAX_STEP_LENGTH))
    .filter((line) => line.length > 0)
    .slice(0, MAX_STEPS_PER_PILE);
}

/** What one pile of the previous board hands on: its title, colour and next steps, in trajectory order. */
export interface PileNextSteps {
  title: string;
  color: string;
  nextSteps: string;
}

/** Writes the checklist (in the caller's transaction, if any); answers how many steps it wrote. */
export function carryNextSteps(doc: Y.Doc, from: { id: string; title: string }, piles: readonly PileNextSteps[]): number {
  const map = boardCarriedSteps(doc);
  let order = 0;
  doc.transact(() => {
    for (const pile of piles) {
      for (const text of splitNextSteps(pile.nextSteps)) {
        const record = new Y.Map<unknown>();
        record.set('fromBoardId', from.id);
        record.set('fromBoardTitle', from.title);
        record.set('pileTitle', pile.title);
        record.set('pileColor', pile.color);
        record.set('text', text);
        record.set('order', order++);
        record.set('done', false);
        map.set(newId(10), record);
      }
    }
  });
  return order;
}

export function setCarriedStepDone(doc: Y.Doc, id: string, done: boolean): void {
  const map = asRecord(boardCarriedSteps(doc).get(id));
  if (map && readBoolean(map, 'done') !== done) map.set('done', done);
}
