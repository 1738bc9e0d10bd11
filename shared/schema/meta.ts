// Board-wide fields: schema version, title and the task the students were given.
import type * as Y from 'yjs';
import { boardMeta } from './board.js';
import { readNumber, readString } from './fields.js';

export interface BoardMeta {
  schemaVersion: number;
  title: string;
  task: string;
}

export function readMeta(doc: Y.Doc): BoardMeta {
  const meta = boardMeta(doc);
  return {
    schemaVersion: readNumber(meta, 'schemaVersion', 0),
    title: readString(meta, 'title'),
    task: readString(meta, 'task'),
  };
}

export function writeMeta(doc: Y.Doc, patch: Partial<Pick<BoardMeta, 'title' | 'task'>>): void {
  const meta = boardMeta(doc);
  doc.transact(() => {
    if (patch.title !== undefined) meta.set('title', patch.title);
    if (patch.task !== undefined) meta.set('task', patch.task);
  });
}
