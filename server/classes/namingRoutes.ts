// Naming a class board's cards ("Who is this?", README "Classes"): the board's roster for the
// people naming its cards, and what is printed in a card's name region ranked against it. Both are
// board calls, so a board's own editor link names cards as well as the class's link does.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BoardParamsSchema, ErrorBodySchema, IdSchema } from '#shared/api.js';
import { BoardRosterSchema, NameReadingSchema } from '#shared/classes.js';
import { rankRoster } from '#shared/nameMatch.js';
import { nameBandOf, readNameBands } from '#shared/schema/batch.js';
import { getCard } from '#shared/schema/card.js';
import { Type } from '#shared/typeBuilders.js';
import { isAssetId } from '../assets/assetStore.js';
import { boardBusy, createWorkSlots, serverBusy } from '../budgets.js';
import { HttpError, notFound } from '../errors.js';
import { recentWork } from '../recentWork.js';

/** Loaded on first use: sharp and the OCR engine are needed only when someone names cards. */
let readerLoaded = false;
const nameReader = () => {
  readerLoaded = true;
  return import('./nameReader.js');
};

/** Readings kept, by page and band: a teacher going back and forth through 30 cards reads each once. */
const READINGS_KEPT = 256;

const notInClass = () => new HttpError(404, 'not_in_class', 'This board is not in a class, so it has no roster.');

export const namingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const readings = recentWork<string>(READINGS_KEPT);
  // One page is read at a time in the process (the engine is one thread); a board may queue a few.
  const turns = createWorkSlots({
    running: 1,
    waiting: 32,
    perKey: 8,
    busy: () => serverBusy('The server is reading many names right now.', 2),
    keyBusy: () => boardBusy('readings_in_progress', 'This board is reading many names at once.', 2),
  });
  app.metrics.watchWork('name_reading', turns);
  app.addHook('onClose', async () => {
    if (readerLoaded) await (await nameReader()).stopNameReader();
  });

  const rosterOf = async (boardId: string) => {
    const classId = await app.classStore.classOfBoard(boardId);
    const found = classId ? await app.classStore.getClass(classId) : null;
    if (!found) return null;
    return { classId: found.id, title: found.title, students: await app.classStore.listStudents(found.id) };
  };

  app.get(
    '/api/boards/:boardId/roster',
    {
      schema: {
        params: BoardParamsSchema,
        response: { 200: BoardRosterSchema, '4xx': ErrorBodySchema },
      },
      preHandler: app.requireRole('editor', 'name the cards of this board'),
    },
    async (request) => {
      const roster = await rosterOf(request.params.boardId);
      if (!roster) throw notInClass();
      return roster;
    },
  );

  app.get(
    '/api/boards/:boardId/cards/:cardId/name-reading',
    {
      schema: {
        params: Type.Object({ boardId: IdSchema, cardId: IdSchema }),
        response: { 200: NameReadingSchema, '4xx': ErrorBodySchema },
      },
      preHandler: app.requireRole('editor', 'name the cards of this board'),
    },
    async (request) => {
      const { boardId, cardId } = request.params;
      const found = await app.rooms.withRoom(boardId, (room) => {
        const card = getCard(room.doc, cardId);
        return card ? { page: card.pages[0], band: nameBandOf(readNameBands(room.doc), card) } : null;
      });
      if (!found) throw notFound('This card');
      const { page, band } = found;
      const roster = await rosterOf(boardId);
      if (!page || !isAssetId(page)) return { cardId, text: '', suggestions: [] };
      const text = await readings(`${boardId}/${page}/${band.x},${band.y},${band.w},${band.h}`, async () => {
        const release = await turns.acquire(boardId);
        try {
          const bytes = await app.assets.read(boardId, page, 'full');
          if (!bytes) return '';
          const reader = await nameReader();
          return await reader.readText(await reader.cropNameRegion(bytes, band));
        } finally {
          release();
        }
      });
      // The text is a child's name: it goes to the person naming cards and into no log line.
      const students = roster?.students ?? [];
      const byId = new Map(students.map((student) => [student.studentId, student.name]));
      const suggestions = rankRoster(text, students).map((match) => ({ ...match, name: byId.get(match.studentId) ?? '' }));
      return { cardId, text, suggestions };
    },
  );
};
