// Who else is on the board: a row of initials in each person's colour, and a list for screen readers.
import type { Awareness } from 'y-protocols/awareness';
import { useParticipants } from '../../board/hooks/useParticipants.js';
import { useT } from '../../i18n/index.js';
import type { Identity } from '../../sync/identity.js';
import { fillForWhiteText } from '../../ui/contrast.js';

const SHOWN = 5;

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [name.trim()];
  return letters
    .map((word) => [...(word ?? '').replace(/[^\p{L}\p{N}]/gu, '')][0] ?? '')
    .join('')
    .toUpperCase()
    .slice(0, 2);
}

export function Participants({ awareness, me }: { awareness: Awareness; me: Identity | null }) {
  const t = useT();
  const others = useParticipants(awareness);
  const people = [...(me ? [{ key: 'me', name: t('people.you', { name: me.name }), short: initials(me.name), color: me.color }] : [])];
  for (const other of others)
    people.push({ key: String(other.clientId), name: other.name, short: initials(other.name) || '?', color: other.color });
  const hidden = people.length - SHOWN;
  return (
    <div className="participants">
      <ul className="avatars" aria-label={t('people.label')} data-testid="participants">
        {people.slice(0, SHOWN).map((person) => (
          <li key={person.key} className="avatar" style={{ backgroundColor: fillForWhiteText(person.color) }} title={person.name}>
            <span aria-hidden="true">{person.short}</span>
            <span className="visually-hidden">{person.name}</span>
          </li>
        ))}
        {people.slice(SHOWN).map((person) => (
          <li key={person.key} className="visually-hidden">
            {person.name}
          </li>
        ))}
      </ul>
      {hidden > 0 && (
        <span className="avatar avatar-more" aria-hidden="true">
          +{hidden}
        </span>
      )}
    </div>
  );
}
