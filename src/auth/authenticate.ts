import type { AuthConfig } from '../config.js';
import { viewerForApiKey } from './api-keys.js';
import { AuthenticationError } from './errors.js';
import { loadJwtSettings, verifyToken } from './jwt.js';
import { ANONYMOUS, type Viewer } from './viewer.js';

/**
 * Turns an HTTP request's credentials into a `Viewer`: `Authorization: Bearer <JWT>` for people,
 * `X-Api-Key: <key>` for machine clients, neither for the anonymous public. Credentials that are
 * present but wrong are an AuthenticationError, never a quiet fall back to anonymous.
 */
export interface Authenticator {
  authenticate(headers: Headers): Promise<Viewer>;
  /** `authenticate`, done once per request object however many subgraphs the request reaches. */
  viewerOf(request: Request): Promise<Viewer>;
}

export async function createAuthenticator(auth: AuthConfig): Promise<Authenticator> {
  const jwt = await loadJwtSettings(auth);
  const authenticate = async (headers: Headers): Promise<Viewer> => {
    const authorization = headers.get('authorization')?.trim();
    const apiKey = headers.get('x-api-key')?.trim();
    if (authorization && apiKey) throw new AuthenticationError('send an Authorization header or an X-Api-Key header, not both');
    if (apiKey) return viewerForApiKey(auth.apiKeys, apiKey);
    if (!authorization) return ANONYMOUS;
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (!token) throw new AuthenticationError('the Authorization header must be "Bearer <token>"', { invalidToken: true });
    if (!jwt) {
      throw new AuthenticationError('this hub accepts no bearer tokens (TRIBUTARY_JWT_SECRET is not set); use an X-Api-Key', {
        invalidToken: true,
      });
    }
    return verifyToken(jwt, token);
  };
  const cache = new WeakMap<Request, Promise<Viewer>>();
  return {
    authenticate,
    viewerOf(request) {
      let viewer = cache.get(request);
      if (!viewer) {
        viewer = authenticate(request.headers);
        cache.set(request, viewer);
      }
      return viewer;
    },
  };
}
