import { sql } from 'kysely';
import { select } from '../../db/loader-kit.js';
import type { EntityManager } from '../../db/orm.js';
import { badInput } from '../../graphql/errors.js';
import { suppress, type PublishedCell, type SuppressionResult } from '../suppression/index.js';
import {
  checkStatuses,
  dimensionsFor,
  PeriodGrain,
  RegistryDimension as D,
  type RegistryDimension,
  type RegistryMeasure,
} from './dimensions.js';
import { factCells, type FactCell } from './facts.js';
import { isFiscal, periodsBetween, type FiscalCalendar, type Period } from './periods.js';

export interface StatisticsRequest {
  readonly measure: RegistryMeasure;
  readonly by: readonly RegistryDimension[];
  /** Totals to return, each named by the dimensions it keeps ([] is the grand total). */
  readonly totals: readonly (readonly RegistryDimension[])[];
  readonly from: string | null;
  readonly to: string | null;
  readonly grain: PeriodGrain;
  readonly areaLevel: number;
  readonly programmes: readonly string[] | null;
  readonly area: string | null;
  readonly statuses: readonly string[] | null;
  /** Whose fiscal calendar fiscal grains follow (default: the one country of the programmes). */
  readonly country: string | null;
}

export interface StatisticsCell {
  readonly values: Partial<Record<RegistryDimension, string>>;
  readonly areaName: string | null;
  readonly count: number | null;
  readonly amount: string | null;
  readonly suppressed: boolean;
  readonly suppressionReason: string | null;
  readonly over: readonly RegistryDimension[] | null;
}

export interface Statistics {
  readonly measure: RegistryMeasure;
  readonly dimensions: readonly RegistryDimension[];
  readonly from: string;
  readonly to: string;
  readonly k: number;
  readonly cells: readonly StatisticsCell[];
  readonly totals: readonly StatisticsCell[];
  readonly suppressedCount: number;
}

/** The deepest area level a statistic may be broken down to: villages (the lowest level) are exact locations. */
async function lowestLevel(em: EntityManager): Promise<number> {
  const [row] = await select(em, sql<{ level: number | null }>`select max(level)::int as level from reg_area`);
  return row?.level ?? 0;
}

/**
 * A registry statistic as anyone signed in may see it: counts (and, for payments, exact sums) by
 * the asked dimensions, with every cell under k hidden and every cell or total from which a hidden
 * one could be worked out hidden too.
 */
