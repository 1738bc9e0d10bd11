// HTTP API of share-out sequences: the sequence as a PDF and each step as a PNG (viewer+), and a
// read-only link for the class (editor+ to make or revoke it) that shows that sequence's steps and
// nothing else of the board: no names, no comments, no other cards. The link's token is accepted
// by `GET /api/boards/:boardId/sequences/:sequenceId` alone; every other route, the live sync
// included, looks tokens up among board tokens only and so refuses it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type * as Y from 'yjs';
import { IdSchema } from '#shared/api.js';
import { readMeta } from '#shared/schema/meta.js';
import { getSequence, type Sequence } from '#shared/schema/sequence.js';
import { SequenceLinkSchema, SharedSequenceSchema, shareoutPath } from '#shared/shareout.js';
import { Type } from '#shared/typeBuilders.js';
import { findGrant, newToken, tokenOf } from '../auth.js';
import { notFound, unauthorized } from '../errors.js';
import { attachmentDisposition } from '../export/http.js';
import { recentWork } from '../recentWork.js';
import { renderStepPicture, type StepPicture, type StepSource, stepSource } from './stepPicture.js';

const SequenceParams = Type.Object({ boardId: IdSchema, sequenceId: IdSchema });
const TokenQuery = Type.Object({ token: Type.Optional(Type.String()) });

/** What a step needs to be shown, read from the document in one pass. */
interface ResolvedStep {
  source: StepSource | null;
  note: string;
  question: string;
}

interface ResolvedSequence {
  boardTitle: string;
  sequence: Sequence;
  steps: ResolvedStep[];
}

/** Reads a sequence of the live board (loading it if nobody is connected); 404 when there is none. */
async function resolveSequence(app: FastifyInstance, boardId: string, sequenceId: string): Promise<ResolvedSequence> {
  const board = await app.storage.getBoard(boardId);
  if (!board) throw notFound('This board');
  const resolved = await app.rooms.withRoom(boardId, (room) => read(room.doc, sequenceId));
  if (!resolved) throw notFound('This share-out sequence');
  return { ...resolved, boardTitle: resolved.boardTitle || board.title };
}

function read(doc: Y.Doc, sequenceId: string): ResolvedSequence | null {
  const sequence = getSequence(doc, sequenceId);
  if (!sequence) return null;
  return {
    boardTitle: readMeta(doc).title,
    sequence,
    steps: sequence.steps.map((step) => ({ source: stepSource(doc, step), note: step.note, question: step.question })),
  };
}

/**
 * Rendered step pictures, most recently used last: a class opening the link on 30 devices at
 * once renders each step once, not 30 times. Bounded by count; a picture is a few hundred KB.
 */
const PICTURE_CACHE_ENTRIES = 48;

function pictureCache(app: FastifyInstance) {
  const rendered = recentWork<StepPicture | null>(PICTURE_CACHE_ENTRIES);
  return (boardId: string, source: StepSource | null, format: 'jpeg' | 'png' = 'jpeg'): Promise<StepPicture | null> =>
    source
      ? rendered(JSON.stringify([boardId, format, source]), () => renderStepPicture(app.assets, boardId, source, format))
      : Promise.resolve(null);
}

