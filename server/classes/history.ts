// A class's boards read together (README, "Classes"): each student's year, who moved between
// strategies from one board to the next, the same task across classrooms, and the next steps a
// new board inherits from the one before. Every answer is read from the boards' live documents.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type * as Y from 'yjs';
import { IdSchema } from '#shared/api.js';
import { type BoardDistribution, ClassComparisonBodySchema, ClassComparisonSchema, groupByTask } from '#shared/classComparison.js';
import { ClassParamsSchema } from '#shared/classes.js';
import { hiddenStudentLabels } from '#shared/hideNames.js';
import { type ClassMovement, ClassMovementSchema, type MovementBoard, type StudentPath } from '#shared/movement.js';
import { type Card, effectivePileId, listCards } from '#shared/schema/card.js';
import { carryNextSteps } from '#shared/schema/carriedSteps.js';
import { listPins } from '#shared/schema/comments.js';
import { readMeta } from '#shared/schema/meta.js';
import { listPiles, type Pile } from '#shared/schema/pile.js';
import { type HistoryEntry, NamesQuerySchema, StudentHistorySchema } from '#shared/studentHistory.js';
import { trajectoryOrder } from '#shared/trajectory.js';
import { Type } from '#shared/typeBuilders.js';
import { boardBusy, createWorkSlots, serverBusy } from '../budgets.js';
import { HttpError, notFound } from '../errors.js';
import type { ClassBoardRecord, StudentRecord } from '../storage/classes.js';
import { classOrNotFound, classRoleCheck } from './access.js';

const StudentParamsSchema = Type.Object({
  classId: IdSchema,
  studentId: IdSchema,
});

export const classHistoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const requireClassRole = classRoleCheck(app);
  // Each read loads every board of a class (or several classes): a few at once per process.
  const reads = createWorkSlots({
    running: 2,
    waiting: 32,
    perKey: 4,
    busy: () => serverBusy('The server is reading many classes’ boards right now.', 5),
    keyBusy: () => boardBusy('history_in_progress', 'This class’s boards are being read several times already.', 5),
  });
  const readingClass = async <T>(classId: string, read: () => Promise<T>): Promise<T> => {
    const release = await reads.acquire(classId);
    try {
      return await read();
    } finally {
      release();
    }
  };

  app.get(
    '/api/classes/:classId/students/:studentId/history',
    {
      schema: {
        params: StudentParamsSchema,
        querystring: NamesQuerySchema,
        response: { 200: StudentHistorySchema },
      },
      preHandler: requireClassRole('viewer', 'see this class'),
    },
    async (request, reply) => {
      const { classId, studentId } = request.params;
      await classOrNotFound(app, classId);
      const students = await app.classStore.listStudents(classId);
      if (!students.some((student) => student.studentId === studentId)) throw notFound('This student');
      const hiddenLabel =
        request.query.names === 'hidden' ? hiddenStudentLabels(students.map((one) => one.studentId)).get(studentId) : undefined;
      const history = await readingClass(classId, () =>
        readBoards(app, classId, (doc, board): HistoryEntry | null => {
          const card = cardOf(doc, studentId);
          if (!card) return null;
          const meta = readMeta(doc);
          const pile = pileOf(card, listPiles(doc));
          return {
            boardId: board.id,
            boardTitle: meta.title || board.title,
            task: meta.task,
            createdAt: board.createdAt,
            cardId: card.id,
            student: hiddenLabel ?? card.student,
            pages: card.pages,
            tags: card.tags,
            pins: listPins(doc)
              .filter((pin) => pin.cardId === card.id)
              .map((pin) => ({ id: pin.id, page: pin.page, region: pin.region, text: pin.text, resolved: pin.resolved })),
            pile: pile
              ? {
                  id: pile.id,
                  title: pile.title,
                  description: pile.description,
                  nextSteps: pile.nextSteps,
                  color: pile.color,
                  order: pile.order,
                }
              : null,
          };
        }),
      );
      reply.header('Cache-Control', 'no-store');
      return history.filter((entry) => entry !== null);
    },
  );

  app.get(
    '/api/classes/:classId/movement',
    {
      schema: { params: ClassParamsSchema, querystring: NamesQuerySchema, response: { 200: ClassMovementSchema } },
      preHandler: requireClassRole('viewer', 'see this class'),
    },
    async (request, reply) => {
      const { classId } = request.params;
      const found = await classOrNotFound(app, classId);
      const namesHidden = request.query.names === 'hidden';
      const movement = await readingClass(classId, async () =>
        movementOf(app, found.title, await app.classStore.listBoards(classId), await app.classStore.listStudents(classId), namesHidden),
      );
      reply.header('Cache-Control', 'no-store');
      return movement;
    },
  );

  // The classes ride in the body with their tokens, never in the address, so no log keeps them.
  app.post(
    '/api/classes/comparison',
    { schema: { body: ClassComparisonBodySchema, response: { 200: ClassComparisonSchema } } },
    async (request, reply) => {
      const { classes, names } = request.body;
      const namesShown = names === 'shown';
      const titles: { id: string; title: string }[] = [];
      for (const [index, given] of classes.entries()) {
        const grant = await app.classStore.findClassToken(given.token.trim());
        if (!grant || grant.classId !== given.classId) {
          throw new HttpError(
            401,
            'class_unauthorized',
            `The link of class ${index + 1} in the comparison is not valid or has been revoked. Ask its team for a current link.`,
          );
        }
        if (titles.some((one) => one.id === given.classId)) continue;
        titles.push({ id: given.classId, title: (await classOrNotFound(app, given.classId)).title });
      }
      const boards: BoardDistribution[] = [];
      for (const { id, title } of titles) {
        const read = await readingClass(id, () =>
          readBoards(app, id, (doc, record) => distributionOf(doc, { classId: id, classTitle: title, record, namesShown })),
        );
        boards.push(...read);
      }
      reply.header('Cache-Control', 'no-store');
      return {
        namesHidden: !namesShown,
        classes: titles,
        tasks: groupByTask(
          boards,
          titles.map((one) => one.id),
        ),
      };
    },
  );
};

