// "Try the demo board": a board filled with a generated class set that goes in through the same
// ingest path as a teacher's upload — most of the class as one copier PDF, a few as phone photos.
import type { FastifyPluginAsync } from 'fastify';
import { requireCreationKey } from '../auth.js';
import { createBoard } from '../boards/boardService.js';
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

export const demoRoutes: FastifyPluginAsync = async (app) => {
  app.post('/api/demo-boards', { config: creationRateLimit(app) }, async (request, reply) => {
    requireCreationKey(request, app.config.creationKey);
    demoFiles ??= generateDemoFiles();
    const { task, files, labels } = await demoFiles.catch((error: unknown) => {
      demoFiles = null;
      throw error;
    });
    const board = await createBoard(app, { title: 'Demo: Solve 48 + 27', task });
    await app.classSets.importFiles(board.id, files, { pagesPerStudent: 1, labels });
    return reply.code(201).send(board);
  });
};
