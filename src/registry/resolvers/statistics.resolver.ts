import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RegistryContext } from '../context.js';
import { disclosurePolicy } from '../disclosure/gate.js';
import { registryStatistics } from '../statistics/table.js';
import { RegistryStatistics } from '../types/statistics.type.js';
import { requestOf, StatisticsArgs, today, toStatistics } from './statistics-args.js';

@Resolver()
export class RegistryStatisticsResolver {
  @Authorized()
  @Query(() => RegistryStatistics, {
    description:
      'Beneficiaries, households, payments, grievances or household changes, counted (payments also summed) by the dimensions in `by`: exact for a registry officer, perturbed by the cell key method for everyone else (see `exact`).',
  })
  async registryStatistics(
    @Ctx() ctx: RegistryContext,
    @Args(() => StatisticsArgs) args: StatisticsArgs,
    @Arg('programmes', () => [String], { nullable: true }) programmes: string[] | null,
    @Arg('country', () => String, {
      nullable: true,
      description: 'Whose fiscal year FISCAL_YEAR and FISCAL_QUARTER follow (default: the one country of the programmes).',
    })
    country: string | null,
  ): Promise<RegistryStatistics> {
    const request = { ...requestOf(args), programmes, country };
    return toStatistics(await registryStatistics(ctx.em, request, disclosurePolicy(ctx.viewer, ctx.k), ctx.statistics, today()));
  }
}
