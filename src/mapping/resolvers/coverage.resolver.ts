import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { badInput } from '../../graphql/errors.js';
import type { MappingContext } from '../context.js';
import { coverageTotals, unmappedSources } from '../coverage.js';
import { MappingCoverage } from '../types/coverage.type.js';

@Resolver()
export class CoverageResolver {
  @Query(() => MappingCoverage, {
    description:
      'How much aid money (disbursements and expenditures by default) a classification places, per currency, and the codes leaving the most unmapped, per donor.',
  })
  async mappingCoverage(
    @Ctx() ctx: MappingContext,
    @Arg('segment', () => String, { defaultValue: 'cofog', description: 'cofog, or coa:<segment> with country.' }) segment: string,
    @Arg('country', () => String, { nullable: true }) country?: string | null,
    @Arg('fiscalYear', () => Int, { nullable: true }) fiscalYear?: number | null,
    @Arg('donor', () => String, { nullable: true, description: 'Reporting organisation’s IATI identifier.' }) donor?: string | null,
    @Arg('transactionTypes', () => [String], { nullable: true }) transactionTypes?: string[] | null,
    @Arg('limit', () => Int, { defaultValue: 20 }) limit = 20,
  ): Promise<MappingCoverage> {
    if (segment !== 'cofog' && !country) throw badInput('a national segment needs its country', 'country');
    if (limit < 0 || limit > 1000) throw badInput('limit must be between 0 and 1000', 'limit');
    const types = transactionTypes?.length ? transactionTypes : ['3', '4'];
    const options = {
      target: { scheme: segment, country: segment === 'cofog' ? null : country!.toUpperCase() },
      transactionTypes: types,
      fiscalYear,
      donor,
    };
    const [totals, unmapped] = await Promise.all([coverageTotals(ctx.em, options), unmappedSources(ctx.em, options, limit)]);
    return {
      segment,
      country: options.target.country,
      transactionTypes: types,
      totals,
      unmapped,
    };
  }
}
