/**
 * Who is asking, and what they may do. A role is a job at the ministry, not a permission: a
 * resolver names the roles it serves with `@Authorized<Role>(…)`, and `system-admin` passes every
 * check.
 */
export const ROLES = ['analyst', 'budget-officer', 'registry-officer', 'mapping-admin', 'system-admin'] as const;

export type Role = (typeof ROLES)[number];

/** Not a role: what `@Authorized(PERSONAL_DATA)` names on a personal field (see auth/checker.ts). */
export const PERSONAL_DATA = 'personal-data';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export interface Viewer {
  /** The token's `sub`, the API key's name, or `anonymous`. */
  readonly subject: string;
  readonly roles: readonly Role[];
  readonly via: 'jwt' | 'api-key' | 'anonymous';
}

/** No credentials: may read what is public, nothing more. */
export const ANONYMOUS: Viewer = Object.freeze({ subject: 'anonymous', roles: Object.freeze([]), via: 'anonymous' });

/** What every subgraph's context carries, so resolvers and the auth checker can read `ctx.viewer`. */
export interface AuthContext {
  readonly viewer: Viewer;
}

/** True when the viewer holds one of `required` (or is a system administrator). */
export function hasRole(viewer: Viewer, required: readonly Role[]): boolean {
  return viewer.roles.includes('system-admin') || required.some((role) => viewer.roles.includes(role));
}
