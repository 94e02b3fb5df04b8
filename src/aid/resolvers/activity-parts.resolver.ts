import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { AidContext } from '../context.js';
import type { ActivityRow } from '../report-row.js';
import { countryBudgetItem, participatingOrg, recipientCountry, recipientRegion, relatedActivity, sector } from '../parts.js';
import {
  Activity,
  CountryBudgetItem,
  ParticipatingOrg,
  RecipientCountry,
  RecipientRegion,
  RelatedActivity,
  Sector,
} from '../types/activity.type.js';
import { Budget, PlannedDisbursement, Transaction, TransactionTotal } from '../types/money.type.js';
import { budgetColumnsAsked, participatingOrgColumnsAsked } from '../part-columns.js';
import { sectorsOf, transactionsOf } from './report-content.js';
import { budget, plannedDisbursement } from './money-parts.js';
import { activityLocation } from '../locations.js';
import { ActivityLocation } from '../types/location.type.js';

/** The activity's lists, each read for all activities of a request in one query. */
@Resolver(() => Activity)
export class ActivityPartsResolver {
  @FieldResolver(() => [RecipientCountry])
  async recipientCountries(@Root() row: ActivityRow, @Ctx() ctx: AidContext) {
    return (await ctx.loaders.countriesByReport.load(row.reportId)).map(recipientCountry);
  }

  @FieldResolver(() => [RecipientRegion])
  async recipientRegions(@Root() row: ActivityRow, @Ctx() ctx: AidContext) {
    return (await ctx.loaders.regionsByReport.load(row.reportId)).map(recipientRegion);
  }

  @FieldResolver(() => [Sector])
  async sectors(
    @Root() row: ActivityRow,
    @Ctx() ctx: AidContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('vocabulary', () => String, { nullable: true, description: 'Only this sector vocabulary.' }) vocabulary?: string,
    @Arg('includeTransactionLevel', () => Boolean, { defaultValue: false, description: 'Also sectors given only on transactions.' })
    includeTransactionLevel?: boolean,
  ) {
    return (await sectorsOf(row, ctx, info, vocabulary, includeTransactionLevel ?? false)).map(sector);
  }

  @FieldResolver(() => [ParticipatingOrg])
  async participatingOrgs(
    @Root() row: ActivityRow,
    @Ctx() ctx: AidContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('role', () => String, { nullable: true, description: 'Only this OrganisationRole code.' }) role?: string,
  ) {
    const all = await ctx.loaders.participatingOrgsByReport.load(row.reportId, participatingOrgColumnsAsked(info));
    return (role ? all.filter((o) => o.role === role) : all).map(participatingOrg);
  }

  @FieldResolver(() => [Transaction])
  async transactions(
    @Root() row: ActivityRow,
    @Ctx() ctx: AidContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('type', () => [String], { nullable: true, description: 'Only these TransactionType codes.' }) type?: string[],
  ) {
    return transactionsOf(row, ctx, info, type);
  }

  @FieldResolver(() => [TransactionTotal], { description: 'Sums by transaction type and currency, computed exactly in the database.' })
  async transactionTotals(@Root() row: ActivityRow, @Ctx() ctx: AidContext) {
    return ctx.loaders.totalsByReport.load(row.reportId);
  }

  @FieldResolver(() => [Budget])
  async budgets(@Root() row: ActivityRow, @Ctx() ctx: AidContext, @Info() info: GraphQLResolveInfo) {
    return (await ctx.loaders.budgetsByReport.load(row.reportId, budgetColumnsAsked(info))).map(budget);
  }

  @FieldResolver(() => [PlannedDisbursement])
  async plannedDisbursements(@Root() row: ActivityRow, @Ctx() ctx: AidContext) {
    return (await ctx.loaders.plannedByReport.load(row.reportId)).map(plannedDisbursement);
  }

  @FieldResolver(() => [CountryBudgetItem])
  async countryBudgetItems(@Root() row: ActivityRow, @Ctx() ctx: AidContext) {
    return (await ctx.loaders.budgetItemsByReport.load(row.reportId)).map(countryBudgetItem);
  }

  @FieldResolver(() => [ActivityLocation], { description: 'Where the activity happens or its beneficiaries live, in published order.' })
  async locations(@Root() row: ActivityRow, @Ctx() ctx: AidContext) {
    return (await ctx.loaders.locationsByReport.load(row.reportId)).map(activityLocation);
  }

  @FieldResolver(() => [RelatedActivity])
  async relatedActivities(@Root() row: ActivityRow, @Ctx() ctx: AidContext) {
    return (await ctx.loaders.relatedByReport.load(row.reportId)).map(relatedActivity);
  }
}

/** A location by id (federation: the mapping subgraph adds the admin area it is matched to). */
export async function resolveLocationReference(reference: { id: string | number }, ctx: AidContext): Promise<ActivityLocation | null> {
  const row = await ctx.loaders.locationById.load(Number(reference.id));
  return row ? activityLocation(row) : null;
}