export const sequenceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const picture = pictureCache(app);

  /** Board tokens (viewer+) read any sequence; a share link reads only its own. */
  async function admitReader(request: FastifyRequest<{ Params: { boardId: string; sequenceId: string } }>): Promise<void> {
    const token = tokenOf(request);
    const { boardId, sequenceId } = request.params;
    if (!token) throw unauthorized();
    // Any link of the board or of its class reads (every role sees the board); else the
    // sequence's own class link, stored as a keyed hash like board tokens.
    if (await findGrant(app, token, boardId)) return;
    const share = token.length <= 200 ? await app.storage.findSequenceShare(app.tokenSecrets.hash(token)) : null;
    if (!share || share.boardId !== boardId || share.sequenceId !== sequenceId) throw unauthorized();
  }

  app.get(
    '/api/boards/:boardId/sequences/:sequenceId',
    {
      schema: { params: SequenceParams, querystring: TokenQuery, response: { 200: SharedSequenceSchema } },
      preHandler: admitReader,
    },
    async (request, reply) => {
      const { boardId, sequenceId } = request.params;
      const { sequence, steps } = await resolveSequence(app, boardId, sequenceId);
      const pictures = await Promise.all(steps.map((step) => picture(boardId, step.source)));
      // A revocable link: nothing of it may be kept by the browser or a proxy.
      reply.header('Cache-Control', 'no-store');
      return {
        title: sequence.title,
        steps: steps.map((step, index) => {
          const shown = pictures[index];
          return {
            image: shown ? `data:image/jpeg;base64,${shown.bytes.toString('base64')}` : null,
            width: shown?.width ?? null,
            height: shown?.height ?? null,
            note: step.note,
            question: step.question,
          };
        }),
      };
    },
  );

  app.post(
    '/api/boards/:boardId/sequences/:sequenceId/share',
    {
      schema: { params: SequenceParams, querystring: TokenQuery, response: { 201: SequenceLinkSchema } },
      preHandler: app.requireRole('editor', 'share this sequence with a class'),
    },
    async (request, reply) => {
      const { boardId, sequenceId } = request.params;
      await resolveSequence(app, boardId, sequenceId);
      const token = newToken();
      // One link per sequence: making a new one revokes the previous link.
      await app.storage.setSequenceShare({ boardId, sequenceId }, app.tokenSecrets.hash(token));
      const url = `${shareoutPath(boardId, sequenceId)}#token=${token}`;
      return reply.code(201).header('Cache-Control', 'no-store').send({ token, url });
    },
  );

  app.delete(
    '/api/boards/:boardId/sequences/:sequenceId/share',
    {
      schema: { params: SequenceParams, querystring: TokenQuery },
      preHandler: app.requireRole('editor', 'revoke the link of this sequence'),
    },
    async (request, reply) => {
      const { boardId, sequenceId } = request.params;
      await app.storage.deleteSequenceShare({ boardId, sequenceId });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/boards/:boardId/sequences/:sequenceId/export.pdf',
    {
      schema: { params: SequenceParams, querystring: TokenQuery },
      preHandler: app.requireRole('viewer', 'export this sequence'),
    },
    async (request, reply) => {
      const { boardId, sequenceId } = request.params;
      const { boardTitle, sequence, steps } = await resolveSequence(app, boardId, sequenceId);
      const pictures = await Promise.all(steps.map((step) => picture(boardId, step.source)));
      // pdf-lib and its fonts load on first use, not at start (README "Restart and memory").
      const { renderSequencePdf } = await import('./pdf.js');
      const bytes = await renderSequencePdf({
        boardTitle,
        title: sequence.title,
        steps: steps.map((step, index) => ({ picture: pictures[index] ?? null, note: step.note, question: step.question })),
      });
      return reply
        .type('application/pdf')
        .header('Content-Disposition', attachmentDisposition(sequence.title || 'share-out', 'pdf'))
        .header('Cache-Control', 'no-store')
        .send(Buffer.from(bytes));
    },
  );

  // Each step as the class sees it: a PNG to download, a JPEG for presenting on the board.
  for (const format of ['png', 'jpg'] as const) {
    app.get(
      `/api/boards/:boardId/sequences/:sequenceId/steps/:step.${format}`,
      {
        schema: {
          params: Type.Object({ ...SequenceParams.properties, step: Type.Integer({ minimum: 1, maximum: 1000 }) }),
          querystring: TokenQuery,
        },
        preHandler: app.requireRole('viewer', 'export this sequence'),
      },
      async (request, reply) => {
        const { boardId, sequenceId, step } = request.params;
        const { sequence, steps } = await resolveSequence(app, boardId, sequenceId);
        const shown = steps[step - 1];
        if (!shown) throw notFound(`Step ${step} of this sequence`);
        const rendered = await picture(boardId, shown.source, format === 'png' ? 'png' : 'jpeg');
        if (!rendered) throw notFound('The page of this step');
        return reply
          .type(format === 'png' ? 'image/png' : 'image/jpeg')
          .header('Content-Disposition', attachmentDisposition(`${sequence.title || 'share-out'} - step ${step}`, format))
          .header('Cache-Control', 'no-store')
          .send(rendered.bytes);
      },
    );
  }
};
