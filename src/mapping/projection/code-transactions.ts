import { Decimal } from 'decimal.js';
import { sql } from 'kysely';
import { activityTransactions, type ActivityTransaction } from '../../aid/facts.js';
import type { EntityManager } from '../../db/orm.js';
import { coaCodesUnderKeys } from '../../finance/coa-lookup.js';
import { converterFor } from '../../finance/rate-lookup.js';
import { mappingDb } from '../db.js';
import type { AlignmentDimension, DimensionValue } from '../types.js';
import { projectionActivityIds } from './activities.js';
import { alignmentOf } from './build.js';
import type { RowAmount } from './row.js';
import { checkProjection, checkSegment, labelOf, type Projection } from './setup.js';
import { onShareOf } from './split.js';
import { transactionParts, transactionShares, type Pricing, type TransactionPlacement } from './transaction-parts.js';
import { byCountry, keyOf, type CodeKey } from './under-codes.js';

/** A donor transaction's part in a chart code: its share of the code (the codes under it added up), exact to the cent. */
export interface CodeTransaction {
  readonly transactionId: number;
  readonly iatiIdentifier: string;
  readonly type: string | null;
  readonly date: string;
  readonly fiscalYear: string;
  readonly country: string;
  readonly segment: string;
  /** Null: the part no rule places (unmapped). */
  readonly code: string | null;
  /** Per cent of the transaction in the code. */
  readonly share: string;
  readonly amount: RowAmount;
}

export interface TransactionOptions {
  readonly fiscalYears: readonly string[] | null;
  /** IATI transaction types (all when empty). */
  readonly types: readonly string[];
  readonly currency: string | null;
}

/** The fiscal year (start year) a date falls in, in a calendar starting in `startMonth`. */
export const fiscalYearOf = (date: string, startMonth: number) => {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month >= startMonth ? year : year - 1;
};

/** Every placement in these segments of the country's chart of these activities and of their transactions. */
function placementsOf(em: EntityManager, activityIds: readonly number[], country: string, segments: readonly string[] | null) {
  return mappingDb(em)
    .selectFrom('map_assignment as m')
    .select([
      'm.activity_id as activityId',
      'm.transaction_id as transactionId',
      sql<string>`substr(m.target_scheme, 5)`.as('segment'),
      'm.target_code as code',
      sql<string | null>`null::text`.as('name'),
      sql<string>`m.share::text`.as('share'),
      'm.valid_from as validFrom',
      'm.valid_to as validTo',
    ])
    .where((eb) => eb('m.activity_id', '=', eb.fn.any(sql<number[]>`${sql.val([...activityIds])}::int[]`)))
    .where('m.country', '=', country)
    .$if(segments === null, (qb) => qb.where('m.target_scheme', 'like', 'coa:%'))
    .$if(segments !== null, (qb) =>
      qb.where((eb) => eb('m.target_scheme', '=', eb.fn.any(sql<string[]>`${sql.val((segments ?? []).map((s) => `coa:${s}`))}::text[]`))),
    )
    .orderBy('m.activity_id')
    .orderBy('m.target_scheme')
    .orderBy(sql`m.target_code nulls last`)
    .execute() as Promise<TransactionPlacement[]>;
}

/** Each activity's on-treasury share (activity-level alignment), for the treasury parts of its amounts. */
async function treasuryShares(em: EntityManager, activityIds: readonly number[]) {
  const rows = await mappingDb(em)
    .selectFrom('map_alignment')
    .select(['activity_id as activityId', 'dimensions'])
    .where((eb) => eb('activity_id', '=', eb.fn.any(sql<number[]>`${sql.val([...activityIds])}::int[]`)))
    .where('transaction_id', 'is', null)
    .execute();
  return new Map(
    rows.map((row) => {
      const share = alignmentOf(row.dimensions as Partial<Record<AlignmentDimension, DimensionValue>>).onTreasury.share;
      return [row.activityId, share === null ? null : onShareOf(share)];
    }),
  );
}

/** What splitting a country's transactions needs: their placements, the treasury shares and the rates. */
async function splitting(
  em: EntityManager,
  projection: Projection,
  transactions: readonly ActivityTransaction[],
  segments: string[] | null,
) {
  const activityIds = [...new Set(transactions.map((t) => t.activityId))];
  const { country, currency } = projection.filter;
  const [placements, treasury, converter] = await Promise.all([
    placementsOf(em, activityIds, country, segments),
    treasuryShares(em, activityIds),
    converterFor(em, [...new Set([projection.calendar.currency, currency, ...transactions.map((t) => t.currency)])]),
  ]);
  const byActivity = new Map<number, TransactionPlacement[]>();
  for (const p of placements) byActivity.set(p.activityId, [...(byActivity.get(p.activityId) ?? []), p]);
  const pricing = (activityId: number): Pricing => ({
    converter,
    national: projection.calendar.currency,
    presented: currency,
    treasury: treasury.get(activityId) ?? null,
  });
  return { placementsOf: (activityId: number) => byActivity.get(activityId) ?? [], pricing };
}

const shareOf = (shares: readonly { share: string }[], group: readonly number[]) =>
  group.reduce((sum, i) => sum.plus(shares[i]!.share), new Decimal(0)).toString();

/**
 * The donor transactions placed at or below each code, in date order, each with its part of the
 * code: per country, the activities under any asked code (one statement), the codes under each
 * (one), their transactions (one), placements, treasury shares and rates (a few). The statements
 * do not grow with the codes or the transactions.
 */
