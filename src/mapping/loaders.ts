import DataLoader from 'dataloader';
import { sql, type InferResult } from 'kysely';
import { activitiesIdentified, transactionActivities } from '../aid/facts.js';
import { grouped, perArguments, single } from '../db/loader-kit.js';
import type { EntityManager } from '../db/orm.js';
import { coaCodeNames, fiscalStartMonths } from '../finance/coa-lookup.js';
import { mappingDb } from './db.js';
import { loadAlignmentRules } from './alignment/table.js';
import { alignActivity, type AlignmentRow } from './apply/alignment.js';
import { loadActivityFacts } from './apply/facts.js';
import { overridesOf } from './apply/run.js';
import { aidBesideLines, aidUnderCodes, type AidOptions, type CodeKey } from './projection/under-codes.js';
import { transactionCodeShares, transactionsUnderCodes, type TransactionOptions } from './projection/code-transactions.js';
import { organisationEntities, type OrganisationKey } from './organisation-entities.js';
import { cofogCodes } from './rules/catalogue.js';
import { RULE_COLUMNS, type StoredRule } from './rules/rule-row.js';
import type { MappingChange } from './types/rule.type.js';
import { areaLocations } from './resolvers/area.resolver.js';
import { countryCalendar } from '../finance/country-calendar.js';
import { areaAid, type Window } from './locations/area-aid.js';
import { matchesOf } from './locations/queries.js';
import type { AreaLocation } from './types/area-location.type.js';

/** An assignment as the graph shows it (as `assignments` reads it). */
export type AssignmentRow = InferResult<ReturnType<typeof assignments>>[number];

export type { AlignmentRow } from './apply/alignment.js';

/** The transaction's own rows and its activity's (the current report's transactions only have assignments). */
export interface TransactionRows<R> {
  readonly transactionId: number;
  readonly own: R[];
  readonly activity: R[];
}

/** Assignments with their chart code's name (finance's codes, joined in the same statement), in the order they are shown. */
function assignments(em: EntityManager) {
  return mappingDb(em)
    .selectFrom('map_assignment as m')
    .leftJoin(coaCodeNames(em).as('c'), (join) =>
      join
        .onRef('c.country', '=', 'm.country')
        .onRef('c.code', '=', 'm.target_code')
        .on(sql<boolean>`'coa:' || c.segment = m.target_scheme`),
    )
    .select([
      'm.activity_id as activityId',
      'm.transaction_id as transactionId',
      'm.country',
      'm.target_scheme as segment',
      'm.target_code as code',
      'c.name',
      'm.share',
      'm.provenance',
      'm.rule_ids as ruleIds',
      'm.source_scheme as sourceScheme',
      'm.source_code as sourceCode',
      'm.valid_from as validFrom',
      'm.valid_to as validTo',
    ])
    .orderBy('m.target_scheme')
    .orderBy('m.country')
    .orderBy(sql`m.valid_from nulls first`)
    .orderBy('m.id');
}

/** Transactions' alignment, derived from the activities' facts by the rules now in force (as applying derives the activity's). */
async function derivedAlignment(em: EntityManager, activityIds: readonly number[]): Promise<AlignmentRow[]> {
  const [activities, rules] = await Promise.all([loadActivityFacts(em, activityIds), loadAlignmentRules(em)]);
  const overrides = await overridesOf(
    em,
    activities.map((a) => a.iatiIdentifier),
  );
  return activities.flatMap((facts) => alignActivity(facts, rules, overrides.get(facts.iatiIdentifier) ?? new Map()));
}

function withCofogNames<R extends AssignmentRow>(rows: R[]): R[] {
  const cofog = cofogCodes();
  return rows.map((row) => (row.segment === 'cofog' && row.code ? { ...row, name: cofog.get(row.code) ?? null } : row));
}

const ids = (keys: readonly (number | string)[]) => sql.val(keys.map(Number));

