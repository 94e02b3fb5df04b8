import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { RegistryContext } from '../context.js';
import { disclosurePolicy } from '../disclosure/gate.js';
import { findAreas, findProgrammes, paymentReconciliation } from '../programme-query.js';
import { AdminArea } from '../types/area.type.js';
import { PaymentReconciliation, Programme, ProgrammeFundingSource } from '../types/programme.type.js';
import { RegistryStatistics } from '../types/statistics.type.js';
import { requestOf, StatisticsArgs, today, toStatistics } from './statistics-args.js';

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Authorized()
  @Query(() => [Programme], { description: 'Social-protection programmes of every registry.' })
  async programmes(@Ctx() ctx: RegistryContext, @Arg('codes', () => [String], { nullable: true }) codes: string[] | null) {
    return findProgrammes(ctx.em, codes);
  }

  @Authorized()
  @Query(() => Programme, { nullable: true })
  async programme(@Ctx() ctx: RegistryContext, @Arg('code', () => String) code: string) {
    return ctx.loaders.programme.load(code);
  }

  @FieldResolver(() => [ProgrammeFundingSource], { description: 'Who pays for it: budget codes and donor activities.' })
  async funding(@Root() programme: Programme, @Ctx() ctx: RegistryContext) {
    return ctx.loaders.funding.load(programme.code);
  }

  @Authorized()
  @FieldResolver(() => RegistryStatistics, {
    description:
      'This programme’s statistic (beneficiaries, households, payments or grievances by area, period…): the cells of registryStatistics with PROGRAMME in `by` for this programme, through the same disclosure control (exact for a registry officer, the same perturbed cells for everyone else).',
  })
  async statistics(
    @Root() programme: Programme,
    @Ctx() ctx: RegistryContext,
    @Args(() => StatisticsArgs) args: StatisticsArgs,
  ): Promise<RegistryStatistics> {
    return toStatistics(await ctx.loaders.programmeStatistics({ request: requestOf(args), today: today() }).load(programme.code));
  }

  @Authorized()
  @Query(() => [AdminArea], { description: 'The registries’ admin areas, top level first.' })
  async adminAreas(
    @Ctx() ctx: RegistryContext,
    @Arg('level', () => Int, { nullable: true }) level: number | null,
    @Arg('parent', () => String, { nullable: true }) parent: string | null,
  ) {
    return findAreas(ctx.em, { level, parent, codes: null });
  }

  @Authorized()
  @Query(() => [PaymentReconciliation], {
    description:
      'Paid against due per programme and payroll cycle (national figures): exact for a registry officer, perturbed like registryStatistics for everyone else.',
  })
  async paymentReconciliation(
    @Ctx() ctx: RegistryContext,
    @Arg('programmes', () => [String], { nullable: true }) programmes: string[] | null,
    @Arg('fromCycle', () => String, { nullable: true, description: 'YYYY-MM' }) fromCycle: string | null,
    @Arg('toCycle', () => String, { nullable: true, description: 'YYYY-MM' }) toCycle: string | null,
  ) {
    return paymentReconciliation(
      ctx.em,
      { programmes, fromCycle, toCycle },
      disclosurePolicy(ctx.viewer, ctx.k),
      ctx.statistics.deadlineMs,
    );
  }
}

/** Federation references, batched: a list of programmes or areas from another subgraph is one query. */
export function resolveProgrammeReference(reference: { code: string }, ctx: RegistryContext) {
  return ctx.loaders.programme.load(reference.code);
}

export function resolveAreaReference(reference: { code: string }, ctx: RegistryContext) {
  return ctx.loaders.area.load(reference.code);
}
