import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { activitiesOfDonors } from '../../aid/projection-facts.js';
import { activitiesReporting } from '../../aid/facts.js';
import type { EntityManager } from '../../db/orm.js';
import { coaCodesUnder, coaCodesUnderKeys } from '../../finance/coa-lookup.js';
import { mappingDb, type MappingDB } from '../db.js';
import { statusesFor, type AlignmentFilter, type ProjectionFilter } from './filter.js';

/**
 * The activities of the view, in id order: those placed in the country's administrative segment
 * (every activity in a country with a chart is, if only as unmapped), narrowed by the filters
 * that concern a whole activity. One statement; aid's and finance's parts come from their
 * exported queries.
 */
type Assignments = ExpressionBuilder<MappingDB & { m: MappingDB['map_assignment'] }, 'm'>;

function alignmentIs(eb: Assignments, dimension: 'onTreasury' | 'onBudget', filters: readonly AlignmentFilter[]): Expression<SqlBool> {
  const statuses = statusesFor(filters);
  const status = sql<string>`coalesce(al.dimensions->${dimension}->>'status', 'UNKNOWN')`;
  const known = eb
    .selectFrom('map_alignment as al')
    .select(sql`1`.as('one'))
    .whereRef('al.activity_id', '=', 'm.activity_id')
    .where('al.transaction_id', 'is', null)
    .where(status, '=', eb.fn.any(sql<string[]>`${sql.val(statuses)}::text[]`));
  const none = eb
    .selectFrom('map_alignment as al')
    .select(sql`1`.as('one'))
    .whereRef('al.activity_id', '=', 'm.activity_id')
    .where('al.transaction_id', 'is', null);
  return statuses.includes('UNKNOWN') ? eb.or([eb.exists(known), eb.not(eb.exists(none))]) : eb.exists(known);
}

/** What selects activities: the view's activity-wide filters, the codes (at any level) of one segment they must be placed under. */
export type ActivitySelection = Pick<ProjectionFilter, 'country' | 'treasury' | 'budget' | 'donors' | 'sectors'> & {
  readonly under: { readonly segment: string; readonly codes: readonly string[] } | null;
  /** Placed (the activity or one of its transactions) at or below any of these chart codes (`country|segment|code`, any segments). */
  readonly underKeys?: readonly string[];
};

export async function projectionActivityIds(em: EntityManager, filter: ActivitySelection, administrative: string): Promise<number[]> {
  const { country, under } = filter;
  const dac5 = filter.sectors.filter((s) => s.length === 5);
  const dac3 = filter.sectors.filter((s) => s.length === 3);
  const rows = await mappingDb(em)
    .selectFrom('map_assignment as m')
    .select('m.activity_id as id')
    .distinct()
    .where('m.country', '=', country)
    .where('m.target_scheme', '=', `coa:${administrative}`)
    .where('m.transaction_id', 'is', null)
    .$if(filter.treasury.length > 0, (q) => q.where((eb) => alignmentIs(eb, 'onTreasury', filter.treasury)))
    .$if(filter.budget.length > 0, (q) => q.where((eb) => alignmentIs(eb, 'onBudget', filter.budget)))
    .$if(filter.donors.length > 0, (q) => q.where(sql<SqlBool>`m.activity_id in (${activitiesOfDonors(em, filter.donors)})`))
    .$if(filter.sectors.length > 0, (q) =>
      q.where((eb) =>
        eb.or(
          activitiesReporting(em, { dac5, dac3, otherSectors: [], budgetIdentifiers: [], orgRefs: [], orgNames: [], identifiers: [] }).map(
            (ids) => sql<SqlBool>`m.activity_id in (${ids})`,
          ),
        ),
      ),
    )
    .$if(under !== null, (q) =>
      q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('map_assignment as v')
            .select(sql`1`.as('one'))
            .whereRef('v.activity_id', '=', 'm.activity_id')
            .where('v.country', '=', country)
            .where('v.target_scheme', '=', `coa:${under!.segment}`)
            .where('v.transaction_id', 'is', null)
            .where(sql<SqlBool>`v.target_code in (${coaCodesUnder(em, country, under!.segment, under!.codes)})`),
        ),
      ),
    )
    .$if(filter.underKeys !== undefined, (q) =>
      q.where(
        'm.activity_id',
        'in',
        mappingDb(em)
          .selectFrom('map_assignment as k')
          .innerJoin(coaCodesUnderKeys(em, filter.underKeys ?? []).as('u'), (join) =>
            join
              .onRef('u.country', '=', 'k.country')
              .on(sql<SqlBool>`k.target_scheme = 'coa:' || u.segment`)
              .onRef('u.code', '=', 'k.target_code'),
          )
          // An activity counts whether it or only one of its transactions is placed there.
          .select('k.activity_id'),
      ),
    )
    .orderBy('m.activity_id')
    .execute();
  return rows.map((row) => row.id);
}
