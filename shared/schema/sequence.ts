// Share-out sequences (the five practices' "select, sequence, connect"): the student work a team
// chooses to show the class, in order. A step is one page of one card, optionally cropped to a
// region of it, with a note for the team (why this one, how it connects to the next) and an
// optional question for the class.
//
// Document shape: `sequences: Y.Map<sequenceId, Y.Map>` with `title: string` and
// `steps: Y.Array<Y.Map>`; a step has `cardId`, `page` (index into the card's pages), optional
// `region` ({x, y, w, h}, fractions of that page), `note: Y.Text` and optional `question`.
import * as Y from 'yjs';
import { newId } from '../ids.js';
import { clampPageRect, type PageRect, readPageRect } from '../pageGeometry.js';
import { asRecord } from './board.js';
import { readNumber, readString, readText } from './fields.js';

/** A question is one sentence or two for the class, not an essay. */
export const MAX_QUESTION_LENGTH = 500;
export const MAX_SEQUENCE_TITLE_LENGTH = 120;

export interface SequenceStep {
  /** The step's own id (stable while steps are reordered, so two people can edit different steps). */
  id: string;
  cardId: string;
  /** Index into the card's pages (0 = first page). */
  page: number;
  region: PageRect | null;
  note: string;
  question: string;
}

export interface Sequence {
  id: string;
  title: string;
  steps: SequenceStep[];
}

export interface NewStep {
  cardId: string;
  page?: number;
  region?: PageRect | null;
  note?: string;
  question?: string;
}

export function boardSequences(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap('sequences');
}

function readStep(map: Y.Map<unknown>, index: number): SequenceStep {
  const page = readNumber(map, 'page');
  const question = readString(map, 'question');
  return {
    id: readString(map, 'id') || `step-${index}`,
    cardId: readString(map, 'cardId'),
    page: Number.isInteger(page) && page >= 0 ? page : 0,
    region: readPageRect(map.get('region')),
    note: readText(map, 'note'),
    question: question.slice(0, MAX_QUESTION_LENGTH),
  };
}

function stepsArray(record: Y.Map<unknown>): Y.Array<unknown> | null {
  const steps = record.get('steps');
  return steps instanceof Y.Array ? steps : null;
}

export function readSequence(id: string, record: Y.Map<unknown>): Sequence {
  const steps: SequenceStep[] = [];
  stepsArray(record)?.forEach((value, index) => {
    const map = asRecord(value);
    // A step naming no card is hostile or broken data: it has nothing to show.
    if (map && readString(map, 'cardId')) steps.push(readStep(map, index));
  });
  return { id, title: readString(record, 'title'), steps };
}

/** Every sequence of the board, by title (then id, so two of one title keep their order). */
export function listSequences(doc: Y.Doc): Sequence[] {
  const sequences: Sequence[] = [];
  boardSequences(doc).forEach((value, id) => {
    const record = asRecord(value);
    if (record) sequences.push(readSequence(id, record));
  });
  return sequences.sort((a, b) => a.title.localeCompare(b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function getSequence(doc: Y.Doc, id: string): Sequence | null {
  const record = asRecord(boardSequences(doc).get(id));
  return record ? readSequence(id, record) : null;
}

function stepMap(step: NewStep): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('id', newId());
  map.set('cardId', step.cardId);
  map.set('page', Math.max(0, Math.floor(step.page ?? 0)));
  const region = step.region ? clampPageRect(step.region) : null;
  if (region) map.set('region', region);
  map.set('note', new Y.Text(step.note ?? ''));
  const question = (step.question ?? '').trim().slice(0, MAX_QUESTION_LENGTH);
  if (question) map.set('question', question);
  return map;
}

export function createSequence(doc: Y.Doc, title: string, steps: NewStep[] = [], id = newId()): string {
  const record = new Y.Map<unknown>();
  record.set('title', title.trim().slice(0, MAX_SEQUENCE_TITLE_LENGTH));
  record.set('steps', Y.Array.from(steps.map(stepMap)));
  boardSequences(doc).set(id, record);
  return id;
}

export function renameSequence(doc: Y.Doc, id: string, title: string): void {
  asRecord(boardSequences(doc).get(id))?.set('title', title.trim().slice(0, MAX_SEQUENCE_TITLE_LENGTH));
}

export function deleteSequence(doc: Y.Doc, id: string): void {
  boardSequences(doc).delete(id);
}

function liveSteps(doc: Y.Doc, sequenceId: string): Y.Array<unknown> | null {
  const record = asRecord(boardSequences(doc).get(sequenceId));
  return record ? stepsArray(record) : null;
}

/** Where a step is in the array as stored (hostile entries included), or -1. */
function indexOfStep(steps: Y.Array<unknown>, stepId: string): number {
  return steps.toArray().findIndex((value) => asRecord(value)?.get('id') === stepId);
}

/** Adds a step at `index` (default: the end) and answers its id, or null without that sequence. */
export function addStep(doc: Y.Doc, sequenceId: string, step: NewStep, index?: number): string | null {
  const steps = liveSteps(doc, sequenceId);
  if (!steps) return null;
  const map = stepMap(step);
  const at = index === undefined ? steps.length : Math.max(0, Math.min(steps.length, index));
  steps.insert(at, [map]);
  return map.get('id') as string;
}

export function removeStep(doc: Y.Doc, sequenceId: string, stepId: string): void {
  const steps = liveSteps(doc, sequenceId);
  const at = steps ? indexOfStep(steps, stepId) : -1;
  if (steps && at >= 0) steps.delete(at, 1);
}

/**
 * Moves a step to `toIndex` among the readable steps. Yjs arrays have no move: the step is
 * re-inserted as a copy carrying the same id and the live text of its note, in one transaction.
 */
export function moveStep(doc: Y.Doc, sequenceId: string, stepId: string, toIndex: number): void {
  const steps = liveSteps(doc, sequenceId);
  if (!steps) return;
  const from = indexOfStep(steps, stepId);
  const old = from >= 0 ? asRecord(steps.get(from)) : null;
  if (!old) return;
  const step = readStep(old, from);
  doc.transact(() => {
    steps.delete(from, 1);
    const copy = stepMap(step);
    copy.set('id', step.id);
    steps.insert(Math.max(0, Math.min(steps.length, toIndex)), [copy]);
  });
}

export type StepPatch = Partial<Pick<SequenceStep, 'page' | 'region' | 'question'>>;

export function updateStep(doc: Y.Doc, sequenceId: string, stepId: string, patch: StepPatch): void {
  const steps = liveSteps(doc, sequenceId);
  const at = steps ? indexOfStep(steps, stepId) : -1;
  const map = steps && at >= 0 ? asRecord(steps.get(at)) : null;
  if (!map) return;
  doc.transact(() => {
    if (patch.page !== undefined) map.set('page', Math.max(0, Math.floor(patch.page)));
    if (patch.region !== undefined) {
      const region = patch.region ? clampPageRect(patch.region) : null;
      if (region) map.set('region', region);
      else map.delete('region');
    }
    if (patch.question !== undefined) {
      const question = patch.question.trim().slice(0, MAX_QUESTION_LENGTH);
      if (question) map.set('question', question);
      else map.delete('question');
    }
  });
}

/** The live collaborative text of a step's note, for editors bound to it. */
export function stepNote(doc: Y.Doc, sequenceId: string, stepId: string): Y.Text | null {
  const steps = liveSteps(doc, sequenceId);
  const at = steps ? indexOfStep(steps, stepId) : -1;
  const note = steps && at >= 0 ? asRecord(steps.get(at))?.get('note') : null;
  return note instanceof Y.Text ? note : null;
}
