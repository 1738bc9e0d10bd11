// The choice of a person's part in the team (teacher, interventionist, …), or none said.
import { isTeamRole, TEAM_ROLES, type TeamRole } from '#shared/presence.js';
import { useT } from '../i18n/index.js';

export function TeamRoleSelect({
  value,
  onChange,
  className,
  id,
  name,
  label,
}: {
  value: TeamRole | null;
  onChange(team: TeamRole | null): void;
  className: string;
  id?: string;
  name?: string;
  /** An accessible name, when no <label> names the select. */
  label?: string;
}) {
  const t = useT();
  return (
    <select
      className={className}
      id={id}
      name={name}
      aria-label={label}
      value={value ?? ''}
      onChange={(event) => onChange(isTeamRole(event.target.value) ? event.target.value : null)}
    >
      <option value="">{t('team.none')}</option>
      {TEAM_ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`team.${role}`)}
        </option>
      ))}
    </select>
  );
}
