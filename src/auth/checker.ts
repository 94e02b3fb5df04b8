import type { AuthCheckerFn } from 'type-graphql';
import { ForbiddenError, PersonalDataError } from './errors.js';
import { ANONYMOUS, hasRole, isRole, PERSONAL_DATA, type AuthContext, type Role } from './viewer.js';

/**
 * type-graphql's check behind `@Authorized<Role>(…)`: the viewer needs one of the named roles
 * (`system-admin` passes every check); `@Authorized()` with no role needs any signed-in viewer.
 * A refusal is a FORBIDDEN error naming the field and the roles it needs, thrown here rather than
 * type-graphql's generic "Access denied".
 *
 * `@Authorized(PERSONAL_DATA)` marks a personal field (a beneficiary's name, ID, phone, birth date,
 * exact location): only a registry officer reads it. A system administrator does not pass this
 * one: who administers the hub (and reads the audit log of personal reads) does not read people.
 */
export const authChecker: AuthCheckerFn<Partial<AuthContext>, Role | typeof PERSONAL_DATA> = ({ context, info }, roles) => {
  const viewer = context.viewer ?? ANONYMOUS;
  if (roles.includes(PERSONAL_DATA)) {
    if (roles.length > 1) throw new Error(`@Authorized on ${info.parentType.name}.${info.fieldName} mixes PERSONAL_DATA with roles`);
    if (!viewer.roles.includes('registry-officer')) throw new PersonalDataError(`${info.parentType.name}.${info.fieldName}`, viewer);
    return true;
  }
  const unknown = roles.find((role) => !isRole(role));
  // A typo in a decorator must not silently lock everyone but the system administrator out.
  if (unknown !== undefined) throw new Error(`@Authorized on ${info.parentType.name}.${info.fieldName} names an unknown role ${unknown}`);
  const allowed = roles.length === 0 ? viewer.via !== 'anonymous' : hasRole(viewer, roles as Role[]);
  if (!allowed) throw new ForbiddenError(`${info.parentType.name}.${info.fieldName}`, roles as Role[], viewer);
  return true;
};
