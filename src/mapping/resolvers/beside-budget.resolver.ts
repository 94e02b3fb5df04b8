import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { MappingContext } from '../context.js';
import { aidBesideBudget } from '../projection/beside-budget.js';
import { placedActivities } from '../projection/placed.js';
import { AidBesideBudgetRow, PlacedActivities, PlacedActivitiesFilter } from '../types/beside-budget.type.js';
import { AidProjectionFilter } from '../types/projection.type.js';
import { checkPage } from './projection.resolver.js';

@Resolver()
export class AidBudgetResolver {
  @Query(() => [AidBesideBudgetRow], {
    description:
      "Aid per code of the filter's segment, rolled up to `level` (1 = votes; omitted: the codes as placed), on, off and unknown to the budget, beside finance's budget for the same code and year.",
  })
  aidBesideBudget(
    @Ctx() ctx: MappingContext,
    @Arg('filter', () => AidProjectionFilter) filter: AidProjectionFilter,
    @Arg('level', () => Int, { nullable: true }) level?: number | null,
  ) {
    return aidBesideBudget(ctx.em, { ...filter, level });
  }

  @Query(() => PlacedActivities, {
    description: "Aid's activities placed under codes of a national chart (any level) with the alignment asked.",
  })
  async placedActivities(
    @Ctx() ctx: MappingContext,
    @Arg('filter', () => PlacedActivitiesFilter) filter: PlacedActivitiesFilter,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit: number,
  ): Promise<PlacedActivities> {
    checkPage(offset, limit);
    const { total, identifiers } = await placedActivities(ctx.em, filter, { offset, limit });
    return { totalCount: total, nodes: identifiers.map((iatiIdentifier) => ({ iatiIdentifier })) };
  }
}
