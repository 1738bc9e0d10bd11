// A class's boards read together, as the browser asks for them (README, "Classes"): the class,
// a student's year, the movement between boards, and the same task across classrooms. Every call
// carries a class token; the pages that use them read it from the address's fragment.

import type { ClassComparison } from '#shared/classComparison.js';
import type { ClassMovement } from '#shared/movement.js';
import type { HistoryEntry } from '#shared/studentHistory.js';
import { ApiError } from './api.js';
import { tokenFromHash } from './token.js';

async function getJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, cache: 'no-store', referrerPolicy: 'no-referrer' });
  } catch {
    throw new ApiError(0, 'unreachable', 'The Worksort server cannot be reached. Check the connection and try again.');
  }
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
  throw new ApiError(response.status, body.error ?? 'error', body.message ?? `The server answered ${response.status}.`);
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const names = (hidden: boolean) => (hidden ? '?names=hidden' : '');

export function getStudentHistory(classId: string, studentId: string, token: string, namesHidden: boolean): Promise<HistoryEntry[]> {
  return getJson(`/api/classes/${encodeURIComponent(classId)}/students/${encodeURIComponent(studentId)}/history${names(namesHidden)}`, {
    headers: bearer(token),
  });
}

export function getClassMovement(classId: string, token: string, namesHidden: boolean): Promise<ClassMovement> {
  return getJson(`/api/classes/${encodeURIComponent(classId)}/movement${names(namesHidden)}`, { headers: bearer(token) });
}

export function compareClasses(classes: { classId: string; token: string }[], namesShown: boolean): Promise<ClassComparison> {
  return getJson('/api/classes/comparison', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ classes, names: namesShown ? 'shown' : 'hidden' }),
  });
}

/** Where a class's pages live: `/class/<id>`, `/class/<id>/student/<studentId>`, `/class/<id>/movement`. */
export type ClassPlace =
  | { classId: string; view: 'class' }
  | { classId: string; view: 'movement' }
  | { classId: string; view: 'student'; studentId: string };

export function classPlaceFromPath(pathname: string): ClassPlace | null {
  const match = /^\/class\/([^/]+)(?:\/(student)\/([^/]+)|\/(movement))?\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    const classId = decodeURIComponent(match[1]);
    if (match[2] && match[3]) return { classId, view: 'student', studentId: decodeURIComponent(match[3]) };
    if (match[4]) return { classId, view: 'movement' };
    return { classId, view: 'class' };
  } catch {
    return null;
  }
}

/** The token and the names setting a class page's fragment carries: `#token=…&names=hidden`. */
export function classFragment(hash: string): { token: string | null; namesHidden: boolean } {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return { token: tokenFromHash(hash), namesHidden: params.get('names') === 'hidden' };
}

function fragment(token: string, namesHidden: boolean): string {
  const params = new URLSearchParams({ token });
  if (namesHidden) params.set('names', 'hidden');
  return `#${params}`;
}

/** A student's page, with the class token in the fragment (never sent to the server). */
export function studentPagePath(classId: string, studentId: string, token: string, namesHidden = false): string {
  return `/class/${encodeURIComponent(classId)}/student/${encodeURIComponent(studentId)}${fragment(token, namesHidden)}`;
}

export function movementPagePath(classId: string, token: string, namesHidden = false): string {
  return `/class/${encodeURIComponent(classId)}/movement${fragment(token, namesHidden)}`;
}

export function classPagePath(classId: string, token: string, namesHidden = false): string {
  return `/class/${encodeURIComponent(classId)}${fragment(token, namesHidden)}`;
}
