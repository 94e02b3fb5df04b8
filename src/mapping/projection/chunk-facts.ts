import { sql } from 'kysely';
import { activityProfiles, activityYearAmounts, type ActivityProfile, type YearAmount } from '../../aid/projection-facts.js';
import type { EntityManager } from '../../db/orm.js';
import { coaCodeNames } from '../../finance/coa-lookup.js';
import { loanFinancedActivities } from '../../finance/loan-links.js';
import { mappingDb } from '../db.js';
import type { AlignmentDimension, DimensionValue } from '../types.js';

/** One activity-level placement in a segment of the country's chart, with the code's name. */
export interface Placement {
  readonly activityId: number;
  readonly segment: string;
  readonly code: string | null;
  readonly name: string | null;
  readonly share: string;
  /** Fiscal years (start years) the placement holds for; null is open. */
  readonly validFrom: number | null;
  readonly validTo: number | null;
}

/** Everything the view needs of one chunk of activities: five statements, whatever its size. */
export interface ChunkFacts {
  readonly profiles: readonly ActivityProfile[];
  readonly amounts: readonly YearAmount[];
  readonly placements: readonly Placement[];
  readonly alignments: ReadonlyMap<number, Partial<Record<AlignmentDimension, DimensionValue>>>;
  readonly loanFinanced: ReadonlySet<string>;
}

export async function chunkFacts(
  em: EntityManager,
  ids: readonly number[],
  country: string,
  options: { startMonth: number; quarters: boolean },
): Promise<ChunkFacts> {
  const db = mappingDb(em);
  const activityIds = sql<number[]>`${sql.val([...ids])}::int[]`;
  const [profiles, amounts, placements, alignments] = await Promise.all([
    activityProfiles(em, ids),
    activityYearAmounts(em, ids, options),
    placementsOf(em, ids, country),
    db
      .selectFrom('map_alignment')
      .select(['activity_id as activityId', 'dimensions'])
      .where((eb) => eb('activity_id', '=', eb.fn.any(activityIds)))
      .where('transaction_id', 'is', null)
      .execute(),
  ]);
  const loanFinanced = await loanFinancedActivities(
    em,
    profiles.map((p) => p.iatiIdentifier),
  );
  return {
    profiles,
    amounts,
    placements,
    alignments: new Map(alignments.map((a) => [a.activityId, a.dimensions as Partial<Record<AlignmentDimension, DimensionValue>>])),
    loanFinanced,
  };
}

/** Every activity-level placement of these activities in the country's chart, by activity, segment and code (unmapped last). */
export function placementsOf(em: EntityManager, ids: readonly number[], country: string): Promise<Placement[]> {
  const activityIds = sql<number[]>`${sql.val([...ids])}::int[]`;
  return mappingDb(em)
    .selectFrom('map_assignment as m')
    .leftJoin(coaCodeNames(em).as('n'), (join) =>
      join
        .onRef('n.country', '=', 'm.country')
        .on('n.segment', '=', sql<string>`substr(m.target_scheme, 5)`)
        .onRef('n.code', '=', 'm.target_code'),
    )
    .select([
      'm.activity_id as activityId',
      sql<string>`substr(m.target_scheme, 5)`.as('segment'),
      'm.target_code as code',
      'n.name',
      sql<string>`m.share::text`.as('share'),
      'm.valid_from as validFrom',
      'm.valid_to as validTo',
    ])
    .where((eb) => eb('m.activity_id', '=', eb.fn.any(activityIds)))
    .where('m.country', '=', country)
    .where('m.target_scheme', 'like', 'coa:%')
    .where('m.transaction_id', 'is', null)
    .orderBy('m.activity_id')
    .orderBy('m.target_scheme')
    .orderBy(sql`m.target_code nulls last`)
    .execute();
}
