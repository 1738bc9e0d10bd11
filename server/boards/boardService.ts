// Creating and deleting boards: the steps that touch storage, assets and live rooms together.
import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { newId } from '../../shared/ids.js';
import { CLOSE_CODES } from '../../shared/protocol.js';
import type { Role } from '../../shared/roles.js';
import { writeMeta } from '../../shared/schema/meta.js';
import { initBoard } from '../../shared/schema/migrations.js';
import { ensureNotSureYetPile } from '../../shared/schema/notSureYet.js';
import { applyTemplate, type BoardTemplate, type TemplateLanguage } from '../../shared/templates.js';
import { newToken } from '../auth.js';
import type { BoardTokens } from '../storage/storage.js';

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

/** Deletes everything of a board: live connections, document, tokens and files. */
export async function deleteBoard(app: FastifyInstance, boardId: string): Promise<boolean> {
  await app.rooms.forget(boardId, CLOSE_CODES.tokenRevoked, 'this board was deleted');
  const existed = await app.storage.deleteBoard(boardId);
  await app.assets.deleteBoard(boardId);
  return existed;
}

/** Issues a new token for `role`; the old one stops working at once, also on open connections. */
export async function rotateToken(app: FastifyInstance, boardId: string, role: Exclude<Role, 'owner'>): Promise<string> {
  const old = (await app.storage.getTokens(boardId))?.[role];
  const token = newToken();
  await app.storage.setToken(boardId, role, token);
  if (old) app.rooms.closePeers(boardId, CLOSE_CODES.tokenRevoked, 'this link was revoked', (peer) => peer.token === old);
  return token;
}
