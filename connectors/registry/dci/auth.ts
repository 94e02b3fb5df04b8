import { randomUUID } from 'node:crypto';
import { DciError } from './errors.js';

/**
 * OAuth2 client credentials (authz_core_api `POST /oauth2/client/token`, RFC 6749 §4.4): a form
 * with grant_type=client_credentials, client_id, client_secret (and an optional scope); the answer
 * carries `access_token` and `expires_in` (seconds; the spec types it as a string). The token is
 * kept until shortly before it expires and sent as `Authorization: Bearer`.
 */
export interface OAuthConfig {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope?: string;
}

/** Lifetime assumed when the server omits `expires_in` (RFC 6749 lets it document a default). */
const DEFAULT_LIFETIME_S = 300;
/** Renew this long before expiry, or after 90 % of a shorter lifetime. */
const MARGIN_S = 30;

export class TokenSource {
  private current: { token: string; renewAt: number } | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly config: OAuthConfig,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A valid token: the cached one, or one fetched now (concurrent callers share one fetch). */
  async token(signal?: AbortSignal): Promise<string> {
    if (this.current && this.clock() < this.current.renewAt) return this.current.token;
    this.pending ??= this.fetchToken(signal).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** Forget the token (the registry answered 401: revoked or expired early). */
  invalidate(): void {
    this.current = null;
  }

  private async fetchToken(signal?: AbortSignal): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope } = this.config;
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    if (scope) form.set('scope', scope);
    let res: Response;
    try {
      res = await this.fetchImpl(tokenUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          timestamp: new Date(this.clock()).toUTCString(),
          message_id: randomUUID(),
        },
        body: form.toString(),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new DciError('REGISTRY_UNAVAILABLE', `token endpoint ${tokenUrl} unreachable: ${(error as Error).message}`, { file: tokenUrl });
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // a non-JSON error page: reported by status below
    }
    if (!res.ok) {
      const why = typeof body.error === 'string' ? ` (${body.error})` : '';
      const code = res.status >= 500 ? 'REGISTRY_UNAVAILABLE' : 'AUTH_FAILED';
      throw new DciError(code, `token endpoint ${tokenUrl} refused client "${clientId}": HTTP ${res.status}${why}`, { file: tokenUrl });
    }
    const token = body.access_token;
    if (typeof token !== 'string' || token === '') {
      throw new DciError('AUTH_FAILED', `token endpoint ${tokenUrl} answered without access_token`, {
        file: tokenUrl,
        field: 'access_token',
      });
    }
    const raw = body.expires_in;
    const lifetime = raw === undefined || raw === null || raw === '' ? DEFAULT_LIFETIME_S : Number(raw);
    if (!Number.isFinite(lifetime) || lifetime <= 0) {
      throw new DciError('AUTH_FAILED', `token endpoint ${tokenUrl}: expires_in is ${JSON.stringify(raw)}`, {
        file: tokenUrl,
        field: 'expires_in',
      });
    }
    const margin = Math.min(MARGIN_S, lifetime / 10);
    this.current = { token, renewAt: this.clock() + (lifetime - margin) * 1000 };
    return token;
  }
}
