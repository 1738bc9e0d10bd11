// Who is here, over the board: the people button and panel (follow someone, bring everyone to my
// view, present), the follow and spotlight banners, the notices they raise, and the controls on
// the shared screen while presenting.
import { type RefObject, useState } from 'react';
import type { TeamRole } from '#shared/presence.js';
import { useParticipantsExceptPointers } from '../../board/hooks/useParticipants.js';
import { useBoard, useBoardView } from '../../board/session.js';
import { useT } from '../../i18n/index.js';
import { saveName } from '../../sync/identity.js';
import { PeoplePanel } from './PeoplePanel.js';
import { useFollow, useSpotlight } from './useFollow.js';

export interface BoardPeopleProps {
  area: RefObject<HTMLElement | null>;
  presenting: boolean;
  onPresent(presenting: boolean): void;
  /** Their spotlight ended: close the card if it is still the one shown. */
  onEndSpotlight(cardId: string): void;
}

export function BoardPeople({ area, presenting, onPresent, onEndSpotlight }: BoardPeopleProps) {
  const { presence, awareness, me, setMe, showCard } = useBoard();
  const view = useBoardView();
  const { width, height } = view;
  const onTeam = (team: TeamRole | null) => me && setMe(saveName(me.name, team));
  const t = useT();
  const [showPeople, setShowPeople] = useState(false);
  const participants = useParticipantsExceptPointers(awareness);
  const follow = useFollow({ area, view, width, height, participants, presence });
  const spotlight = useSpotlight(participants, showCard, onEndSpotlight);

  return (
    <>
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
      <button type="button" className="button button-primary presenting-exit" onClick={onExit}>
        {t('present.exit')}
      </button>
    </div>
  );
}
