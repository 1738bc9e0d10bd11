// Who may call a class's routes: the one place a request's token is checked against a class.
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { type Role, roleAtLeast } from '#shared/roles.js';
import { tokenOf } from '../auth.js';
import { forbidden, notFound, unauthorized } from '../errors.js';

/** The role each admitted request's class token grants (the class page shows what it may do). */
const classRoles = new WeakMap<object, Role>();

export function grantedClassRole(request: FastifyRequest): Role {
  return classRoles.get(request) ?? 'viewer';
}

/** A pre-handler that admits requests whose token is a token of `:classId` with at least `role`. */
export function classRoleCheck(app: FastifyInstance) {
  return (role: Role, action: string): preHandlerAsyncHookHandler =>
    async (request) => {
      const token = tokenOf(request);
      const classId = (request.params as { classId?: string }).classId;
      if (!token || !classId) throw unauthorized();
      const grant = await app.classStore.findClassToken(token);
      // A token of another class, or of a board, is an unknown token here.
      if (!grant || grant.classId !== classId) throw unauthorized();
      if (!roleAtLeast(grant.role, role)) throw forbidden(action);
      classRoles.set(request, grant.role);
    };
}

export async function classOrNotFound(app: FastifyInstance, classId: string) {
  const found = await app.classStore.getClass(classId);
  if (!found) throw notFound('This class');
  return found;
}
