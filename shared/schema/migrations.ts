// Schema versions of the board document and the migrations that move old documents forward.
// The server runs them when it loads a board, before any client sees it; a document written by a
// newer server than this one is refused rather than half-understood.
import * as Y from 'yjs';
import { asRecord, boardCards, boardMeta, boardPiles } from './board.js';

export const SCHEMA_VERSION = 1;

interface Migration {
  /** The version this migration produces. */
  version: number;
  description: string;
  up(doc: Y.Doc): void;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'stamp the schema version; give every record the fields contract v1 names',
    up(doc) {
      const meta = boardMeta(doc);
      if (typeof meta.get('title') !== 'string') meta.set('title', '');
      if (typeof meta.get('task') !== 'string') meta.set('task', '');
      boardCards(doc).forEach((value) => {
        const card = asRecord(value);
        if (!card) return;
        if (!(card.get('pages') instanceof Y.Array)) card.set('pages', new Y.Array<string>());
        if (!(card.get('tags') instanceof Y.Array)) card.set('tags', new Y.Array<string>());
        if (card.get('pileId') === undefined) card.set('pileId', null);
      });
      boardPiles(doc).forEach((value) => {
        const pile = asRecord(value);
        if (!pile) return;
        if (!(pile.get('description') instanceof Y.Text)) pile.set('description', new Y.Text());
        if (!(pile.get('nextSteps') instanceof Y.Text)) pile.set('nextSteps', new Y.Text());
      });
    },
  },
];

export class NewerSchemaError extends Error {
  constructor(readonly found: number) {
    super(`This board was saved by a newer version of Worksort (schema ${found}; this server knows ${SCHEMA_VERSION}).`);
  }
}

export function schemaVersionOf(doc: Y.Doc): number {
  const version = boardMeta(doc).get('schemaVersion');
  return typeof version === 'number' && Number.isInteger(version) ? version : 0;
}

/**
 * Brings `doc` up to SCHEMA_VERSION in one transaction with `origin`, and returns the versions
 * it went from and to. Running it twice is harmless: each step runs only from below its version.
 */
export function migrateBoard(doc: Y.Doc, origin: unknown = 'migration'): { from: number; to: number } {
  const from = schemaVersionOf(doc);
  if (from > SCHEMA_VERSION) throw new NewerSchemaError(from);
  if (from === SCHEMA_VERSION) return { from, to: from };
  doc.transact(() => {
    for (const migration of MIGRATIONS) {
      if (migration.version > from) migration.up(doc);
    }
    boardMeta(doc).set('schemaVersion', SCHEMA_VERSION);
  }, origin);
  return { from, to: SCHEMA_VERSION };
}

/** Writes the fields of a brand-new board. */
export function initBoard(doc: Y.Doc, init: { title: string; task: string }, origin: unknown = 'init'): void {
  doc.transact(() => {
    const meta = boardMeta(doc);
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('title', init.title);
    meta.set('task', init.task);
  }, origin);
}
