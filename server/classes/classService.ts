// Creating, editing and deleting classes: the steps that touch class storage, boards and live
// rooms together.
import type { FastifyInstance } from 'fastify';
import { cleanEntry, type RosterEntry, replaceRoster, type Student } from '#shared/classes.js';
import { newId } from '#shared/ids.js';
import { newToken } from '../auth.js';
import { deleteBoard } from '../boards/boardService.js';
import { HttpError } from '../errors.js';
import type { BoardTokens } from '../storage/storage.js';

export interface CreatedClass {
  id: string;
  title: string;
  tokens: BoardTokens;
  students: Student[];
}

/** Student ids are short: they are printed in every cover sheet's code. */
const newStudentId = () => newId(12);

function checkNames(entries: readonly RosterEntry[]): void {
  const blank = entries.findIndex((entry) => cleanEntry(entry).name === '');
  if (blank >= 0) throw new HttpError(400, 'bad_roster', `Student ${blank + 1} of the roster has no name.`);
}

export async function createClass(app: FastifyInstance, title: string, entries: readonly RosterEntry[]): Promise<CreatedClass> {
  checkNames(entries);
  const id = newId(20);
  const tokens: BoardTokens = { owner: newToken(), editor: newToken(), viewer: newToken() };
  const students = replaceRoster([], entries, newStudentId);
  await app.classStore.createClass({ id, title, createdAt: Date.now() }, tokens, students);
  return { id, title, tokens, students };
}

/** Replaces the roster; a student kept by school id or name keeps their `studentId`. */
export async function replaceClassRoster(app: FastifyInstance, classId: string, entries: readonly RosterEntry[]): Promise<Student[]> {
  checkNames(entries);
  const students = replaceRoster(await app.classStore.listStudents(classId), entries, newStudentId);
  await app.classStore.replaceStudents(classId, students);
  return students;
}

/** Deletes every board of the class (documents, files, live connections), then the class. */
export async function deleteClass(app: FastifyInstance, classId: string): Promise<number> {
  const boards = await app.classStore.listBoards(classId);
  for (const board of boards) await deleteBoard(app, board.id);
  await app.classStore.deleteClass(classId);
  return boards.length;
}
