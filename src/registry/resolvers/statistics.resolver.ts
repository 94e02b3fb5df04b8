import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { LocalDate } from '../../graphql/scalars.js';
import type { RegistryContext } from '../context.js';
import { disclosurePolicy } from '../disclosure/gate.js';
import { PeriodGrain, RegistryDimension, RegistryMeasure } from '../statistics/dimensions.js';
import { registryStatistics, type StatisticsCell } from '../statistics/table.js';
import { RegistryCell, RegistryStatistics } from '../types/statistics.type.js';

const today = () => new Date().toISOString().slice(0, 10);

function toCell(cell: StatisticsCell): RegistryCell {
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

@Resolver()
export class RegistryStatisticsResolver {
  @Authorized()
  @Query(() => RegistryStatistics, {
    description:
      'Beneficiaries, households, payments, grievances or household changes, counted (payments also summed) by the dimensions in `by`: exact for a registry officer, perturbed by the cell key method for everyone else (see `exact`).',
  })
  async registryStatistics(
    @Ctx() ctx: RegistryContext,
    @Arg('measure', () => RegistryMeasure) measure: RegistryMeasure,
    @Arg('by', () => [RegistryDimension], { defaultValue: [] }) by: RegistryDimension[],
    @Arg('totals', () => [[RegistryDimension]], {
      defaultValue: [[]],
      description:
        'Totals to add, each named by the dimensions it keeps: [[]] is the grand total, [[PROGRAMME], []] adds one per programme.',
    })
    totals: RegistryDimension[][],
    @Arg('from', () => LocalDate, {
      nullable: true,
      description: 'Start of the period (needed with PERIOD; otherwise the first day of the month of to).',
    })
    from: string | null,
    @Arg('to', () => LocalDate, {
      nullable: true,
      description:
        'End of the period (default: the end of this month). Enrolments are counted as on this day (with PERIOD, on each period’s last day). Without PERIOD, payments, grievances and changes start from the first day of its month by default; anyone but a registry officer gives whole months.',
    })
    to: string | null,
    @Arg('period', () => PeriodGrain, { defaultValue: PeriodGrain.MONTH }) period: PeriodGrain,
    @Arg('areaLevel', () => Int, {
      defaultValue: 2,
      description: 'Admin level of AREA (1 region, 2 district…), above the village; below the district for registry officers only.',
    })
    areaLevel: number,
    @Arg('programmes', () => [String], { nullable: true }) programmes: string[] | null,
    @Arg('area', () => String, {
      nullable: true,
      description: 'Only this admin area and below (a district or above, except for registry officers).',
    })
    area: string | null,
    @Arg('statuses', () => [String], {
      nullable: true,
      description: 'Enrolment, payment or grievance statuses to count (default: enrolments not potential; payments paid or reconciled).',
    })
    statuses: string[] | null,
    @Arg('country', () => String, {
      nullable: true,
      description: 'Whose fiscal year FISCAL_YEAR and FISCAL_QUARTER follow (default: the one country of the programmes).',
    })
    country: string | null,
  ): Promise<RegistryStatistics> {
    const result = await registryStatistics(
      ctx.em,
      { measure, by, totals, from, to, grain: period, areaLevel, programmes, area, statuses, country },
      disclosurePolicy(ctx.viewer, ctx.k),
      ctx.statistics,
      today(),
    );
    return { ...result, dimensions: [...result.dimensions], cells: result.cells.map(toCell), totals: result.totals.map(toCell) };
  }
}