/** Where each roster student was on each of `records` (oldest first), one board loaded at a time. */
async function movementOf(
  app: FastifyInstance,
  title: string,
  records: readonly ClassBoardRecord[],
  students: readonly StudentRecord[],
  namesHidden: boolean,
): Promise<ClassMovement> {
  const read: { board: MovementBoard; placements: Map<string, { cardId: string; pileId: string | null }> }[] = [];
  for (const record of records) {
    read.push(
      await app.rooms.withRoom(record.id, (room) => {
        const doc = room.doc;
        const meta = readMeta(doc);
        const piles = listPiles(doc);
        const board: MovementBoard = {
          id: record.id,
          title: meta.title || record.title,
          task: meta.task,
          createdAt: record.createdAt,
          piles: piles.map((pile) => ({ id: pile.id, title: pile.title, color: pile.color, order: pile.order })),
        };
        const existing = new Set(piles.map((pile) => pile.id));
        const placements = new Map<string, { cardId: string; pileId: string | null }>();
        for (const card of sortedCards(doc)) {
          if (card.studentId && !placements.has(card.studentId)) {
            placements.set(card.studentId, { cardId: card.id, pileId: effectivePileId(card, existing) });
          }
        }
        return { board, placements };
      }),
    );
  }
  const hidden = hiddenStudentLabels(students.map((one) => one.studentId));
  const paths: StudentPath[] = students.map((student) => ({
    studentId: student.studentId,
    label: namesHidden ? (hidden.get(student.studentId) as string) : student.name,
    placements: read.map((one) => one.placements.get(student.studentId) ?? null),
  }));
  return { title, namesHidden, boards: read.map((one) => one.board), students: paths };
}

