import { createHmac } from 'node:crypto';

/**
 * National IDs are stored only as HMAC-SHA-256 under the hub's key (TRIBUTARY_ID_HASH_KEY): the
 * same ID gives the same hash, so duplicates and matches across registries are still found, but a
 * database dump without the key does not reveal any ID (and a plain hash of the short ID space
 * could be reversed by trying every ID; a keyed one cannot).
 */
export function normaliseNationalId(id: string): string {
  return id.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
}

export function hashNationalId(key: string, id: string): string {
  return createHmac('sha256', key).update(normaliseNationalId(id)).digest('hex');
}
