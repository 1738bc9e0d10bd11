// The server's HTTP API as the browser uses it (README, "The API").

import type { Static } from 'typebox';
import type {
  BoardInfo,
  BoardLinksSchema,
  BoardTokens,
  Comparison,
  CreateBoardBody,
  CreatedBoard,
  ErrorBody,
  RestoreResult,
  RotatedTokenSchema,
  Snapshot,
  UploadResult,
  UploadStage,
} from '#shared/api.js';

export type { BoardInfo, Comparison, CreatedBoard, Snapshot, UploadResult, UploadStage } from '#shared/api.js';

/** A failure the person can act on: `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, cache: 'no-store', referrerPolicy: 'no-referrer' });
  } catch {
    throw new ApiError(0, 'unreachable', 'The Worksort server cannot be reached. Check the connection and try again.');
  }
  if (response.ok) return (await response.json()) as T;
  let code = 'error';
  let message = `The server answered ${response.status}.`;
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    if (typeof body.error === 'string') code = body.error;
    if (typeof body.message === 'string') message = body.message;
  } catch {
    // Not JSON (a proxy's error page, say): the status line is all we can tell.
  }
  throw new ApiError(response.status, code, message);
}

export function createBoard(input: CreateBoardBody): Promise<CreatedBoard> {
  return request('/api/boards', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
}

export function createDemoBoard(): Promise<CreatedBoard> {
  return request('/api/demo-boards', { method: 'POST' });
}

export function getBoard(boardId: string, token: string): Promise<BoardInfo> {
  return request(`/api/boards/${encodeURIComponent(boardId)}`, { headers: { authorization: `Bearer ${token}` } });
}

export type AssetSize = 'tiny' | 'thumb' | 'medium' | 'full';

/** `<img>` cannot send headers, so asset URLs carry the token as a query parameter (the contract's way). */
export function assetUrl(boardId: string, assetId: string, token: string, size: AssetSize): string {
  const query = new URLSearchParams({ size, token });
  return `/api/boards/${encodeURIComponent(boardId)}/assets/${encodeURIComponent(assetId)}?${query}`;
}

/** The link that opens a board: the token rides in the fragment, which browsers never send. */
export function boardLink(boardId: string, token: string, origin = window.location.origin): string {
  return `${origin}/b/${encodeURIComponent(boardId)}#token=${encodeURIComponent(token)}`;
}

/** The board's current links (owner only). */
export function getBoardTokens(boardId: string, token: string): Promise<BoardTokens> {
  return request<Static<typeof BoardLinksSchema>>(`/api/boards/${encodeURIComponent(boardId)}/tokens`, {
    headers: { authorization: `Bearer ${token}` },
  }).then((body) => body.tokens);
}

/** A new link for one role (owner only); the old link stops working at once. */
export function rotateBoardToken(boardId: string, token: string, role: 'editor' | 'viewer'): Promise<string> {
  return request<Static<typeof RotatedTokenSchema>>(`/api/boards/${encodeURIComponent(boardId)}/tokens/${role}/rotate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  }).then((body) => body.token);
}

/** Where the owner downloads everything of a board as one zip (issue 7). */
export function archivePath(boardId: string): string {
  return `/api/boards/${encodeURIComponent(boardId)}/archive.zip`;
}

/** Deletes the board with its snapshots and files, for everyone and for good (owner only). */
export async function deleteBoard(boardId: string, token: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(`/api/boards/${encodeURIComponent(boardId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, 'unreachable', 'The Worksort server cannot be reached. Check the connection and try again.');
  }
  if (response.ok) return;
  const body = (await response.json().catch(() => ({}))) as Partial<ErrorBody>;
  throw new ApiError(
    response.status,
    typeof body.error === 'string' ? body.error : 'error',
    typeof body.message === 'string' ? body.message : `The server answered ${response.status}.`,
  );
}

// ---------- Uploads (README, "The API") ----------

/** A new id for an upload's progress: unguessable, so only its sender reads it. */
export function newUploadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function getUploadStage(boardId: string, token: string, uploadId: string): Promise<UploadStage> {
  return request(`/api/boards/${encodeURIComponent(boardId)}/uploads/${encodeURIComponent(uploadId)}/progress`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

/**
 * Sends one file. XMLHttpRequest rather than fetch because only it reports upload progress;
 * `onProgress` gets 0…1 while the bytes travel, then the server reads the pages until it answers.
 */
export function uploadFile(
  boardId: string,
  token: string,
  file: File,
  pagesPerStudent: number,
  onProgress: (fraction: number) => void,
  uploadId?: string,
): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    form.append('pagesPerStudent', String(pagesPerStudent));
    form.append('files', file, file.name);
    const xhr = new XMLHttpRequest();
    const query = uploadId ? `?progress=${encodeURIComponent(uploadId)}` : '';
    xhr.open('POST', `/api/boards/${encodeURIComponent(boardId)}/uploads${query}`);
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.upload.onload = () => onProgress(1);
    xhr.onerror = () =>
      reject(new ApiError(0, 'unreachable', 'The Worksort server cannot be reached. Check the connection and try again.'));
    xhr.onload = () => {
      const body = xhr.response as Partial<UploadResult> & Partial<ErrorBody>;
      if (xhr.status >= 200 && xhr.status < 300 && body && Array.isArray(body.cards)) {
        resolve({ cards: body.cards, skippedBlankPages: body.skippedBlankPages ?? 0 });
        return;
      }
      const message = body && typeof body.message === 'string' ? body.message : `The server answered ${xhr.status}.`;
      reject(new ApiError(xhr.status, body && typeof body.error === 'string' ? body.error : 'error', message));
    };
    xhr.send(form);
  });
}

