// Creating and deleting boards: the steps that touch storage, assets and live rooms together.
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { newId } from '#shared/ids.js';
import type { Role } from '#shared/roles.js';
import { writeMeta } from '#shared/schema/meta.js';
import { initBoard } from '#shared/schema/migrations.js';
import { ensureNotSureYetPile } from '#shared/schema/notSureYet.js';
import { CLOSE_CODES } from '#shared/syncWire.js';
import { applyTemplate, type BoardTemplate, type TemplateLanguage } from '#shared/templates.js';
import { newToken } from '../auth.js';
import { unauthorized } from '../errors.js';
import type { BoardTokens } from '../storage/storage.js';
import { BOARD_DELETED_REASON } from '../sync/revocation.js';

export interface CreatedBoard {
  id: string;
  title: string;
  tokens: BoardTokens;
}

export interface NewBoard {
  title: string;
  task: string;
  /** The protocol the team follows: starter tags, or the piles of a mastery sort (shared/templates.ts). */
  template?: BoardTemplate;
  /** Language of the template's tags and pile titles. */
  language?: TemplateLanguage;
  /** The class the board is sorted for (its `meta.classId`); the caller lists it in the class. */
  classId?: string;
}

export async function createBoard(app: FastifyInstance, init: NewBoard): Promise<CreatedBoard> {
  const id = newId(20);
  const tokens: BoardTokens = { owner: newToken(), editor: newToken(), viewer: newToken() };
  const doc = new Y.Doc();
  initBoard(doc, { title: init.title, task: init.task });
  if (init.classId) writeMeta(doc, { classId: init.classId });
  if (init.template) {
    applyTemplate(doc, init.template, init.language);
    // Every board the app makes has somewhere to put work the team cannot place yet (issue 5).
    ensureNotSureYetPile(doc, init.language);
  }
  await app.storage.createBoard({ id, title: init.title, createdAt: Date.now() }, tokens, Y.encodeStateAsUpdate(doc));
  doc.destroy();
  return { id, title: init.title, tokens };
}

/**
 * Deletes everything of a board: live connections on every process, document, tokens and files.
 * Its connections here are closed before and after the rows go, so one that reconnected in
 * between (its token was still valid) is closed too.
 */
export async function deleteBoard(app: FastifyInstance, boardId: string): Promise<boolean> {
  await app.rooms.forget(boardId, CLOSE_CODES.tokenRevoked, BOARD_DELETED_REASON);
  const existed = await app.storage.deleteBoard(boardId);
  await app.assets.deleteBoard(boardId);
  await app.revocation.deleteBoard(boardId);
  return existed;
}

/**
 * Issues a new token for `role` (the owner's too), with the owner token in hand: the old one stops
 * working at once, and its open connections are closed on every process.
 */
export async function rotateToken(app: FastifyInstance, boardId: string, role: Role, ownerToken: string): Promise<string> {
  const old = role === 'owner' ? ownerToken : (await app.storage.getTokens(boardId, ownerToken))?.[role];
  const token = newToken();
  if (!(await app.storage.setToken(boardId, role, token, ownerToken))) throw unauthorized();
  if (old) await app.revocation.revokeToken(boardId, app.tokenSecrets.hash(old));
  return token;
}
