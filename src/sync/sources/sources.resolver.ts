import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '../../auth/viewer.js';
import { TributaryError } from '../../errors.js';
import { DateTime } from '../../graphql/scalars.js';
import type { SyncContext } from '../context.js';
import { ImportError, ImportRun } from '../types/import-run.type.js';
import { Source, SourceHealth, SourceRun } from '../types/source.type.js';
import { nextTick } from './cron-times.js';
import { whereOf } from './hub-sources.js';
import { publicReason } from './public-reason.js';
import type { ConfiguredSource } from './source-config.js';
import { sourceHealth } from './source-query.js';

function toSource(source: ConfiguredSource): Source {
  return {
    name: source.name,
    kind: source.kind,
    location: whereOf(source),
    schedule: source.schedule ? { cron: source.schedule.cron, timezone: source.schedule.timezone } : null,
    nextRun: source.schedule ? (nextTick(source.schedule)?.toISOString() ?? null) : null,
  };
}

@Resolver(() => Source)
export class SourceResolver {
  @Query(() => [Source], { description: 'The sources configured in TRIBUTARY_SOURCES, by name.' })
  sources(@Ctx() ctx: SyncContext): Source[] {
    return [...ctx.hubSources.sources.values()].sort((a, b) => a.name.localeCompare(b.name)).map(toSource);
  }

  @Query(() => Source, { nullable: true })
  source(@Ctx() ctx: SyncContext, @Arg('name', () => String) name: string): Source | null {
    const found = ctx.hubSources.sources.get(name);
    return found ? toSource(found) : null;
  }

  @FieldResolver(() => SourceHealth, { description: 'GREEN, LATE, FAILING, NEVER_RUN or MANUAL, as the hub computes it now.' })
  async health(@Root() source: Source, @Ctx() ctx: SyncContext) {
    return (await sourceHealth(ctx.sourceLoaders, source.name, source.schedule)).health;
  }

  @FieldResolver(() => DateTime, {
    nullable: true,
    description: 'When it is (or was) late without another success: its last success plus twice its schedule’s interval.',
  })
  async lateAfter(@Root() source: Source, @Ctx() ctx: SyncContext) {
    return (await sourceHealth(ctx.sourceLoaders, source.name, source.schedule)).lateAfter?.toISOString() ?? null;
  }

  @FieldResolver(() => SourceRun, { nullable: true, description: 'Its newest run, whatever its state.' })
  lastRun(@Root() source: Source, @Ctx() ctx: SyncContext) {
    return ctx.sourceLoaders.lastRun.load(source.name);
  }

  @FieldResolver(() => SourceRun, { nullable: true })
  lastSuccess(@Root() source: Source, @Ctx() ctx: SyncContext) {
    return ctx.sourceLoaders.lastSuccess.load(source.name);
  }

  @FieldResolver(() => SourceRun, { nullable: true, description: 'Its newest rejected, failed or interrupted run; see its error.' })
  lastFailure(@Root() source: Source, @Ctx() ctx: SyncContext) {
    return ctx.sourceLoaders.lastFailure.load(source.name);
  }

  @FieldResolver(() => [SourceRun], { description: 'Its runs, newest first (at most 100).' })
  async runs(@Root() source: Source, @Ctx() ctx: SyncContext, @Arg('limit', () => Int, { defaultValue: 20 }) limit: number) {
    return (await ctx.sourceLoaders.runsOf.load(source.name)).slice(0, Math.max(0, Math.min(limit, 100)));
  }

  @Authorized<Role>('system-admin')
  @Mutation(() => SourceRun, {
    description:
      'Starts a source now (system administrators). While it runs, queues one follow-up run that starts when the running one ends (a second start while one waits answers with that one).',
  })
  async startSource(@Ctx() ctx: SyncContext, @Arg('name', () => String) name: string) {
    const source = ctx.hubSources.sources.get(name);
    if (!source) throw new TributaryError('BAD_USER_INPUT', `no source named ${name} in the sources file`, { field: 'name' });
    const scheduler = ctx.hubSources.scheduler;
    if (!scheduler) throw new TributaryError('BAD_USER_INPUT', 'this hub process runs no scheduler (started with --no-scheduler)');
    const started = await scheduler.startNow(source, ctx.viewer.subject);
    if ('skipped' in started)
      throw new TributaryError('BAD_USER_INPUT', `source ${name} could not be started (${started.skipped})`, { field: 'name' });
    return ctx.sourceLoaders.runById.load(started.runId);
  }
}

@Resolver(() => SourceRun)
export class SourceRunResolver {
  @FieldResolver(() => ImportError, {
    nullable: true,
    description:
      'Why it failed. A registry source’s quotes its records: registry officers read it whole (audited), everyone else without a value.',
  })
  async error(@Root() run: SourceRun, @Ctx() ctx: SyncContext, @Info() info: GraphQLResolveInfo) {
    if (run.error === null || run.kind !== 'registry') return run.error;
    if (!ctx.viewer.roles.includes('registry-officer')) return { ...run.error, message: publicReason(run, run.error.message) };
    await ctx.audit.record('SourceRun', Number(run.id), 'error', info);
    return run.error;
  }

  @FieldResolver(() => Int, { description: 'Records its imports stored: new ones and those whose content changed.' })
  records(@Root() run: SourceRun, @Ctx() ctx: SyncContext) {
    return ctx.sourceLoaders.recordsOf.load(Number(run.id));
  }

  @FieldResolver(() => [ImportRun], { description: 'The import runs of the inputs it imported (or tried to).' })
  async importRuns(@Root() run: SourceRun, @Ctx() ctx: SyncContext) {
    const ids = await ctx.sourceLoaders.importRunIdsOf.load(Number(run.id));
    return (await ctx.loaders.runById.loadMany(ids)).filter((r): r is ImportRun => r !== null && !(r instanceof Error));
  }
}
