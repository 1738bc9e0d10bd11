// Who I am on boards: a display name, my part in the team and a colour, remembered on this device
// for every board.
import { PARTICIPANT_COLORS } from '#shared/colors.js';
import { isTeamRole, type TeamRole } from '#shared/presence.js';

export interface Identity {
  name: string;
  color: string;
  team: TeamRole | null;
}

const NAME_KEY = 'worksort:name';
const TEAM_KEY = 'worksort:team';
const COLOR_KEY = 'worksort:color';
export const MAX_NAME_LENGTH = 40;

export function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    // Storage can be disabled (privacy settings); then we ask for the name on every visit.
    return null;
  }
}

export function loadIdentity(): Identity | null {
  const name = storage()?.getItem(NAME_KEY)?.trim();
  if (!name) return null;
  return { name: name.slice(0, MAX_NAME_LENGTH), color: loadColor(), team: loadTeam() };
}

/** A colour chosen at random once per device, so two people in one room rarely share one. */
function loadColor(): string {
  const stored = storage()?.getItem(COLOR_KEY);
  if (stored && (PARTICIPANT_COLORS as readonly string[]).includes(stored)) return stored;
  const random = new Uint32Array(1);
  crypto.getRandomValues(random);
  const color = PARTICIPANT_COLORS[(random[0] ?? 0) % PARTICIPANT_COLORS.length] ?? PARTICIPANT_COLORS[0];
  storage()?.setItem(COLOR_KEY, color);
  return color;
}

function loadTeam(): TeamRole | null {
  const stored = storage()?.getItem(TEAM_KEY);
  return isTeamRole(stored) ? stored : null;
}

export function saveName(name: string, team: TeamRole | null = loadTeam()): Identity {
  const clean = name.trim().slice(0, MAX_NAME_LENGTH);
  storage()?.setItem(NAME_KEY, clean);
  if (team) storage()?.setItem(TEAM_KEY, team);
  else storage()?.removeItem(TEAM_KEY);
  return { name: clean, color: loadColor(), team };
}
