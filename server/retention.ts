// The optional retention period: boards nobody has opened or changed for RETENTION_DAYS days are
// deleted with everything of theirs, so a district keeps children's work no longer than it said.
import type { FastifyPluginAsync } from 'fastify';
import { deleteBoard } from './boards/boardService.js';

const SWEEP_EVERY_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes every expired board that nobody is connected to; answers how many went. */
export async function sweepExpiredBoards(app: Parameters<FastifyPluginAsync>[0], now = Date.now()): Promise<number> {
  const days = app.config.retentionDays;
  if (days <= 0) return 0;
  let deleted = 0;
  for (const boardId of await app.storage.boardsUntouchedSince(now - days * DAY_MS)) {
    // Someone looking at it right now is using it, even without changing anything.
    if ((await app.rooms.peerCount(boardId)) > 0) {
      await app.storage.touchBoard(boardId, now);
      continue;
    }
    await deleteBoard(app, boardId);
    deleted++;
  }
  if (deleted > 0) app.log.info({ deleted, days }, 'deleted boards past the retention period');
  return deleted;
}

export const retentionPlugin: FastifyPluginAsync = async (app) => {
  if (app.config.retentionDays <= 0) return;
  const sweep = () => sweepExpiredBoards(app).catch((error) => app.log.error({ err: error }, 'retention sweep failed'));
  const first = setTimeout(sweep, 60_000);
  const timer = setInterval(sweep, SWEEP_EVERY_MS);
  first.unref();
  timer.unref();
  app.addHook('onClose', async () => {
    clearTimeout(first);
    clearInterval(timer);
  });
};
