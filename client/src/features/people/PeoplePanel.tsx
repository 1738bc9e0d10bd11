// Who is here: each person's name, part in the team, colour and whether they are at the board,
// with "follow" for each and, for me, "bring everyone to me" and the presentation mode for the
// shared screen. People who left stay listed for a while, marked as gone.
import { memo, useEffect, useRef, useState } from 'react';
import type { Awareness } from 'y-protocols/awareness';
import type { TeamRole } from '#shared/presence.js';
import { type Participant, useParticipants } from '../../board/hooks/useParticipants.js';
import { useT } from '../../i18n/index.js';
import { TeamRoleSelect } from '../../ui/TeamRoleSelect.js';

/** Someone whose pointer has not moved for this long is away from the board. */
const IDLE_MS = 60_000;
/** Someone who left stays listed this long. */
const GONE_MS = 10 * 60_000;

interface Seen {
  participant: Participant;
  movedAt: number;
  cursorKey: string;
  leftAt: number | null;
}

/** Everyone seen on the board this session, with when they last moved and when they left. */
function usePresenceHistory(participants: Participant[]): Seen[] {
  const seen = useRef(new Map<number, Seen>());
  const [, tick] = useState(0);
  const now = Date.now();
  const present = new Set<number>();
  for (const participant of participants) {
    present.add(participant.clientId);
    const cursorKey = participant.cursor ? `${participant.cursor.x},${participant.cursor.y}` : '';
    const before = seen.current.get(participant.clientId);
    seen.current.set(participant.clientId, {
      participant,
      cursorKey,
      movedAt: !before || before.cursorKey !== cursorKey || before.leftAt !== null ? now : before.movedAt,
      leftAt: null,
    });
  }
  for (const [clientId, entry] of seen.current) {
    if (present.has(clientId)) continue;
    if (entry.leftAt === null) entry.leftAt = now;
    else if (now - entry.leftAt > GONE_MS) seen.current.delete(clientId);
  }
  // Idle and gone are about time passing: look again now and then.
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 15_000);
    return () => clearInterval(timer);
  }, []);
  return [...seen.current.values()];
}

export interface PeoplePanelProps {
  awareness: Awareness;
  me: { name: string; color: string; team: TeamRole | null };
  followingId: number | null;
  presenting: boolean;
  onFollow(clientId: number | null): void;
  onBringEveryone(): void;
  onPresent(presenting: boolean): void;
  /** I changed my part in the team. */
  onTeam(team: TeamRole | null): void;
  onClose(): void;
}

export const PeoplePanel = memo(function PeoplePanel(props: PeoplePanelProps) {
  const { awareness, me, followingId, presenting, onFollow, onBringEveryone, onPresent, onTeam, onClose } = props;
  const t = useT();
  // Pointer moves say who is at the board: this list follows them (it is open only now and then).
  const participants = useParticipants(awareness);
  const people = usePresenceHistory(participants);
  const now = Date.now();
  const teamLabel = (team: TeamRole | null) => t(team ? `team.${team}` : 'team.none');
  return (
    <aside className="people-panel" aria-label={t('people.title')} data-testid="people-panel">
      <header className="people-panel-header">
        <h2>{t('people.title')}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t('people.close')}>
          ×
        </button>
      </header>
      <ul className="people-list">
        <li className="person">
          <span className="person-dot" style={{ backgroundColor: me.color }} />
          <span className="person-text">
            <span className="person-name">{t('people.me', { name: me.name })}</span>
            <TeamRoleSelect className="person-role-choice" label={t('team.prompt')} value={me.team} onChange={onTeam} />
          </span>
          <span className="person-state person-state-online">{t('people.online')}</span>
        </li>
        {people.map(({ participant, movedAt, leftAt }) => {
          const state = leftAt !== null ? 'left' : now - movedAt > IDLE_MS ? 'idle' : 'online';
          const followed = followingId === participant.clientId;
          return (
            <li key={participant.clientId} className="person" data-state={state} data-person={participant.name}>
              <span className="person-dot" style={{ backgroundColor: participant.color }} />
              <span className="person-text">
                <span className="person-name">{participant.name}</span>
                <span className="person-role">{teamLabel(participant.team)}</span>
              </span>
              <span className={`person-state person-state-${state}`}>
                {t(state === 'left' ? 'people.left' : state === 'idle' ? 'people.idle' : 'people.online')}
              </span>
              {state !== 'left' && (
                <button
                  type="button"
                  className={followed ? 'button button-primary person-follow' : 'button button-secondary person-follow'}
                  aria-pressed={followed}
                  title={t('people.followHint', { name: participant.name })}
                  onClick={() => onFollow(followed ? null : participant.clientId)}
                >
                  {followed ? t('people.unfollow') : t('people.follow')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      <div className="people-actions">
        <button type="button" className="button button-secondary" onClick={onBringEveryone} title={t('people.bringEveryoneHint')}>
          {t('people.bringEveryone')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          aria-pressed={presenting}
          onClick={() => onPresent(!presenting)}
          title={t('people.presentHint')}
        >
          {t('people.present')}
        </button>
      </div>
    </aside>
  );
});
