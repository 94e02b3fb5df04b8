import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { Role } from '../../auth/viewer.js';
import { PageArgs } from '../../graphql/pagination.js';
import type { RegistryContext } from '../context.js';
import { findPersonalReads, PersonalReadFilter } from '../personal/reads-query.js';
import { PersonalDataReadConnection } from '../types/audit.type.js';

@Resolver()
export class PersonalReadResolver {
  @Authorized<Role>('system-admin')
  @Query(() => PersonalDataReadConnection, {
    description: 'The audit log of personal-data reads, newest first. System administrators only.',
  })
  async personalDataReads(
    @Ctx() ctx: RegistryContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => PersonalReadFilter, { nullable: true }) filter: PersonalReadFilter | null,
  ) {
    return findPersonalReads(ctx.em, filter, page);
  }
}
