// "This student's year": from a card of a class's board to the student's page, when the card
// knows its student. The link carries the token the board was opened with; a board's own link
// is not a class link, and the student page then says it needs the class's link.
import type { Card } from '#shared/schema/card.js';
import { useMeta } from '../../board/hooks/useMeta.js';
import { useBoard, useBoardSorting } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { studentPagePath } from '../../sync/classHistoryApi.js';

export function StudentYearLink({ card, className = '' }: { card: Pick<Card, 'studentId'>; className?: string }) {
  const t = useT();
  const { doc, token } = useBoard();
  const { classId } = useMeta(doc);
  const hidden = useBoardSorting().names.hidden;
  if (!classId || !card.studentId) return null;
  return (
    <a
      className={`student-year-link ${className}`}
      href={studentPagePath(classId, card.studentId, token, hidden)}
      target="_blank"
      rel="noreferrer"
      data-testid="student-year-link"
    >
      {t('history.studentYear')}
    </a>
  );
}
