import { GraphQLError } from 'graphql';
import type { Role, Viewer } from './viewer.js';

/**
 * Credentials were sent and are not good (bad signature, expired, unknown key…). Never turned
 * into an anonymous request: the caller meant to be someone, and should learn why they are not.
 * The `http` extension makes the gateway answer 401 (GraphQL Yoga reads it and leaves it out of
 * the response body).
 */
export class AuthenticationError extends GraphQLError {
  readonly code = 'UNAUTHENTICATED';

  constructor(message: string, options: { readonly invalidToken?: boolean } = {}) {
    const challenge = options.invalidToken ? 'Bearer realm="tributary", error="invalid_token"' : 'Bearer realm="tributary"';
    super(message, {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: { 'WWW-Authenticate': challenge } } },
    });
    this.name = 'AuthenticationError';
  }
}

/** The viewer is known but lacks the role a field needs. */
export class ForbiddenError extends GraphQLError {
  readonly code = 'FORBIDDEN';

  constructor(field: string, required: readonly Role[], viewer: Viewer) {
    super(forbiddenMessage(field, required, viewer), { extensions: { code: 'FORBIDDEN', field, requiredRoles: [...required] } });
    this.name = 'ForbiddenError';
  }
}

/** A personal field asked for by someone who is not a registry officer. */
export class PersonalDataError extends GraphQLError {
  readonly code = 'FORBIDDEN';

  constructor(field: string, viewer: Viewer) {
    super(`${field} is personal data: only a registry officer may read it; ${whoIsAsking(viewer)}`, {
      extensions: { code: 'FORBIDDEN', field, requiredRoles: ['registry-officer'], personalData: true },
    });
    this.name = 'PersonalDataError';
  }
}

function forbiddenMessage(field: string, required: readonly Role[], viewer: Viewer): string {
  const needs =
    required.length === 0 ? `${field} needs a signed-in caller` : `${field} needs the role ${required.join(' or ')} (or system-admin)`;
  return `${needs}; ${whoIsAsking(viewer)}`;
}

/** "this request is anonymous: send …", or "amina (jwt) has the roles analyst". */
function whoIsAsking(viewer: Viewer): string {
  if (viewer.via === 'anonymous') return 'this request is anonymous: send an Authorization: Bearer token or an X-Api-Key header';
  const held = viewer.roles.length ? `the roles ${viewer.roles.join(', ')}` : 'no roles';
  return `${viewer.subject} (${viewer.via}) has ${held}`;
}
