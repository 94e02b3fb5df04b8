import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import type { EntityManager } from '../db/orm.js';
import { coaCodeNames } from '../finance/coa-lookup.js';
import { mappingDb } from './db.js';

/** One code of a national chart an activity is placed in, with its share (per cent) and the chart's name for it. */
export interface ChartPlacement {
  readonly code: string;
  readonly share: string;
  readonly name: string | null;
}

/**
 * What other modules (the IATI export) read of mapping's placements: for each of these
 * activities, the codes of one segment of a country's chart the rules place it in — at activity
 * level, the unmapped remainder left out, in the span of fiscal years that holds last (open-ended,
 * else the latest) — one entry per code (the shares of the rules reaching it added up), largest
 * share first. Activities placed nowhere are absent from the map.
 */
export async function activityChartPlacements(
  em: EntityManager,
  country: string,
  segment: string,
  activityIds: readonly number[],
): Promise<Map<number, ChartPlacement[]>> {
  const rows = await mappingDb(em)
    .selectFrom('map_assignment as m')
    .leftJoin(coaCodeNames(em).as('c'), (join) =>
      join.onRef('c.country', '=', 'm.country').onRef('c.code', '=', 'm.target_code').on('c.segment', '=', segment),
    )
    .select(['m.activity_id as activityId', 'm.target_code as code', 'm.share', 'm.valid_to as validTo', 'c.name'])
    .where('m.country', '=', country)
    .where('m.target_scheme', '=', `coa:${segment}`)
    .where('m.transaction_id', 'is', null)
    .where('m.target_code', 'is not', null)
    .where((eb) => eb('m.activity_id', '=', eb.fn.any(sql<number[]>`${sql.val([...activityIds])}::int[]`)))
    .orderBy('m.activity_id')
    .orderBy(sql`m.valid_to desc nulls first`)
    .orderBy('m.share', 'desc')
    .orderBy('m.id')
    .execute();
  const shares = new Map<number, Map<string, { share: Decimal; name: string | null }>>();
  const span = new Map<number, number | null>();
  for (const row of rows) {
    if (row.code === null) continue;
    // Rows come latest span first: a later row of an older span is not the one that holds.
    if (span.has(row.activityId) && span.get(row.activityId) !== row.validTo) continue;
    span.set(row.activityId, row.validTo);
    const codes = shares.get(row.activityId) ?? new Map<string, { share: Decimal; name: string | null }>();
    const known = codes.get(row.code);
    codes.set(row.code, { share: (known?.share ?? new Decimal(0)).plus(row.share), name: row.name });
    shares.set(row.activityId, codes);
  }
  const placements = new Map<number, ChartPlacement[]>();
  for (const [activityId, codes] of shares) {
    const list = [...codes].map(([code, { share, name }]) => ({ code, share, name }));
    list.sort((a, b) => b.share.comparedTo(a.share) || (a.code < b.code ? -1 : 1));
    placements.set(
      activityId,
      list.map(({ code, share, name }) => ({ code, share: share.toFixed(), name })),
    );
  }
  return placements;
}
