import { sql, type Kysely } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { aidDb, type AidDB } from './db.js';
import { codeOf } from './types/code.type.js';
import type { ActivityLocation } from './types/location.type.js';

/**
 * Activities' locations: rows for the graph, and the facts the mapping domain matches to the
 * registries' admin areas (queries for it to embed, so only aid names aid's tables).
 */
export function locationQuery(db: Kysely<AidDB>) {
  return db
    .selectFrom('aid_location as l')
    .select([
      'l.id',
      'l.report_id as reportId',
      'l.ref',
      'l.name',
      'l.description',
      'l.activity_description as activityDescription',
      'l.administrative',
      sql<string | null>`l.latitude::text`.as('latitude'),
      sql<string | null>`l.longitude::text`.as('longitude'),
      'l.exactness',
      'l.reach',
      'l.location_class as locationClass',
      'l.feature_designation as featureDesignation',
    ]);
}
export type LocationRow = Awaited<ReturnType<ReturnType<typeof locationQuery>['execute']>>[number];

export function activityLocation(row: LocationRow): ActivityLocation {
  return {
    id: row.id,
    ref: row.ref,
    name: row.name,
    description: row.description,
    activityDescription: row.activityDescription,
    administrative: row.administrative.map((a) => ({
      vocabulary: codeOf('GeographicVocabulary', a.vocabulary),
      level: a.level,
      code: a.code,
    })),
    point: row.latitude !== null && row.longitude !== null ? { latitude: row.latitude, longitude: row.longitude } : null,
    exactness: codeOf('GeographicExactness', row.exactness),
    reach: codeOf('GeographicLocationReach', row.reach),
    locationClass: codeOf('GeographicLocationClass', row.locationClass),
    featureDesignation: codeOf('LocationType', row.featureDesignation),
  };
}

/**
 * The locations of activities' authoritative reports: `location_id`, the activity, the location's
 * position (`seq`) and how many its report has (`locations`), its name and administrative codes,
 * and the activity's recipient countries.
 */
export function locationFacts(em: EntityManager) {
  return aidDb(em)
    .selectFrom('aid_location as l')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 'l.report_id')
    .select([
      'l.id as location_id',
      'a.id as activity_id',
      'a.iati_identifier',
      'l.seq',
      sql<number>`count(*) over (partition by l.report_id)::int`.as('locations'),
      'l.name',
      'l.administrative',
      sql<string[]>`array(select c.code from aid_recipient_country c where c.report_id = l.report_id order by c.seq)`.as('countries'),
    ]);
}

/**
 * Disbursements (transaction type 3) of activities' authoritative reports dated `from`..`to`
 * (inclusive), summed per activity and currency: `activity_id`, `currency`, `amount`.
 */
export function disbursementFacts(em: EntityManager, from: string, to: string) {
  return aidDb(em)
    .selectFrom('aid_transaction as t')
    .innerJoin('aid_activity as a', 'a.authoritative_report_id', 't.report_id')
    .where('t.type', '=', '3')
    .where(sql<boolean>`t.date between ${from}::date and ${to}::date`)
    .groupBy(['a.id', 't.currency'])
    .select(['a.id as activity_id', 't.currency', sql<string>`sum(t.value)`.as('amount')]);
}
