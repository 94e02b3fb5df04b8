import type { EntityManager } from '../../db/orm.js';
import { countryCalendar } from '../../finance/country-calendar.js';
import { badInput } from '../../graphql/errors.js';
import { anyOf, registryDb } from '../db.js';
import { publishWithDeadline } from '../disclosure/deadline.js';
import type { DisclosurePolicy, Tabulated } from '../disclosure/gate.js';
import { areaLevels, checkArea, checkAreaLevel } from './areas.js';
import {
  checkStatuses,
  dimensionsFor,
  PeriodGrain,
  DIMENSIONS_OF,
  RegistryDimension as D,
  STOCKS,
  type RegistryDimension,
  type RegistryMeasure,
} from './dimensions.js';
import { factCells } from './facts.js';
import { endOfMonth, isFiscal, monthsIn, periodsBetween, startOfMonth, type FiscalCalendar, type Period } from './periods.js';
import { finestCells } from './protected.js';
import { checkStatisticSize } from './size.js';

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

/** TRIBUTARY_SMALL_CELL_K, TRIBUTARY_STATISTICS_MAX_SIZE, TRIBUTARY_STATISTICS_DEADLINE_MS. */
export interface StatisticsLimits {
  readonly k: number;
  readonly maxSize: number;
  readonly deadlineMs: number;
}

export interface StatisticsCell {
  readonly values: Partial<Record<RegistryDimension, string>>;
  readonly areaName: string | null;
  readonly count: number;
  readonly amount: string | null;
  readonly over: readonly RegistryDimension[] | null;
}

export interface Statistics {
  readonly measure: RegistryMeasure;
  readonly dimensions: readonly RegistryDimension[];
  readonly from: string;
  readonly to: string;
  readonly k: number;
  /** True for a registry officer; otherwise every count and amount went through the cell key method. */
  readonly exact: boolean;
  readonly cells: readonly StatisticsCell[];
  readonly totals: readonly StatisticsCell[];
}

/**
 * A registry statistic as the viewer may see it (see disclosure/gate.ts): counts (and, for
 * payments, sums) by the asked dimensions, exact for a registry officer and perturbed by the cell
 * key method for everyone else.
 */
export async function registryStatistics(
  em: EntityManager,
  request: StatisticsRequest,
  policy: DisclosurePolicy,
  limits: StatisticsLimits,
  today: string,
): Promise<Statistics> {
  const dimensions = dimensionsFor(request.measure, request.by);
  checkStatuses(request.measure, request.statuses);
  const totals = totalsAsked(request.totals, dimensions);
  const areas = await areaLevels(em);
  checkAreaLevel(request.areaLevel, areas, policy);
  if (request.area != null) await checkArea(em, request.area, areas, policy);
  const to = request.to ?? endOfMonth(today);
  const stock = STOCKS.has(request.measure);
  const from = request.from ?? (stock ? to : startOfMonth(to));
  const calendar = dimensions.includes(D.PERIOD) && isFiscal(request.grain) ? await fiscalCalendar(em, request) : null;
  const windows: Period[] = dimensions.includes(D.PERIOD)
    ? periodsBetween(from, to, request.grain, calendar)
    : [{ label: `${from}/${to}`, ...periodBounds(from, to, policy, stock) }];
  // Enrolments are counted as on each window's last day: snapshots a day apart are not nested,
  // so no window can be subtracted from another to single out the people who left or joined.
  const counted = stock ? windows.map((window) => ({ ...window, start: window.end })) : windows;
  // Sized as computed: an officer's cells as asked; anyone else's finest cells (every dimension, by
  // district, flows by month), which is what the hub groups before adding up.
  const finest = !policy.exact;
  await checkStatisticSize(
    em,
    {
      ...request,
      dimensions: finest ? DIMENSIONS_OF[request.measure] : dimensions,
      periods: finest && !stock ? counted.reduce((months, w) => months + monthsIn(w), 0) : counted.length,
      areaLevel: finest ? areas.district : request.areaLevel,
    },
    limits.maxSize,
  );
  const scope = { measure: request.measure, programmes: request.programmes, area: request.area, statuses: request.statuses };
  const grouped = policy.exact
    ? {
        facts: await factCells(em, { ...scope, dimensions, windows: counted, areaLevel: request.areaLevel }),
        windowOf: null,
        ancestors: null,
      }
    : await finestCells(em, { ...scope, windows: counted, areaLevel: request.areaLevel, atomicLevel: areas.district });
  const table = await publishWithDeadline({ ...grouped, k: policy.exact ? null : policy.k, dimensions, totals }, limits.deadlineMs);
  const names = await areaNames(em, dimensions.includes(D.AREA) ? table.cells.map((c) => c.dims[D.AREA] ?? '') : []);
  const cellOf = (cell: Tabulated): StatisticsCell => ({
    values: cell.dims as Partial<Record<RegistryDimension, string>>,
    areaName: names.get(cell.dims[D.AREA] ?? '') ?? null,
    count: cell.count,
    amount: cell.amount,
    over: cell.over as RegistryDimension[] | null,
  });
  return {
    measure: request.measure,
    dimensions,
    from: windows[0]?.start ?? from,
    to: windows.at(-1)?.end ?? to,
    k: limits.k,
    exact: policy.exact,
    cells: table.cells.map(cellOf),
    totals: table.totals.map(cellOf),
  };
}

