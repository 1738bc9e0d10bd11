// Board roles and their order: owner ⊃ editor ⊃ viewer (README, "The API").

export const ROLES = ['viewer', 'editor', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose link the share dialog offers to rotate (the owner's own link rotates through the API too). */
export const ROTATABLE_ROLES = ['editor', 'viewer'] as const;
export type RotatableRole = (typeof ROTATABLE_ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` may do what `required` may do. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

export function canEdit(role: Role): boolean {
  return roleAtLeast(role, 'editor');
}
