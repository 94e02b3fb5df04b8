import { Arg, Ctx, FieldResolver, Int, ObjectType, Field, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../graphql/errors.js';
import type { MappingContext } from '../context.js';
import type { AidProjectionRow } from '../projection/row.js';
import { projectionRows } from '../projection/rows.js';
import { checkProjection, type Projection } from '../projection/setup.js';
import { projectionTotals, TOTAL_KEYS, type ProjectionTotal, type TotalKey } from '../projection/totals.js';
import { bySector } from '../projection/sector-split.js';
import { activitySplits, type ActivitySplit } from '../projection/splits.js';
import { ActivitySplitType, AidProjectionFilter, AidProjectionRowType, ProjectionTotalType } from '../types/projection.type.js';

const MAX_ROWS = 1000;

@ObjectType({ description: 'Aid in the national budget’s terms: rows, their count and totals, under one filter.' })
export class AidProjection {
  @Field(() => String) country!: string;
  @Field(() => String, { description: 'The segment rows are split by.' }) segment!: string;
  @Field(() => String) nationalCurrency!: string;
  @Field(() => String, { description: 'The currency of presentation (totals are in it).' }) currency!: string;
  /** The checked filter (not a field). */
  projection!: Projection;
}

@Resolver(() => AidProjection)
export class AidProjectionResolver {
  @Query(() => AidProjection, {
    description:
      'The aid-on-budget view: one row per activity × national fiscal year × code of a CoA segment, mapping shares applied exactly, with alignment, finance type and amounts in transaction, national and presentation currency.',
  })
  async aidProjection(
    @Ctx() ctx: MappingContext,
    @Arg('filter', () => AidProjectionFilter) filter: AidProjectionFilter,
  ): Promise<AidProjection> {
    const projection = await checkProjection(ctx.em, filter);
    return {
      country: projection.filter.country,
      segment: projection.filter.segment,
      nationalCurrency: projection.calendar.currency,
      currency: projection.filter.currency,
      projection,
    };
  }

  @FieldResolver(() => [AidProjectionRowType], {
    description: `Rows in a stable order (activity, year, quarter, currency, code); at most ${MAX_ROWS}.`,
  })
  async rows(
    @Root() root: AidProjection,
    @Ctx() ctx: MappingContext,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit: number,
  ): Promise<AidProjectionRow[]> {
    checkPage(offset, limit);
    const page: AidProjectionRow[] = [];
    if (limit === 0) return page;
    let seen = 0;
    for await (const row of projectionRows(ctx.em, root.projection)) {
      if (seen++ < offset) continue;
      page.push(row);
      if (page.length === limit) break;
    }
    return page;
  }

  @FieldResolver(() => Int, { description: 'How many rows the filter gives.' })
  async totalCount(@Root() root: AidProjection, @Ctx() ctx: MappingContext): Promise<number> {
    let count = 0;
    for await (const _row of projectionRows(ctx.em, root.projection)) count += 1;
    return count;
  }

  @FieldResolver(() => [ProjectionTotalType], {
    description: `Totals in the currency of presentation, grouped by any of: ${TOTAL_KEYS.join(', ')} (one grand total when none).`,
  })
  totals(
    @Root() root: AidProjection,
    @Ctx() ctx: MappingContext,
    @Arg('by', () => [String], { defaultValue: [] }) by: string[],
  ): Promise<ProjectionTotal[]> {
    for (const key of by)
      if (!(TOTAL_KEYS as readonly string[]).includes(key)) throw badInput(`by: "${key}" is not one of ${TOTAL_KEYS.join(', ')}`, 'by');
    const rows = projectionRows(ctx.em, root.projection);
    return projectionTotals(by.includes('sector') ? bySector(ctx.em, rows) : rows, by as TotalKey[]);
  }

  @FieldResolver(() => [ActivitySplitType], {
    description: `Beside the rows: the whole split of every segment of the selected activities (a page of them, in the rows' order; at most ${MAX_ROWS}).`,
  })
  splits(
    @Root() root: AidProjection,
    @Ctx() ctx: MappingContext,
    @Arg('offset', () => Int, { defaultValue: 0, description: 'Activities to skip.' }) offset: number,
    @Arg('limit', () => Int, { defaultValue: 100, description: 'Activities to return.' }) limit: number,
  ): Promise<ActivitySplit[]> {
    checkPage(offset, limit);
    return activitySplits(ctx.em, root.projection, { offset, limit });
  }
}

/** A page of `limit` rows (or activities) after `offset`, refused naming the argument when out of range. */
export function checkPage(offset: number, limit: number): void {
  if (offset < 0) throw badInput('offset must not be negative', 'offset');
  if (limit < 0 || limit > MAX_ROWS) throw badInput(`limit must be between 0 and ${MAX_ROWS}`, 'limit');
}
