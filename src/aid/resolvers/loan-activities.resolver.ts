import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, Directive, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import { activityFieldColumns } from '../activity-columns.js';
import type { AidContext } from '../context.js';
import type { ActivityRow } from '../report-row.js';
import { Activity } from '../types/activity.type.js';
import { LoanReference } from '../types/loan-reference.type.js';

/**
 * Aid decides which of the identifiers finance names are activities the hub holds: a loan
 * lists only those, never a stub for an activity no publisher has reported.
 */
@Resolver(() => LoanReference)
export class LoanActivitiesResolver {
  @Directive('@requires(fields: "activityIdentifiers")')
  @FieldResolver(() => [Activity], {
    description: 'The IATI activities the hub holds that this loan finances (see activityIdentifiers for every identifier named).',
  })
  async activities(@Root() loan: LoanReference, @Ctx() ctx: AidContext, @Info() info: GraphQLResolveInfo): Promise<ActivityRow[]> {
    const columns = activityFieldColumns(info);
    const found = await Promise.all(loan.activityIdentifiers.map((id) => ctx.loaders.activityByIdentifier.load(id, columns)));
    return found.filter((row): row is ActivityRow => row !== null);
  }
}