// ---------- Snapshots, exports and comparisons (README, "The API") ----------

const boardPath = (boardId: string) => `/api/boards/${encodeURIComponent(boardId)}`;

export function listSnapshots(boardId: string, token: string): Promise<Snapshot[]> {
  return request(`${boardPath(boardId)}/snapshots`, { headers: { authorization: `Bearer ${token}` } });
}

export function saveSnapshot(boardId: string, token: string, name: string): Promise<Snapshot> {
  return request(`${boardPath(boardId)}/snapshots`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
}

export function restoreSnapshot(boardId: string, token: string, snapshotId: string): Promise<RestoreResult> {
  return request(`${boardPath(boardId)}/snapshots/${encodeURIComponent(snapshotId)}/restore`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
}

export type ExportFormat = 'csv' | 'json' | 'pdf';

/** `snapshotId` null is the live board. */
export function exportPath(boardId: string, snapshotId: string | null, format: ExportFormat, hideNames: boolean): string {
  const base = snapshotId ? `${boardPath(boardId)}/snapshots/${encodeURIComponent(snapshotId)}` : boardPath(boardId);
  const query = new URLSearchParams();
  if (hideNames) query.set('names', 'hidden');
  if (format === 'pdf') query.set('tz', Intl.DateTimeFormat().resolvedOptions().timeZone);
  const search = query.toString();
  return `${base}/export.${format}${search ? `?${search}` : ''}`;
}

export type { PileRef } from '#shared/compare.js';

/** The compare endpoint's answer: shared/compare.ts's comparison, and what the two sides were. */

/** Another board to compare with: its id and token, as read from its link. */
export interface OtherBoard {
  id: string;
  token: string;
}

/** The header carrying the other board's token: never the address, which logs and histories keep. */
const OTHER_BOARD_TOKEN = 'X-Other-Board-Token';

export function otherBoardHeaders(other: OtherBoard | null | undefined): Record<string, string> {
  return other ? { [OTHER_BOARD_TOKEN]: other.token } : {};
}

/** `from`/`to` are snapshot ids or `live`; with `toBoard`, `to` is a sort of that other board. */
export function comparePath(
  boardId: string,
  from: string,
  to: string,
  options: { csv?: boolean; hideNames?: boolean; toBoard?: string } = {},
): string {
  const query = new URLSearchParams({ from, to });
  if (options.toBoard) query.set('toBoard', options.toBoard);
  if (options.csv) query.set('format', 'csv');
  if (options.hideNames) query.set('names', 'hidden');
  return `${boardPath(boardId)}/compare?${query}`;
}

export function getComparison(
  boardId: string,
  token: string,
  from: string,
  to: string,
  hideNames: boolean,
  other: OtherBoard | null = null,
): Promise<Comparison> {
  return request(comparePath(boardId, from, to, { hideNames, toBoard: other?.id }), {
    headers: { authorization: `Bearer ${token}`, ...otherBoardHeaders(other) },
  });
}

/**
 * Downloads a file the server makes. The token goes in a header, never in a link a person could
 * copy or a Referer could carry: fetch it, then save the bytes through a short-lived object URL.
 */
export async function downloadFile(
  path: string,
  token: string,
  fallbackName: string,
  extraHeaders: Record<string, string> = {},
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { authorization: `Bearer ${token}`, ...extraHeaders },
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiError(0, 'unreachable', 'The Worksort server cannot be reached. Check the connection and try again.');
  }
  if (!response.ok) {
    let message = `The server answered ${response.status}.`;
    try {
      const body = (await response.json()) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // Not JSON: the status line is all we can tell.
    }
    throw new ApiError(response.status, 'error', message);
  }
  saveBlob(await response.blob(), fileNameOf(response.headers.get('content-disposition')) ?? fallbackName);
}

/** Hands bytes made in the page (a PNG of the board, a download) to the browser as a file. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by now; give it a moment before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** The file name of a `Content-Disposition` answer, preferring the exact `filename*` (RFC 6266). */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      // Malformed escapes: fall back to the plain name.
    }
  }
  return /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
}
