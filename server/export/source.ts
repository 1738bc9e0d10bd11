// What an export is computed from: the board's live document (loaded from storage if nobody is
// connected) or one of its snapshots, read through the schema accessors into the export model.
import type { FastifyInstance } from 'fastify';
import type * as Y from 'yjs';
import { type ExportModel, exportModelOfDoc } from '#shared/exportModel.js';
import { getCard } from '#shared/schema/card.js';
import { listPins, type Pin, replaceCitations } from '#shared/schema/comments.js';
import { type InkStroke, listStrokes } from '#shared/schema/ink.js';
import { notFound } from '../errors.js';
import { findSnapshot, snapshotDoc, snapshotInfo } from '../snapshots/snapshots.js';

/** `live` for the board as it is, else a snapshot id. */
export type SortSource = 'live' | (string & {});

export interface LoadedExport {
  model: ExportModel;
  /** Names of the people connected right now (live exports only; empty when unknown). */
  participants: string[];
  /** Ink on each card's first page, by card id (issue 5: ink appears in exports). */
  ink: Map<string, InkStroke[]>;
  /** Evidence pins of each card, by card id, oldest first (the report numbers them in this order). */
  pins: Map<string, Pin[]>;
}

export async function loadExport(
  app: FastifyInstance,
  boardId: string,
  source: SortSource,
  options: { hideNames?: boolean; exportedAt?: Date } = {},
): Promise<LoadedExport> {
  const board = await app.storage.getBoard(boardId);
  if (!board) throw notFound('This board');
  const info = {
    boardId,
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
    hideNames: options.hideNames,
    fallbackTitle: board.title,
  };
  if (source === 'live') {
    return app.rooms.withRoom(boardId, (room) => ({
      model: readableCitations(exportModelOfDoc(room.doc, info), room.doc),
      participants: participantNames(room.presence.states()),
      ink: firstPageInk(room.doc),
      pins: pinsByCard(room.doc),
    }));
  }
  const snapshot = await findSnapshot(app, boardId, source);
  const doc = snapshotDoc(snapshot.state);
  try {
    return {
      model: readableCitations(exportModelOfDoc(doc, { ...info, snapshot: snapshotInfo(snapshot) }), doc),
      participants: [],
      ink: firstPageInk(doc),
      pins: pinsByCard(doc),
    };
  } finally {
    doc.destroy();
  }
}

/** The strokes drawn on the page each card shows first (what the report prints). */
function firstPageInk(doc: Y.Doc): Map<string, InkStroke[]> {
  const ink = new Map<string, InkStroke[]>();
  for (const stroke of listStrokes(doc)) {
    if (!stroke.cardId || stroke.page !== getCard(doc, stroke.cardId)?.pages[0]) continue;
    const list = ink.get(stroke.cardId) ?? [];
    list.push(stroke);
    ink.set(stroke.cardId, list);
  }
  return ink;
}

function pinsByCard(doc: Y.Doc): Map<string, Pin[]> {
  const pins = new Map<string, Pin[]>();
  for (const pin of listPins(doc)) {
    const list = pins.get(pin.cardId) ?? [];
    list.push(pin);
    pins.set(pin.cardId, list);
  }
  return pins;
}

/**
 * Pile descriptions cite evidence pins with `[pin:…]` tokens; a report reads them as the pin's
 * words and the student's label as exported (so hidden names stay hidden).
 */
function readableCitations(model: ExportModel, doc: Y.Doc): ExportModel {
  const pins = new Map(listPins(doc).map((pin) => [pin.id, pin]));
  if (pins.size === 0 && !model.piles.some((pile) => pile.description.includes('[pin:'))) return model;
  const labels = new Map([...model.piles.flatMap((pile) => pile.cards), ...model.unsorted].map((card) => [card.id, card.student]));
  const describe = (pinId: string) => {
    const pin = pins.get(pinId);
    if (!pin) return null;
    const student = labels.get(pin.cardId)?.trim();
    return student ? `“${pin.text}” (${student})` : `“${pin.text}”`;
  };
  return {
    ...model,
    piles: model.piles.map((pile) => ({ ...pile, description: replaceCitations(pile.description, describe, '(a deleted pin)') })),
  };
}

/** Display names from awareness states (`{ user: { name } }`, README, "The API"), tolerating anything else. */
function participantNames(states: Map<number, Record<string, unknown>>): string[] {
  const names = new Set<string>();
  for (const state of states.values()) {
    const user = state.user as { name?: unknown } | undefined;
    if (typeof user?.name === 'string' && user.name.trim()) names.add(user.name.trim().slice(0, 80));
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}
