import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { AidContext } from '../context.js';
import type { ReportPartRow } from '../report-row.js';
import { ImportWarning } from '../types/code.type.js';
import { ActivityReport, ImportRun, ReportingOrg } from '../types/report.type.js';
import { Budget, Transaction, TransactionTotal } from '../types/money.type.js';
import { budgetColumnsAsked } from '../part-columns.js';
import { reportingOrgOf, transactionsOf } from './report-content.js';
import { budget } from './money-parts.js';

/** A single publisher's report, so donor and implementer figures can be compared side by side. */
@Resolver(() => ActivityReport)
export class ActivityReportResolver {
  @FieldResolver(() => ReportingOrg)
  reportingOrg(@Root() row: ReportPartRow): ReportingOrg {
    return reportingOrgOf(row);
  }

  @FieldResolver(() => [ImportWarning])
  async warnings(@Root() row: ReportPartRow, @Ctx() ctx: AidContext): Promise<ImportWarning[]> {
    return (await ctx.loaders.warningsByReport.load(row.reportId))?.warnings ?? [];
  }

  @FieldResolver(() => ImportRun, { description: 'The import that last wrote this report.' })
  importRun(@Root() row: ReportPartRow): ImportRun {
    return { id: String(row.importRunId) };
  }

  @FieldResolver(() => [Transaction])
  async transactions(
    @Root() row: ReportPartRow,
    @Ctx() ctx: AidContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('type', () => [String], { nullable: true }) type?: string[],
  ) {
    return transactionsOf(row, ctx, info, type);
  }

  @FieldResolver(() => [TransactionTotal])
  async transactionTotals(@Root() row: ReportPartRow, @Ctx() ctx: AidContext) {
    return ctx.loaders.totalsByReport.load(row.reportId);
  }

  @FieldResolver(() => [Budget])
  async budgets(@Root() row: ReportPartRow, @Ctx() ctx: AidContext, @Info() info: GraphQLResolveInfo) {
    return (await ctx.loaders.budgetsByReport.load(row.reportId, budgetColumnsAsked(info))).map(budget);
  }
}