export async function registryStatistics(em: EntityManager, request: StatisticsRequest, k: number, today: string): Promise<Statistics> {
  const dimensions = dimensionsFor(request.measure, request.by);
  checkStatuses(request.measure, request.statuses);
  const asked = request.totals.map((over) => {
    const wrong = over.find((d) => !dimensions.includes(d));
    if (wrong) throw badInput(`a total over ${wrong} needs ${wrong} in by`, 'totals');
    // Money is never added across currencies: a payments total keeps its currency.
    return dimensions.filter((d) => over.includes(d) || d === D.CURRENCY);
  });
  // A total keeping every dimension is the cells themselves (payments by currency alone): not repeated.
  const totals = [...new Map(asked.filter((over) => over.length < dimensions.length).map((over) => [over.join(), over])).values()];
  const lowest = await lowestLevel(em);
  if (request.areaLevel < 1 || (lowest > 1 && request.areaLevel >= lowest))
    throw badInput(`areaLevel must be from 1 to ${Math.max(1, lowest - 1)}: level ${lowest} areas are exact locations`, 'areaLevel');
  const to = request.to ?? today;
  const from = request.from ?? (dimensions.includes(D.PERIOD) ? null : to);
  if (from === null) throw badInput('a breakdown by PERIOD needs from (and to, default today)', 'from');
  const calendar = dimensions.includes(D.PERIOD) && isFiscal(request.grain) ? await fiscalCalendar(em, request) : null;
  const windows: Period[] = dimensions.includes(D.PERIOD)
    ? periodsBetween(from, to, request.grain, calendar)
    : [{ label: `${from}/${to}`, ...periodBounds(from, to) }];
  const facts = await factCells(em, {
    measure: request.measure,
    dimensions,
    windows,
    areaLevel: request.areaLevel,
    programmes: request.programmes,
    area: request.area,
    statuses: request.statuses,
  });
  const result = dimensions.length
    ? suppress(
        facts.map((f) => ({ dims: f.dims, count: f.count, ...(f.amount === null ? {} : { sums: { amount: f.amount } }) })),
        { k, dimensions, totals },
      )
    : grandTotalOnly(facts[0] ?? { dims: {}, count: 0, amount: null }, k, totals.length > 0);
  const names = await areaNames(em, dimensions.includes(D.AREA) ? facts.map((f) => f.dims[D.AREA] ?? '') : []);
  const cellOf = (cell: PublishedCell, over: readonly RegistryDimension[] | null): StatisticsCell => ({
    values: cell.dims as Partial<Record<RegistryDimension, string>>,
    areaName: names.get(cell.dims[D.AREA] ?? '') ?? null,
    count: cell.count,
    amount: cell.suppressed ? null : (cell.sums.amount ?? null),
    suppressed: cell.suppressed,
    suppressionReason: cell.reason,
    over,
  });
  return {
    measure: request.measure,
    dimensions,
    from: windows[0]?.start ?? from,
    to: windows.at(-1)?.end ?? to,
    k: result.k,
    cells: result.cells.map((cell) => cellOf(cell, null)),
    totals: result.totals.map((total) => cellOf(total, total.over as RegistryDimension[])),
    suppressedCount: result.cells.filter((cell) => cell.suppressed).length,
  };
}

/** No breakdown: one number, hidden if it is small (there is nothing to derive it from). */
function grandTotalOnly(fact: FactCell, k: number, withTotal: boolean): SuppressionResult {
  const hidden = fact.count > 0 && fact.count < k;
  const cell: PublishedCell = hidden
    ? { dims: {}, suppressed: true, reason: 'primary', count: null, sums: { amount: null } }
    : { dims: {}, suppressed: false, reason: null, count: fact.count, sums: fact.amount === null ? {} : { amount: fact.amount } };
  return { k, cells: [cell], totals: withTotal ? [{ ...cell, over: [] }] : [], steps: [] };
}

/** The fiscal calendar of the asked country, or of the one country the programmes (asked, or all) are in. */
async function fiscalCalendar(em: EntityManager, request: StatisticsRequest): Promise<FiscalCalendar> {
  let country = request.country?.toUpperCase() ?? null;
  if (!country) {
    const filter = request.programmes ? sql`where code = any(${sql.val([...request.programmes])}::text[])` : sql``;
    const countries = await select(em, sql<{ country: string }>`select distinct country from reg_programme ${filter} order by 1`);
    if (countries.length !== 1)
      throw badInput(
        `fiscal periods need one country's calendar: give country (the programmes are in ${countries.map((c) => c.country).join(', ') || 'no country'})`,
        'country',
      );
    country = countries[0]!.country;
  }
  const [row] = await select(
    em,
    sql<FiscalCalendar>`select country, fiscal_year_start_month as "startMonth", fiscal_year_label as label from fin_country where country = ${country}`,
  );
  if (!row) throw badInput(`no fiscal calendar for ${country}: finance has no chart of accounts for it`, 'country');
  return row;
}

function periodBounds(from: string, to: string): { start: string; end: string } {
  if (from > to) throw badInput(`from (${from}) is after to (${to})`, 'from');
  return { start: from, end: to };
}

async function areaNames(em: EntityManager, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await select(
    em,
    sql<{ code: string; name: string }>`select code, name from reg_area where code = any(${sql.val([...new Set(codes)])}::text[])`,
  );
  return new Map(rows.map((row) => [row.code, row.name]));
}
