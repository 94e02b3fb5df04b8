import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { PageArgs } from '../../graphql/pagination.js';
import { activityColumnsAsked, activityFieldColumns, totalCountAsked } from '../activity-columns.js';
import { ActivityFilter, ActivityOrder, findActivities } from '../activity-query.js';
import type { AidContext } from '../context.js';
import { ALL_COLUMNS, type ActivityRow, type ReportColumn } from '../report-row.js';
import { Activity, ActivityDates, Condition } from '../types/activity.type.js';
import { ActivityConnection, ActivityReport, Authority, ReportingOrg } from '../types/report.type.js';
import { Code, codeOf } from '../types/code.type.js';
import { preferNarrative } from './narratives.js';
import { reportingOrgOf } from './report-content.js';

@Resolver(() => Activity)
export class ActivityResolver {
  @Query(() => ActivityConnection, { description: 'Activities, filtered, sorted and paged (relay cursor connection).' })
  async activities(
    @Ctx() ctx: AidContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => ActivityFilter, { nullable: true }) filter?: ActivityFilter,
    @Arg('orderBy', () => ActivityOrder, { nullable: true }) orderBy?: ActivityOrder,
  ) {
    return findActivities(ctx.em, filter, orderBy, page, { columns: activityColumnsAsked(info), totalCount: totalCountAsked(info) });
  }

  @Query(() => Activity, { nullable: true, description: 'One activity by its IATI identifier.' })
  async activity(
    @Ctx() ctx: AidContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('iatiIdentifier', () => ID) iatiIdentifier: string,
  ): Promise<ActivityRow | null> {
    return ctx.loaders.activityByIdentifier.load(iatiIdentifier, activityFieldColumns(info));
  }

  @FieldResolver(() => String, { nullable: true, description: 'The title in `lang` if published in it, else English, else the first.' })
  title(@Root() row: ActivityRow, @Arg('lang', () => String, { nullable: true }) lang?: string): string | null {
    return lang ? (preferNarrative(row.titles, lang) ?? row.title) : row.title;
  }

  @FieldResolver(() => ReportingOrg)
  reportingOrg(@Root() row: ActivityRow): ReportingOrg {
    return reportingOrgOf(row);
  }

  @FieldResolver(() => Code, { nullable: true })
  status(@Root() row: ActivityRow) {
    return codeOf('ActivityStatus', row.status);
  }

  @FieldResolver(() => ActivityDates)
  dates(@Root() row: ActivityRow): ActivityDates {
    return {
      plannedStart: row.plannedStart,
      actualStart: row.actualStart,
      plannedEnd: row.plannedEnd,
      actualEnd: row.actualEnd,
      start: row.startDate,
      end: row.endDate,
    };
  }

  @FieldResolver(() => Code, { nullable: true })
  collaborationType(@Root() row: ActivityRow) {
    return codeOf('CollaborationType', row.collaborationType);
  }

  @FieldResolver(() => Code, { nullable: true })
  defaultFlowType(@Root() row: ActivityRow) {
    return codeOf('FlowType', row.defaultFlowType);
  }

  @FieldResolver(() => Code, { nullable: true })
  defaultFinanceType(@Root() row: ActivityRow) {
    return codeOf('FinanceType', row.defaultFinanceType);
  }

  @FieldResolver(() => Code, { nullable: true })
  defaultTiedStatus(@Root() row: ActivityRow) {
    return codeOf('TiedStatus', row.defaultTiedStatus);
  }

  @FieldResolver(() => [Code], { description: 'Default aid types; vocabulary 1 codes are named from the AidType codelist.' })
  defaultAidTypes(@Root() row: ActivityRow): Code[] {
    return row.defaultAidTypes.map((a) => ({
      codelist: a.vocabulary === '1' ? 'AidType' : `AidType-vocabulary-${a.vocabulary}`,
      code: a.code,
    }));
  }

  @FieldResolver(() => [Condition])
  conditions(@Root() row: ActivityRow): Condition[] {
    return row.conditions.map((c) => ({ type: codeOf('ConditionType', c.type), text: c.text }));
  }

  @FieldResolver(() => [ActivityReport], { description: "Every publisher's report of this activity, the authoritative one included." })
  async reports(@Root() row: ActivityRow, @Ctx() ctx: AidContext) {
    return ctx.loaders.reportsByActivity.load(row.activityId);
  }

  @FieldResolver(() => Authority, { description: 'Which report the activity shows, and why.' })
  authority(@Root() row: ActivityRow): Authority {
    return { rule: row.authorityRule ?? 'only-report', reportingOrg: reportingOrgOf(row) };
  }
}

const EVERY_COLUMN: ReadonlySet<ReportColumn> = new Set(ALL_COLUMNS);

/** Federation: another subgraph refers to an activity by its identifier (every column read). */
export async function resolveActivityReference(reference: { iatiIdentifier: string }, ctx: AidContext): Promise<ActivityRow | null> {
  return ctx.loaders.activityByIdentifier.load(reference.iatiIdentifier, EVERY_COLUMN);
}