/** Totals keep their dimensions in table order; money is never added across currencies. */
function totalsAsked(asked: readonly (readonly RegistryDimension[])[], dimensions: readonly RegistryDimension[]): RegistryDimension[][] {
  const kept = asked.map((over) => {
    const wrong = over.find((d) => !dimensions.includes(d));
    if (wrong) throw badInput(`a total over ${wrong} needs ${wrong} in by`, 'totals');
    return dimensions.filter((d) => over.includes(d) || d === D.CURRENCY);
  });
  // A total keeping every dimension is the cells themselves (payments by currency alone): not repeated.
  return [...new Map(kept.filter((over) => over.length < dimensions.length).map((over) => [over.join(), over])).values()];
}

/** The fiscal calendar of the asked country, or of the one country the programmes (asked, or all) are in. */
async function fiscalCalendar(em: EntityManager, request: StatisticsRequest): Promise<FiscalCalendar> {
  let country = request.country?.toUpperCase() ?? null;
  if (!country) {
    const programmes = request.programmes;
    const countries = await registryDb(em)
      .selectFrom('reg_programme')
      .select('country')
      .distinct()
      .$if(Boolean(programmes), (query) => query.where('code', '=', anyOf(programmes ?? [], 'text')))
      .orderBy('country')
      .execute();
    if (countries.length !== 1)
      throw badInput(
        `fiscal periods need one country's calendar: give country (the programmes are in ${countries.map((c) => c.country).join(', ') || 'no country'})`,
        'country',
      );
    country = countries[0]!.country;
  }
  const row = await countryCalendar(em, country);
  if (!row) throw badInput(`no fiscal calendar for ${country}: finance has no chart of accounts for it`, 'country');
  return row;
}

/**
 * A window without PERIOD. For anyone but a registry officer it is whole months (for enrolments,
 * counted on `to`, a month's last day): windows a day apart could be subtracted to single out the
 * people of that day.
 */
function periodBounds(from: string, to: string, policy: DisclosurePolicy, stock: boolean): { start: string; end: string } {
  if (from > to) throw badInput(`from (${from}) is after to (${to})`, 'from');
  if (!policy.exact && !stock && from !== startOfMonth(from))
    throw badInput(`from must be the first day of a month (${startOfMonth(from)}, not ${from}): statistics are by whole months`, 'from');
  if (!policy.exact && to !== endOfMonth(to))
    throw badInput(`to must be the last day of a month (${endOfMonth(to)}, not ${to}): statistics are by whole months`, 'to');
  return { start: from, end: to };
}

async function areaNames(em: EntityManager, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await registryDb(em)
    .selectFrom('reg_area')
    .select(['code', 'name'])
    .where('code', '=', anyOf([...new Set(codes)], 'text'))
    .execute();
  return new Map(rows.map((row) => [row.code, row.name]));
}