function byTransaction<R extends { activityId: number; transactionId: number | null }>(
  em: EntityManager,
  fetch: (activityIds: number[], transactionIds: number[]) => Promise<R[]>,
) {
  return single<number, TransactionRows<R>>(
    async (keys) => {
      const parents = await transactionActivities(em, keys.map(Number));
      const rows = parents.length
        ? await fetch(
            [...new Set(parents.map((p) => p.activityId))],
            parents.map((p) => p.transactionId),
          )
        : [];
      return parents.map(({ transactionId, activityId }) => ({
        transactionId,
        own: rows.filter((r) => r.transactionId === transactionId),
        activity: rows.filter((r) => r.activityId === activityId && r.transactionId === null),
      }));
    },
    (row) => row.transactionId,
  );
}

export function createMappingLoaders(em: EntityManager) {
  return {
    assignmentsByActivity: grouped<string, AssignmentRow & { iatiIdentifier: string }>(
      async (keys) =>
        withCofogNames(
          await assignments(em)
            .innerJoin(activitiesIdentified(em, keys).as('a'), 'a.id', 'm.activity_id')
            .select('a.iatiIdentifier')
            .where('m.transaction_id', 'is', null)
            .execute(),
        ),
      (row) => row.iatiIdentifier,
    ),
    assignmentsByTransaction: byTransaction<AssignmentRow>(em, async (activityIds, transactionIds) =>
      withCofogNames(
        await assignments(em)
          .where((eb) =>
            eb.or([
              eb('m.transaction_id', '=', eb.fn.any(sql<number[]>`${sql.val(transactionIds)}::int[]`)),
              eb.and([
                eb('m.activity_id', '=', eb.fn.any(sql<number[]>`${sql.val(activityIds)}::int[]`)),
                eb('m.transaction_id', 'is', null),
              ]),
            ]),
          )
          .execute(),
      ),
    ),
    alignmentByActivity: grouped<string, AlignmentRow & { iatiIdentifier: string }>(
      (keys) =>
        mappingDb(em)
          .selectFrom('map_alignment as m')
          .innerJoin(activitiesIdentified(em, keys).as('a'), 'a.id', 'm.activity_id')
          .select(['a.iatiIdentifier', 'm.activity_id as activityId', 'm.transaction_id as transactionId', 'm.weighting', 'm.dimensions'])
          .where('m.transaction_id', 'is', null)
          .execute(),
      (row) => row.iatiIdentifier,
    ),
    alignmentByTransaction: byTransaction<AlignmentRow>(em, (activityIds) => derivedAlignment(em, activityIds)),
    loanRules: grouped<string, AssignmentRow & { loanId: string }>(
      (keys) =>
        mappingDb(em)
          .selectFrom('map_rule as m')
          .leftJoin(coaCodeNames(em).as('c'), (join) =>
            join
              .onRef('c.country', '=', 'm.country')
              .onRef('c.code', '=', 'm.target_code')
              .on(sql<boolean>`'coa:' || c.segment = m.target_scheme`),
          )
          // A loan's rule shown as a placement of no activity, so the graph has one shape for both.
          .select([
            'm.source_code as loanId',
            sql<number>`0`.as('activityId'),
            sql<number | null>`null::int`.as('transactionId'),
            'm.target_scheme as segment',
            'm.country',
            'm.target_code as code',
            'c.name',
            'm.share',
            sql<string>`'loan-rule'`.as('provenance'),
            sql<number[]>`jsonb_build_array(m.id)`.as('ruleIds'),
            'm.source_scheme as sourceScheme',
            'm.source_code as sourceCode',
            'm.valid_from as validFrom',
            'm.valid_to as validTo',
          ])
          .where('m.status', '=', 'active')
          .where('m.source_scheme', '=', 'loan')
          .where((eb) => eb('m.source_code', '=', eb.fn.any(sql<string[]>`${sql.val([...keys])}::text[]`)))
          .orderBy('m.id')
          .execute(),
      (row) => row.loanId,
    ),
    /** Each country's fiscal-year start month, read once per request (a list of transactions asks it for each). */
    fiscalStartMonth: single<string, { country: string; month: number }>(
      (keys) => fiscalStartMonths(em, keys),
      (row) => row.country,
    ),
    ruleById: single<number, StoredRule>(
      (keys) =>
        mappingDb(em)
          .selectFrom('map_rule')
          .select(RULE_COLUMNS)
          .where((eb) => eb('id', '=', eb.fn.any(sql<number[]>`${ids(keys)}::int[]`)))
          .execute(),
      (row) => row.id,
    ),
    historyOf: grouped<string, MappingChange>(
      (keys) =>
        mappingDb(em)
          .selectFrom('map_change')
          .select([
            sql<string>`id::text`.as('id'),
            'subject',
            'subject_key as subjectKey',
            'operation',
            'version',
            'before',
            'after',
            'changed_by as changedBy',
            // MikroORM's type parsers hand timestamps over as the database's text, not as a Date.
            sql<string>`changed_at`.as('changedAt'),
            'reason',
            'batch',
          ])
          .where((eb) => eb(sql<string>`subject || ':' || subject_key`, '=', eb.fn.any(sql<string[]>`${sql.val([...keys])}::text[]`)))
          // The column, not the text `id` selected: change 10 comes after change 9.
          .orderBy('map_change.id')
          .execute(),
      (row) => `${row.subject}:${row.subjectKey}`,
    ),
    areaLocation: new DataLoader<string, AreaLocation | null>((keys) => areaLocations({ em }, keys)),
    /** Activity locations by id: the registry district each is matched to. */
    locationMatch: new DataLoader((ids: readonly number[]) => matchesOf(em, ids)),
    /** Registry districts by code: the aid located in each in a window of dates. */
    areaAid: perArguments((window: Window) => new DataLoader((areas: readonly string[]) => areaAid(em, areas, window))),
    /** Finance's fiscal calendar by country (a handful of countries, each read once). */
    countryCalendar: new DataLoader((countries: readonly string[]) =>
      Promise.all(countries.map((country) => countryCalendar(em, country))),
    ),
    /** Finance's chart codes: the aid placed at each or below, by fiscal year. */
    aidUnderCode: perArguments(
      (options: AidOptions) =>
        new DataLoader((keys: readonly CodeKey[]) => aidUnderCodes(em, keys, options), {
          cacheKeyFn: (key) => `${key.country}|${key.segment}|${key.code}`,
        }),
    ),
    /** Finance's chart codes: the donor transactions placed at each or below, with their part. */
    transactionsUnderCode: perArguments(
      (options: TransactionOptions) =>
        new DataLoader((keys: readonly CodeKey[]) => transactionsUnderCodes(em, keys, options), {
          cacheKeyFn: (key) => `${key.country}|${key.segment}|${key.code}`,
        }),
    ),
    /** Aid's transactions by id: their part in each chart code they are placed in. */
    codeSharesOfTransaction: perArguments(
      (options: { country: string | null; segment: string | null; currency: string | null }) =>
        new DataLoader((ids: readonly number[]) => transactionCodeShares(em, ids, options)),
    ),
    organisationEntities: new DataLoader((organisations: readonly OrganisationKey[]) => organisationEntities(em, organisations), {
      cacheKeyFn: (organisation) => JSON.stringify([organisation.id, organisation.name]),
    }),
    /** Finance's budget lines by id: the aid placed in each line's code of a segment, at a level. */
    aidBesideLine: perArguments(
      (options: { segment: string | null; level: number | null; currency: string | null }) =>
        new DataLoader((ids: readonly number[]) => aidBesideLines(em, ids, options)),
    ),
  };
}

export type MappingLoaders = ReturnType<typeof createMappingLoaders>;
