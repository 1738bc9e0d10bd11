// Board-wide fields: schema version, title and the task the students were given.
import type * as Y from 'yjs';
import { boardMeta } from './board.js';
import { readNullableString, readNumber, readString } from './fields.js';

export interface BoardMeta {
  schemaVersion: number;
  title: string;
  task: string;
  /** The class the board was sorted for, if any (README, "Classes"). */
  classId: string | null;
}

export function readMeta(doc: Y.Doc): BoardMeta {
  const meta = boardMeta(doc);
  return {
    schemaVersion: readNumber(meta, 'schemaVersion', 0),
    title: readString(meta, 'title'),
    task: readString(meta, 'task'),
    classId: readNullableString(meta, 'classId'),
  };
}

export function writeMeta(doc: Y.Doc, patch: Partial<Pick<BoardMeta, 'title' | 'task' | 'classId'>>): void {
  const meta = boardMeta(doc);
  doc.transact(() => {
    if (patch.title !== undefined) meta.set('title', patch.title);
    if (patch.task !== undefined) meta.set('task', patch.task);
    if (patch.classId === null) meta.delete('classId');
    else if (patch.classId !== undefined) meta.set('classId', patch.classId);
  });
}