/**
 * For the report of a class's board: the class's board before it and this board, or null when
 * the board is in no class or is its class's first.
 */
export async function movementIntoBoard(app: FastifyInstance, boardId: string, namesHidden: boolean): Promise<ClassMovement | null> {
  const classId = await app.classStore.classOfBoard(boardId);
  if (!classId) return null;
  const boards = await app.classStore.listBoards(classId);
  const index = boards.findIndex((board) => board.id === boardId);
  const previous = boards[index - 1];
  const current = boards[index];
  if (!previous || !current) return null;
  const found = await app.classStore.getClass(classId);
  return movementOf(app, found?.title ?? '', [previous, current], await app.classStore.listStudents(classId), namesHidden);
}

/** `read` on each board of the class, oldest first, one board loaded at a time. */
async function readBoards<T>(app: FastifyInstance, classId: string, read: (doc: Y.Doc, board: ClassBoardRecord) => T): Promise<T[]> {
  const results: T[] = [];
  for (const board of await app.classStore.listBoards(classId)) {
    results.push(await app.rooms.withRoom(board.id, (room) => read(room.doc, board)));
  }
  return results;
}

/** Cards in pile order, so that of two cards of one student (two cover sheets scanned) the first placed counts. */
function sortedCards(doc: Y.Doc): Card[] {
  return listCards(doc).sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function cardOf(doc: Y.Doc, studentId: string): Card | undefined {
  return sortedCards(doc).find((card) => card.studentId === studentId);
}

function pileOf(card: Card, piles: readonly Pile[]): Pile | undefined {
  const pileId = effectivePileId(card, new Set(piles.map((pile) => pile.id)));
  return piles.find((pile) => pile.id === pileId);
}

function distributionOf(
  doc: Y.Doc,
  context: { classId: string; classTitle: string; record: ClassBoardRecord; namesShown: boolean },
): BoardDistribution {
  const meta = readMeta(doc);
  const piles = trajectoryOrder(listPiles(doc));
  const existing = new Set(piles.map((pile) => pile.id));
  const byPile = new Map<string, Card[]>();
  let unsorted = 0;
  const cards = sortedCards(doc);
  for (const card of cards) {
    const pileId = effectivePileId(card, existing);
    if (pileId === null) unsorted++;
    else byPile.set(pileId, [...(byPile.get(pileId) ?? []), card]);
  }
  return {
    classId: context.classId,
    classTitle: context.classTitle,
    boardId: context.record.id,
    boardTitle: meta.title || context.record.title,
    task: meta.task,
    createdAt: context.record.createdAt,
    total: cards.length,
    unsorted,
    piles: piles.map((pile) => {
      const inPile = byPile.get(pile.id) ?? [];
      const counted = { title: pile.title, color: pile.color, order: pile.order, count: inPile.length };
      return context.namesShown ? { ...counted, students: inPile.map((card) => card.student) } : counted;
    }),
  };
}

/**
 * Writes the previous board's next steps, pile by pile in its trajectory order, onto `boardId`
 * as the checklist its team ticks off. The previous board is the newest other board of the class.
 */
export async function carryNextStepsForward(app: FastifyInstance, classId: string, boardId: string): Promise<number> {
  const others = (await app.classStore.listBoards(classId)).filter((board) => board.id !== boardId);
  const previous = others.at(-1);
  if (!previous) return 0;
  const handed = await app.rooms.withRoom(previous.id, (room) => ({
    title: readMeta(room.doc).title || previous.title,
    piles: trajectoryOrder(listPiles(room.doc)).filter((pile) => pile.nextSteps.trim()),
  }));
  if (handed.piles.length === 0) return 0;
  let written = 0;
  await app.rooms.withRoom(boardId, (room) =>
    room.change((doc) => {
      written = carryNextSteps(doc, { id: previous.id, title: handed.title }, handed.piles);
    }),
  );
  return written;
}
