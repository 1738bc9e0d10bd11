// The class calls of the server's API (README, "Classes"): a roster and the boards a team sorts for
// it, one link per role for all of them, cover sheets, and naming a class board's cards.
import type { BoardRoster, ClassView, NameReading, RosterEntry, Student } from '#shared/classes.js';
import type { Role } from '#shared/roles.js';
import type { BoardTemplate, TemplateLanguage } from '#shared/templates.js';
import { ApiError, type CreatedBoard } from '../../sync/api.js';

export type { BoardRoster, ClassView, NameReading, RosterEntry, Student };

export interface ClassTokens {
  owner: string;
  editor: string;
  viewer: string;
}

export interface CreatedClass {
  id: string;
  title: string;
  tokens: ClassTokens;
  students: Student[];
}

const UNREACHABLE = 'The Worksort server cannot be reached. Check the connection and try again.';

async function call<T>(
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const sent: Record<string, string> = { ...headers };
  if (token) sent.authorization = `Bearer ${token}`;
  if (body !== undefined) sent['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, 'unreachable', UNREACHABLE);
  }
  if (response.ok) return (await response.json()) as T;
  const answer = (await response.json().catch(() => ({}))) as { error?: unknown; message?: unknown };
  throw new ApiError(
    response.status,
    typeof answer.error === 'string' ? answer.error : 'error',
    typeof answer.message === 'string' ? answer.message : `The server answered ${response.status}.`,
  );
}

const classPath = (classId: string) => `/api/classes/${encodeURIComponent(classId)}`;

export function createClass(title: string, students: RosterEntry[]): Promise<CreatedClass> {
  return call('POST', '/api/classes', null, { title, students });
}

export function getClass(classId: string, token: string): Promise<ClassView & { role: Role }> {
  return call('GET', classPath(classId), token);
}

export function getClassTokens(classId: string, token: string): Promise<ClassTokens> {
  return call<{ tokens: ClassTokens }>('GET', `${classPath(classId)}/tokens`, token).then((answer) => answer.tokens);
}

/** Replaces the roster; rows carrying a `studentId` stay that student whatever else changed. */
export function replaceRoster(classId: string, token: string, students: RosterEntry[]): Promise<Student[]> {
  return call<{ students: Student[] }>('PUT', `${classPath(classId)}/students`, token, { students }).then((answer) => answer.students);
}

export function createClassBoard(
  classId: string,
  token: string,
  input: { title: string; task: string; template?: BoardTemplate; language?: TemplateLanguage },
): Promise<CreatedBoard> {
  return call('POST', `${classPath(classId)}/boards`, token, input);
}

/** Moves an existing board into the class: its owner's link must agree (header X-Board-Token). */
export function moveBoardIntoClass(classId: string, token: string, boardId: string, boardOwnerToken: string): Promise<unknown> {
  return call('PUT', `${classPath(classId)}/boards/${encodeURIComponent(boardId)}`, token, undefined, {
    'X-Board-Token': boardOwnerToken,
  });
}

export function coverSheetsPath(classId: string, paper: 'letter' | 'a4'): string {
  return `${classPath(classId)}/cover-sheets.pdf?paper=${paper}`;
}

export function boardRoster(boardId: string, token: string): Promise<BoardRoster> {
  return call('GET', `/api/boards/${encodeURIComponent(boardId)}/roster`, token);
}

export function readCardName(boardId: string, cardId: string, token: string): Promise<NameReading> {
  return call('GET', `/api/boards/${encodeURIComponent(boardId)}/cards/${encodeURIComponent(cardId)}/name-reading`, token);
}

/** The class page: the token rides in the fragment, which browsers never send. */
export function classLink(classId: string, token: string, origin = window.location.origin): string {
  return `${origin}/class/${encodeURIComponent(classId)}#token=${encodeURIComponent(token)}`;
}

/**
 * A student's page within the class (their history over the year), carrying the class token the
 * same way the class page does.
 */
export function studentLink(classId: string, studentId: string, token: string): string {
  return `/class/${encodeURIComponent(classId)}/student/${encodeURIComponent(studentId)}#token=${encodeURIComponent(token)}`;
}

/** The class id of a `/class/<id>` address (not of the pages under it). */
export function classIdFromPath(pathname: string): string | null {
  const match = /^\/class\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

/** A class or board link pasted by a person: its id and token, or null when it is not one. */
export function parseLink(text: string, kind: 'class' | 'b'): { id: string; token: string } | null {
  try {
    const url = new URL(text.trim(), window.location.origin);
    const match = new RegExp(`^/${kind}/([^/]+)/?$`).exec(url.pathname);
    const token = new URLSearchParams(url.hash.replace(/^#/, '')).get('token')?.trim();
    return match?.[1] && token ? { id: decodeURIComponent(match[1]), token } : null;
  } catch {
    return null;
  }
}
