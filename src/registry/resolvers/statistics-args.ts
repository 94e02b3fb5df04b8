import { ArgsType, Field, Int } from 'type-graphql';
import { LocalDate } from '../../graphql/scalars.js';
import { PeriodGrain, RegistryDimension, RegistryMeasure } from '../statistics/dimensions.js';
import type { ProgrammeStatisticsRequest } from '../statistics/by-programme.js';
import type { Statistics, StatisticsCell } from '../statistics/table.js';
import type { RegistryCell, RegistryStatistics } from '../types/statistics.type.js';

/** What a registry statistic is asked with, wherever it is asked (registryStatistics, a programme's statistics). */
@ArgsType()
export class StatisticsArgs {
  @Field(() => RegistryMeasure)
  measure!: RegistryMeasure;

  @Field(() => [RegistryDimension], { defaultValue: [] })
  by!: RegistryDimension[];

  @Field(() => [[RegistryDimension]], {
    defaultValue: [[]],
    description: 'Totals to add, each named by the dimensions it keeps: [[]] is the grand total, [[PROGRAMME], []] adds one per programme.',
  })
  totals!: RegistryDimension[][];

  @Field(() => LocalDate, {
    nullable: true,
    description: 'Start of the period (needed with PERIOD; otherwise the first day of the month of to).',
  })
  from!: string | null;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      'End of the period (default: the end of this month). Enrolments are counted as on this day (with PERIOD, on each period’s last day). Without PERIOD, payments, grievances and changes start from the first day of its month by default; anyone but a registry officer gives whole months.',
  })
  to!: string | null;

  @Field(() => PeriodGrain, { defaultValue: PeriodGrain.MONTH })
  period!: PeriodGrain;

  @Field(() => Int, {
    defaultValue: 2,
    description: 'Admin level of AREA (1 region, 2 district…), above the village; below the district for registry officers only.',
  })
  areaLevel!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Only this admin area and below (a district or above, except for registry officers).',
  })
  area!: string | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Enrolment, payment or grievance statuses to count (default: enrolments not potential; payments paid or reconciled).',
  })
  statuses!: string[] | null;
}

export const today = () => new Date().toISOString().slice(0, 10);

export function toCell(cell: StatisticsCell): RegistryCell {
  const v = cell.values;
  return {
    programme: v.PROGRAMME ?? null,
    area: v.AREA ?? null,
    areaName: cell.areaName,
    period: v.PERIOD ?? null,
    sex: v.SEX ?? null,
    ageBand: v.AGE_BAND ?? null,
    status: v.STATUS ?? null,
    currency: v.CURRENCY ?? null,
    category: v.CATEGORY ?? null,
    channel: v.CHANNEL ?? null,
    priority: v.PRIORITY ?? null,
    kind: v.KIND ?? null,
    count: cell.count,
    amount: cell.amount,
    over: cell.over ? [...cell.over] : null,
  };
}

/** The arguments as the statistics code takes them (every programme; `programmes` and `country` are the caller's). */
export function requestOf(args: StatisticsArgs): ProgrammeStatisticsRequest {
  const { period, ...rest } = args;
  return { ...rest, grain: period, from: rest.from ?? null, to: rest.to ?? null, area: rest.area ?? null, statuses: rest.statuses ?? null };
}

export function toStatistics(result: Statistics): RegistryStatistics {
  return { ...result, dimensions: [...result.dimensions], cells: result.cells.map(toCell), totals: result.totals.map(toCell) };
}
