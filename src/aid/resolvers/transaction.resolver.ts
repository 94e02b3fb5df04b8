import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { activityFieldColumns } from '../activity-columns.js';
import { OrderDirection } from '../../graphql/keyset.js';
import { PageArgs } from '../../graphql/pagination.js';
import type { AidContext } from '../context.js';
import { aidTypeCodes, orgReference, sector } from '../parts.js';
import type { TransactionRow } from '../rows.js';
import { sectorColumnsAsked, transactionPageColumnsAsked } from '../part-columns.js';
import { findTransactions, TransactionFilter } from '../transaction-query.js';
import { Activity, OrgReference, Sector } from '../types/activity.type.js';
import { Code, codeOf } from '../types/code.type.js';
import { Transaction, TransactionConnection } from '../types/money.type.js';

@Resolver(() => Transaction)
export class TransactionResolver {
  @Query(() => TransactionConnection, {
    description: "Transactions across activities (by default only the authoritative reports'), by date.",
  })
  async transactions(
    @Ctx() ctx: AidContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => TransactionFilter, { nullable: true }) filter?: TransactionFilter,
    @Arg('direction', () => OrderDirection, { defaultValue: OrderDirection.ASC, description: 'Order by transaction date.' })
    direction?: OrderDirection,
  ) {
    return findTransactions(ctx.em, filter, direction ?? OrderDirection.ASC, page, transactionPageColumnsAsked(info));
  }

  @FieldResolver(() => Code, { nullable: true, description: 'TransactionType; 1.0x codes (D, C, E…) are translated, see typeOriginal.' })
  type(@Root() row: TransactionRow) {
    return codeOf('TransactionType', row.type);
  }

  @FieldResolver(() => OrgReference, { nullable: true })
  provider(@Root() row: TransactionRow) {
    return orgReference(row.provider);
  }

  @FieldResolver(() => OrgReference, { nullable: true })
  receiver(@Root() row: TransactionRow) {
    return orgReference(row.receiver);
  }

  @FieldResolver(() => Code, { nullable: true, description: 'DisbursementChannel: 1 = money to the recipient government treasury.' })
  disbursementChannel(@Root() row: TransactionRow) {
    return codeOf('DisbursementChannel', row.disbursementChannel);
  }

  @FieldResolver(() => [Code])
  aidTypes(@Root() row: TransactionRow) {
    return aidTypeCodes(row.aidTypes);
  }

  @FieldResolver(() => Code, { nullable: true })
  financeType(@Root() row: TransactionRow) {
    return codeOf('FinanceType', row.financeType);
  }

  @FieldResolver(() => Code, { nullable: true })
  flowType(@Root() row: TransactionRow) {
    return codeOf('FlowType', row.flowType);
  }

  @FieldResolver(() => Code, { nullable: true })
  tiedStatus(@Root() row: TransactionRow) {
    return codeOf('TiedStatus', row.tiedStatus);
  }

  @FieldResolver(() => Code, { nullable: true })
  recipientCountry(@Root() row: TransactionRow) {
    return codeOf('Country', row.recipientCountry);
  }

  @FieldResolver(() => Code, { nullable: true })
  recipientRegion(@Root() row: TransactionRow) {
    return codeOf('Region', row.recipientRegion);
  }

  @FieldResolver(() => [Sector], { description: 'Sectors given on this transaction.' })
  async sectors(@Root() row: TransactionRow, @Ctx() ctx: AidContext, @Info() info: GraphQLResolveInfo) {
    return (await ctx.loaders.sectorsByTransaction.load(row.id, sectorColumnsAsked(info))).map(sector);
  }

  @FieldResolver(() => Activity, { nullable: true, description: 'The activity this transaction belongs to.' })
  async activity(@Root() row: TransactionRow, @Ctx() ctx: AidContext, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.activityByIdentifier.load(row.iatiIdentifier, activityFieldColumns(info));
  }
}

export async function resolveTransactionReference(reference: { id: string | number }, ctx: AidContext) {
  return ctx.loaders.transactionById.load(Number(reference.id));
}
