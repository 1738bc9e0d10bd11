// What the server keeps of classes (README, "Classes"), whichever engine is behind it: the
// class, its roster, its team tokens and which boards belong to it. Kept beside the board storage,
// in tables of its own, so boards work the same with or without a class.
import type { Role } from '#shared/roles.js';
import type { BoardTokens, TokenGrant } from './storage.js';

export interface ClassRecord {
  id: string;
  title: string;
  createdAt: number;
}

export interface StudentRecord {
  studentId: string;
  name: string;
  /** The school's id of the student, when the roster has one. */
  id?: string;
}

export interface ClassBoardRecord {
  id: string;
  title: string;
  createdAt: number;
}

export interface ClassStorage {
  createClass(record: ClassRecord, tokens: BoardTokens, students: StudentRecord[]): Promise<void>;
  getClass(classId: string): Promise<ClassRecord | null>;
  /** The roster, in the order the teacher gave it. */
  listStudents(classId: string): Promise<StudentRecord[]>;
  /** Replaces the roster in one transaction. */
  replaceStudents(classId: string, students: StudentRecord[]): Promise<void>;
  /** Deletes the class, its roster and its tokens (its boards are the caller's to delete first). */
  deleteClass(classId: string): Promise<boolean>;
  /**
   * The one place a class token is checked: the class and role it grants, or null. Like board
   * tokens, class tokens are stored only as keyed hashes (server/storage/tokenSecrets.ts).
   */
  findClassToken(token: string): Promise<{ classId: string; role: Role } | null>;
  /**
   * The class's three links, for the holder of its owner link: the editor and viewer links are
   * kept sealed under the owner token, as a board's are. Null for any other token, or for a class
   * made before links were sealed.
   */
  getClassTokens(classId: string, ownerToken: string): Promise<BoardTokens | null>;
  /** Puts a board in a class (a board is in at most one). */
  addBoard(classId: string, boardId: string): Promise<void>;
  /** The class of a board, or null. */
  classOfBoard(boardId: string): Promise<string | null>;
  /** A class's boards, oldest first. */
  listBoards(classId: string): Promise<ClassBoardRecord[]>;
  close(): Promise<void>;
}

/**
 * What a class token grants on a board: the token's role, when the board is one of the token's
 * class's boards; otherwise nothing (a class token is no token at all for other boards).
 */
/** The salt classes' links are sealed under: never the same key as a board's of the same id. */
export const classSealingId = (classId: string) => `class:${classId}`;

export async function classGrantOnBoard(classes: ClassStorage, token: string, boardId: string): Promise<TokenGrant | null> {
  const grant = await classes.findClassToken(token);
  if (!grant) return null;
  const classId = await classes.classOfBoard(boardId);
  return classId === grant.classId ? { boardId, role: grant.role } : null;
}
