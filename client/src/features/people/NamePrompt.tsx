// Asks for a display name on a first visit: it labels my pointer and what I drag for everyone.
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { TeamRole } from '#shared/presence.js';
import { useT } from '../../i18n/index.js';
import { MAX_NAME_LENGTH } from '../../sync/identity.js';
import { Dialog } from '../../ui/Dialog.js';
import { TeamRoleSelect } from '../../ui/TeamRoleSelect.js';

export function NamePrompt({ onSubmit }: { onSubmit(name: string, team: TeamRole | null): void }) {
  const t = useT();
  const [name, setName] = useState('');
  // The part each person plays in the team, shown beside their name (issue 5).
  const [team, setTeam] = useState<TeamRole | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const teamField = useId();
  // The dialog's only field: focusing it is what anyone would do next.
  useEffect(() => field.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) onSubmit(name.trim(), team);
  };
  return (
    <Dialog labelledBy="name-prompt-title" onSubmit={submit}>
      <h2 id="name-prompt-title">{t('name.title')}</h2>
      <p className="modal-text">{t('name.text')}</p>
      <label className="field">
        <span className="field-label">{t('name.label')}</span>
        <input
          className="input"
          name="name"
          ref={field}
          autoComplete="name"
          maxLength={MAX_NAME_LENGTH}
          placeholder={t('name.placeholder')}
          value={name}
          onChange={(event) => setName(event.target.value)}
        />
      </label>
      <div className="field">
        <label className="field-label" htmlFor={teamField}>
          {t('team.prompt')}
        </label>
        <TeamRoleSelect className="input" id={teamField} name="team" value={team} onChange={setTeam} />
      </div>
      <div className="modal-actions">
        <button type="submit" className="button button-primary" disabled={!name.trim()}>
          {t('name.join')}
        </button>
      </div>
    </Dialog>
  );
}
