import { sql } from 'kysely';
import type { EntityManager } from '../../db/orm.js';
import { mappingDb } from '../db.js';
import { locationMatches, type LocationMatchRow } from './match.js';

/** The match of each of these locations (null for an id that is no location of an authoritative report), in key order. */
export async function matchesOf(em: EntityManager, ids: readonly number[]): Promise<(LocationMatchRow | null)[]> {
  const { rows } = await sql<LocationMatchRow>`select * from ${locationMatches(em)} m
    where m.location_id = any(${sql.val([...ids])}::int[])`.execute(mappingDb(em));
  const byId = new Map(rows.map((row) => [row.location_id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Locations of activities in `country` that no district matched, by activity and position; at most `first`. */
export async function unmatchedIn(em: EntityManager, country: string, first: number): Promise<LocationMatchRow[]> {
  const { rows } = await sql<LocationMatchRow>`select * from ${locationMatches(em)} m
    where m.area is null and ${country} = any(m.countries)
    order by m.iati_identifier, m.seq limit ${first}`.execute(mappingDb(em));
  return rows;
}
