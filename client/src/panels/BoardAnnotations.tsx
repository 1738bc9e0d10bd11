// The controls for talking together over the board: the tool rail (its tools draw through the
// board's stage), who is here (follow, bring everyone, present), and the notices those raise. The
// layers they draw on (ink, notes, laser, pointers) belong to the stage (board/BoardStage.tsx).
import { type RefObject, useEffect, useState } from 'react';
import type * as Y from 'yjs';
import type { TeamRole } from '../../../shared/presence.js';
import { boardComments } from '../../../shared/schema/comments.js';
import { boardInk } from '../../../shared/schema/ink.js';
import { boardNotes } from '../../../shared/schema/notes.js';
import { useBoard, useBoardView } from '../board/session.js';
import { useFollow, useSpotlight } from '../hooks/useFollow.js';
import { useParticipantsExceptPointers } from '../hooks/useParticipants.js';
import { useT } from '../i18n/index.js';
import { saveName } from '../sync/identity.js';
import { AnnotationTools } from './AnnotationTools.js';
import { PeoplePanel } from './PeoplePanel.js';
import '../annotations.css';

export interface BoardAnnotationsProps {
  area: RefObject<HTMLElement | null>;
  presenting: boolean;
  onPresent(presenting: boolean): void;
  /** Their spotlight ended: close the card if it is still the one shown. */
  onEndSpotlight(cardId: string): void;
}

export function BoardAnnotations({ area, presenting, onPresent, onEndSpotlight }: BoardAnnotationsProps) {
  const { doc, history, presence, awareness, canEdit, me, setMe, tool, setTool, showCard } = useBoard();
  const view = useBoardView();
  const { width, height } = view;
  const onTeam = (team: TeamRole | null) => me && setMe(saveName(me.name, team));
  const t = useT();
  const [showPeople, setShowPeople] = useState(false);
  const participants = useParticipantsExceptPointers(awareness);
  const color = me?.color ?? '#34495e';

  // My annotations are undone with Ctrl-Z like the rest of my changes.
  useEffect(() => {
    for (const type of [boardInk(doc), boardNotes(doc), boardComments(doc)]) history.addToScope(type as Y.AbstractType<unknown>);
  }, [doc, history]);

  const follow = useFollow({ area, view, width, height, participants, presence });
  const spotlight = useSpotlight(participants, showCard, onEndSpotlight);

  return (
    <>
      {!presenting && <AnnotationTools tool={tool} color={color} canEdit={canEdit} onTool={setTool} />}
      {!presenting && (
        <button
          type="button"
          className="people-button"
          onClick={() => setShowPeople((shown) => !shown)}
          aria-expanded={showPeople}
          data-testid="people-button"
        >
          <span className="people-button-dots" aria-hidden="true">
            {participants.slice(0, 4).map((participant) => (
              <span key={participant.clientId} style={{ backgroundColor: participant.color }} />
            ))}
          </span>
          {t('people.title')} · {participants.length + 1}
        </button>
      )}
      {showPeople && me && !presenting && (
        <PeoplePanel
          awareness={awareness}
          me={me}
          followingId={follow.following?.clientId ?? null}
          presenting={presenting}
          onFollow={follow.follow}
          onBringEveryone={() => presence.summon()}
          onPresent={(next) => {
            setShowPeople(false);
            onPresent(next);
          }}
          onTeam={onTeam}
          onClose={() => setShowPeople(false)}
        />
      )}
      {follow.following && (
        <div className="follow-banner" style={{ borderColor: follow.following.color }} data-testid="follow-banner">
          <span>{t('people.following', { name: follow.following.name })}</span>
          <button type="button" className="link-button" onClick={() => follow.follow(null)}>
            {t('people.unfollow')}
          </button>
        </div>
      )}
      {spotlight && (
        <p className="spotlight-banner" role="status" data-testid="spotlight-banner">
          {t('spotlight.by', { name: spotlight.name })}
        </p>
      )}
      {follow.notice && (
        <p className="board-notice" role="status">
          {follow.notice.kind === 'brought'
            ? t('people.broughtBy', { name: follow.notice.name })
            : t('people.followGone', { name: follow.notice.name })}
        </p>
      )}
      {presenting && (
        <PresentingControls
          participants={participants}
          followingId={follow.following?.clientId ?? null}
          onFollow={follow.follow}
          onExit={() => onPresent(false)}
        />
      )}
    </>
  );
}

/** On the shared screen: one quiet corner to follow the facilitator and to leave presenting. */
function PresentingControls({
  participants,
  followingId,
  onFollow,
  onExit,
}: {
  participants: ReturnType<typeof useParticipantsExceptPointers>;
  followingId: number | null;
  onFollow(clientId: number | null): void;
  onExit(): void;
}) {
  const t = useT();
  return (
    <div className="presenting-controls">
      <select
        className="input"
        aria-label={t('people.follow')}
        value={followingId ?? ''}
        onChange={(event) => onFollow(event.target.value ? Number(event.target.value) : null)}
      >
        <option value="">{t('people.unfollow')}</option>
        {participants.map((participant) => (
          <option key={participant.clientId} value={participant.clientId}>
            {t('people.following', { name: participant.name })}
          </option>
        ))}
      </select>
      <button type="button" className="button button-secondary" onClick={onExit}>
        {t('present.exit')}
      </button>
    </div>
  );
}
