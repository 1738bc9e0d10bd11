// "Try the demo board": a board filled with a generated class set that goes in through the same
// ingest path as a teacher's upload — most of the class as one copier PDF, a few as phone photos.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { CreatedBoardSchema } from '#shared/api.js';
import { requireCreationKey } from '../auth.js';
import { createBoard } from '../boards/boardService.js';
import { createWorkSlots, serverBusy } from '../budgets.js';
import { creationRateLimit } from '../security.js';
import type { DemoStudentWork } from './classSet.js';

/** How many students arrive as photos (named after the student) rather than in the PDF. */
const PHOTOS = 4;

interface DemoFiles {
  task: string;
  files: { name: string; bytes: Buffer }[];
  /** Card labels in upload order, as a teacher would type them for the copier pages. */
  labels: string[];
}

/** Generated once per process: the same seed always gives the same class set. */
let demoFiles: Promise<DemoFiles> | null = null;

async function generateDemoFiles(): Promise<DemoFiles> {
  // Loaded on first use: the generator is only needed by people who try the demo.
  const { classSetPdf, demoFileName, generateDemoClassSet } = await import('./classSet.js');
  const { task, works } = await generateDemoClassSet();
  const copied: DemoStudentWork[] = works.slice(0, works.length - PHOTOS);
  const photographed = works.slice(works.length - PHOTOS);
  return {
    task,
    files: [
      { name: 'class set from the copier.pdf', bytes: await classSetPdf(copied) },
      ...photographed.map((work) => ({ name: demoFileName(work), bytes: work.page })),
    ],
    labels: works.map((work) => work.student),
  };
}

/**
 * Each demo board is a full ingest of a class set (seconds of a core): one is made at a time, a
 * few wait, and past that the caller is told when to retry, so trying the demo can never crowd
 * out teachers' own uploads.
 */
const DEMO_BUDGET = { running: 1, waiting: 2 };

export const demoRoutes: FastifyPluginAsync = async (app) => {
  const busy = () => serverBusy('Many people are trying the demo right now.', 10);
  const turns = createWorkSlots({ ...DEMO_BUDGET, perKey: DEMO_BUDGET.running + DEMO_BUDGET.waiting, busy, keyBusy: busy });
  app.metrics.watchWork('demo', turns);
  app.post(
    '/api/demo-boards',
    { config: creationRateLimit(app), schema: { response: { 201: CreatedBoardSchema } } },
    async (request, reply) => {
      requireCreationKey(request, app.config.creationKey);
      const release = await turns.acquire('demo');
      try {
        return reply.code(201).send(await makeDemoBoard(app));
      } finally {
        release();
      }
    },
  );
};

async function makeDemoBoard(app: FastifyInstance) {
  demoFiles ??= generateDemoFiles();
  const { task, files, labels } = await demoFiles.catch((error: unknown) => {
    demoFiles = null;
    throw error;
  });
  const board = await createBoard(app, { title: 'Demo: Solve 48 + 27', task });
  await app.classSets.importFiles(board.id, files, { pagesPerStudent: 1, labels });
  return board;
}
