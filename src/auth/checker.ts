import type { AuthCheckerFn } from 'type-graphql';
import { ForbiddenError } from './errors.js';
import { ANONYMOUS, hasRole, isRole, type AuthContext, type Role } from './viewer.js';

/**
 * type-graphql's check behind `@Authorized<Role>(…)`: the viewer needs one of the named roles
 * (`system-admin` passes every check); `@Authorized()` with no role needs any signed-in viewer.
 * A refusal is a FORBIDDEN error naming the field and the roles it needs, thrown here rather than
 * type-graphql's generic "Access denied".
 */
export const authChecker: AuthCheckerFn<Partial<AuthContext>, Role> = ({ context, info }, roles) => {
  const unknown = roles.find((role) => !isRole(role));
  // A typo in a decorator must not silently lock everyone but the system administrator out.
  if (unknown !== undefined) throw new Error(`@Authorized on ${info.parentType.name}.${info.fieldName} names an unknown role ${unknown}`);
  const viewer = context.viewer ?? ANONYMOUS;
  const allowed = roles.length === 0 ? viewer.via !== 'anonymous' : hasRole(viewer, roles);
  if (!allowed) throw new ForbiddenError(`${info.parentType.name}.${info.fieldName}`, roles, viewer);
  return true;
};
