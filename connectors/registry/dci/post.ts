import type { TokenSource } from './auth.js';
import { DciError } from './errors.js';
import { signEnvelope, type Signer } from './signature.js';

/** A registry the hub sends signed DCI messages to, and what it signs and authenticates with. */
export interface RegistryEndpoint {
  readonly baseUrl: string;
  readonly signer: Signer;
  readonly tokens: TokenSource;
  readonly fetch: typeof fetch;
  readonly now: () => Date;
  /** What an HTTP error's body adds to the error message (default: the DCI error's code and message). */
  readonly errorDetail?: (body: string) => string;
}

/**
 * Sign the envelope and POST it to `path` under the registry's base URL with an OAuth2 bearer
 * token; a 401 gets one more try with a fresh token (the cached one may have been revoked).
 * Resolves with the JSON answer; network and HTTP failures become DciErrors naming `source`.
 */
export async function postSigned(
  to: RegistryEndpoint,
  path: string,
  envelope: { header: unknown; message: unknown },
  source: string,
  signal?: AbortSignal,
): Promise<unknown> {
  const body = JSON.stringify(signEnvelope(envelope, to.signer, to.now()));
  const url = new URL(path.replace(/^\//, ''), to.baseUrl.replace(/\/?$/, '/'));
  for (let attempt = 0; ; attempt++) {
    const token = await to.tokens.token(signal);
    let res: Response;
    try {
      res = await to.fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body,
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new DciError('REGISTRY_UNAVAILABLE', `${source}: ${(error as Error).message}`, { file: source });
    }
    if (res.status === 401 && attempt === 0) {
      await res.body?.cancel();
      to.tokens.invalidate();
      continue;
    }
    const text = await res.text();
    if (!res.ok) {
      const detail = (to.errorDetail ?? dciErrorDetail)(text);
      const code = res.status >= 500 ? 'REGISTRY_UNAVAILABLE' : 'REGISTRY_REJECTED';
      throw new DciError(code, `${source}: HTTP ${res.status}${detail ? ` (${detail})` : ''}`, { file: source });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new DciError('INVALID_MESSAGE', `${source}: the answer is not JSON`, { file: source });
    }
  }
}

/** `code: message` of a DCI error body (`errors[0]` or an ack's `message.error`); the text itself when it is not JSON. */
function dciErrorDetail(text: string): string {
  try {
    const body = JSON.parse(text) as {
      errors?: { code?: string; message?: string }[];
      message?: { error?: { code?: string; message?: string } };
    };
    const e = body.errors?.[0] ?? body.message?.error;
    return e ? [e.code, e.message].filter(Boolean).join(': ') : '';
  } catch {
    return text.slice(0, 200);
  }
}
