import { createHash } from 'node:crypto';

/**
 * An organisation's key: its ref, else its name (lower-cased; a long name is cut and suffixed
 * with a hash of the whole, so the key stays indexable), else null.
 */
export function orgKey(org: { ref: string | null; name: string | null } | null): string | null {
  if (org?.ref) return org.ref;
  if (!org?.name) return null;
  const name = org.name.trim().toLowerCase().replace(/\s+/g, ' ');
  if (name.length <= 200) return `name:${name}`;
  return `name:${name.slice(0, 200)}…${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}
