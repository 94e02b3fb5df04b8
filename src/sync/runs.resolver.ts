import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../graphql/pagination.js';
import type { SyncContext } from './context.js';
import { findQuarantined, findRuns, ImportRunFilter, QuarantineFilter } from './runs-query.js';
import { shownImportError } from './import-error.js';
import { ImportError, ImportRun, ImportRunConnection, QuarantinedRecord, QuarantinedRecordConnection } from './types/import-run.type.js';

@Resolver(() => ImportRun)
export class ImportRunResolver {
  @Query(() => ImportRunConnection, { description: 'Import runs of every connector, newest first, rejected ones included.' })
  async importRuns(
    @Ctx() ctx: SyncContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ImportRunFilter, { nullable: true }) filter?: ImportRunFilter,
  ) {
    return findRuns(ctx.em, filter, page);
  }

  @Query(() => ImportRun, { nullable: true })
  async importRun(@Ctx() ctx: SyncContext, @Arg('id', () => ID) id: string) {
    return ctx.loaders.runById.load(Number(id));
  }

  @Query(() => QuarantinedRecordConnection, { description: 'Records imports could not load, with the reason, oldest first.' })
  async quarantinedRecords(
    @Ctx() ctx: SyncContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => QuarantineFilter, { nullable: true }) filter?: QuarantineFilter,
  ) {
    return findQuarantined(ctx.em, filter, page);
  }

  @FieldResolver(() => ImportError, {
    nullable: true,
    description:
      'Why the run was rejected. A registry import’s quotes its records: registry officers read it whole (audited), everyone else with every value withheld.',
  })
  async error(@Root() run: ImportRun, @Ctx() ctx: SyncContext, @Info() info: GraphQLResolveInfo) {
    return shownImportError(run, ctx, info);
  }

  @FieldResolver(() => [QuarantinedRecord], {
    name: 'quarantinedRecords',
    description: 'The records this run quarantined (the first `limit`; the quarantinedRecords query pages through all).',
  })
  async recordsOfRun(@Root() run: ImportRun, @Ctx() ctx: SyncContext, @Arg('limit', () => Int, { defaultValue: 100 }) limit: number) {
    return (await ctx.loaders.quarantineByRun.load(Number(run.id))).slice(0, Math.max(0, limit));
  }
}

export async function resolveImportRunReference(reference: { id: string }, ctx: SyncContext) {
  return ctx.loaders.runById.load(Number(reference.id));
}
