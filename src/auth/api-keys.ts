import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from '../config.js';
import { AuthenticationError } from './errors.js';
import type { Viewer } from './viewer.js';

/**
 * API keys for machine clients (`X-Api-Key`), configured in TRIBUTARY_API_KEYS. Only SHA-256
 * digests are kept; the presented key is hashed and compared with every digest in constant time,
 * so neither the comparison nor which entry matched shows in the response time.
 */
export function viewerForApiKey(keys: readonly ApiKeyConfig[], presented: string): Viewer {
  const digest = createHash('sha256').update(presented.trim()).digest();
  let found: ApiKeyConfig | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.sha256, digest) && found === undefined) found = key;
  }
  if (!found) throw new AuthenticationError('the X-Api-Key header matches no API key this hub knows (TRIBUTARY_API_KEYS)');
  return { subject: found.name, roles: found.roles, via: 'api-key' };
}