export async function transactionsUnderCodes(
  em: EntityManager,
  keys: readonly CodeKey[],
  options: TransactionOptions,
): Promise<CodeTransaction[][]> {
  const answers = new Map<string, CodeTransaction[]>(keys.map((key) => [keyOf(key), []]));
  for (const [country, group] of byCountry(keys)) {
    const projection = await checkProjection(em, { country, fiscalYears: options.fiscalYears, currency: options.currency });
    const segments = [...new Set(group.map((key) => key.segment.replace(/^coa:/, '')))];
    for (const segment of segments) checkSegment(projection, segment);
    const asked = [...new Set(group.map(keyOf))];
    const [activityIds, under] = await Promise.all([
      projectionActivityIds(em, { ...projection.filter, under: null, underKeys: asked }, projection.administrative),
      coaCodesUnderKeys(em, asked).execute(),
    ]);
    if (activityIds.length === 0) continue;
    const toward = new Map<string, { key: string; code: string }[]>();
    for (const row of under) {
      const placed = `${row.segment}|${row.code}`;
      toward.set(placed, [...(toward.get(placed) ?? []), { key: row.key, code: row.key.split('|').slice(2).join('|') }]);
    }
    const transactions = await activityTransactions(em, { activityIds, types: options.types });
    if (transactions.length === 0) continue;
    const split = await splitting(em, projection, transactions, segments);
    const years = projection.filter.fiscalYears;
    for (const transaction of transactions) {
      const fiscalYear = fiscalYearOf(transaction.date, projection.calendar.startMonth);
      if (years.length > 0 && !years.includes(fiscalYear)) continue;
      for (const segment of segments) {
        const shares = transactionShares(split.placementsOf(transaction.activityId), transaction.transactionId, segment, fiscalYear);
        const groups = new Map<string, { code: string; indices: number[] }>();
        for (const [i, { code }] of shares.entries()) {
          for (const target of code === null ? [] : (toward.get(`${segment}|${code}`) ?? [])) {
            const held = groups.get(target.key) ?? { code: target.code, indices: [] };
            held.indices.push(i);
            groups.set(target.key, held);
          }
        }
        if (groups.size === 0) continue;
        const parts = transactionParts(
          transaction,
          shares,
          [...groups.values()].map((g) => g.indices),
          split.pricing(transaction.activityId),
        );
        [...groups.entries()].forEach(([key, { code, indices }], i) =>
          answers.get(key)?.push({
            ...describe(transaction, projection, fiscalYear, segment),
            code,
            share: shareOf(shares, indices),
            amount: parts[i]!,
          }),
        );
      }
    }
  }
  return keys.map((key) => answers.get(keyOf(key)) ?? []);
}

function describe(transaction: ActivityTransaction, projection: Projection, fiscalYear: number, segment: string) {
  return {
    transactionId: transaction.transactionId,
    iatiIdentifier: transaction.iatiIdentifier,
    type: transaction.type,
    date: transaction.date,
    fiscalYear: labelOf(projection.calendar, fiscalYear),
    country: projection.filter.country,
    segment,
  };
}

/**
 * Each transaction's part in every code of the national charts it is placed in (the unmapped part
 * with a null code), in one segment or every one: the way back from a transaction to its codes.
 */
export async function transactionCodeShares(
  em: EntityManager,
  transactionIds: readonly number[],
  options: { country: string | null; segment: string | null; currency: string | null },
): Promise<CodeTransaction[][]> {
  const answers = new Map<number, CodeTransaction[]>(transactionIds.map((id) => [id, []]));
  const transactions = await activityTransactions(em, { transactionIds, types: [] });
  const countries = await placedCountries(
    em,
    transactions.map((t) => t.activityId),
  );
  for (const country of options.country ? countries.filter((c) => c === options.country!.toUpperCase()) : countries) {
    const projection = await checkProjection(em, { country, segment: options.segment, currency: options.currency });
    const segments = options.segment ? [projection.filter.segment] : null;
    const split = await splitting(em, projection, transactions, segments);
    for (const transaction of transactions) {
      const fiscalYear = fiscalYearOf(transaction.date, projection.calendar.startMonth);
      const placed = split.placementsOf(transaction.activityId);
      for (const segment of segments ?? projection.segments.filter((s) => placed.some((p) => p.segment === s))) {
        const shares = transactionShares(placed, transaction.transactionId, segment, fiscalYear);
        const indices = shares.map((_, i) => [i]);
        const parts = transactionParts(transaction, shares, indices, split.pricing(transaction.activityId));
        shares.forEach(({ code, share }, i) =>
          answers.get(transaction.transactionId)?.push({
            ...describe(transaction, projection, fiscalYear, segment),
            code,
            share,
            amount: parts[i]!,
          }),
        );
      }
    }
  }
  return transactionIds.map((id) => answers.get(id) ?? []);
}

/** The countries whose chart these activities are placed in, in order. */
async function placedCountries(em: EntityManager, activityIds: readonly number[]): Promise<string[]> {
  if (activityIds.length === 0) return [];
  const rows = await mappingDb(em)
    .selectFrom('map_assignment')
    .select('country')
    .distinct()
    .where((eb) => eb('activity_id', '=', eb.fn.any(sql<number[]>`${sql.val([...activityIds])}::int[]`)))
    .where('target_scheme', 'like', 'coa:%')
    .where('country', 'is not', null)
    .orderBy('country')
    .execute();
  return rows.map((row) => row.country!);
}
