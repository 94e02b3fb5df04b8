import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '../../auth/viewer.js';
import { badInput } from '../../graphql/errors.js';
import { PageArgs, type Connection } from '../../graphql/pagination.js';
import type { RegistryContext } from '../context.js';
import { hashNationalId } from '../national-id.js';
import { assertMaySearch, PERSON_FILTERS, personalSearch, type PersonalSearch } from '../personal/search.js';
import { findHouseholds, findIndividuals, RecordFilter } from '../records/query.js';
import {
  Household,
  HouseholdConnection,
  HouseholdMember,
  Individual,
  IndividualConnection,
  RegistryEnrolment,
  RegistryPaymentRecord,
} from '../types/records.type.js';

/** A search by personal attributes is in the audit log, with what it found, before anything of it is returned. */
async function audited<T extends { id: number }>(
  ctx: RegistryContext,
  type: string,
  search: PersonalSearch,
  found: Connection<T>,
  info: GraphQLResolveInfo,
): Promise<Connection<T>> {
  if (search.personal.length > 0)
    await ctx.audit.search(
      type,
      search.personal,
      search.terms,
      found.nodes.map((node) => Number(node.id)),
      info,
    );
  return found;
}

/**
 * The registry's records, for the people who run it: registry officers (and system administrators,
 * who see the records but none of their personal fields: those are registry officers' alone).
 */
@Resolver(() => Individual)
export class IndividualResolver {
  @Authorized<Role>('registry-officer')
  @Query(() => IndividualConnection, { description: 'People of the registries, by hub id. Registry officers.' })
  async individuals(
    @Ctx() ctx: RegistryContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => RecordFilter, { nullable: true }) filter: RecordFilter | null,
  ) {
    const key = await ctx.idHashKey();
    const search = await personalSearch(ctx.em, filter, key);
    assertMaySearch(search, ctx.viewer);
    const found = await findIndividuals(ctx.em, filter, page, (id) => hashNationalId(key ?? '', id));
    return audited(ctx, 'Individual', search, found, info);
  }

  @Authorized<Role>('registry-officer')
  @Query(() => Individual, { nullable: true })
  async individual(@Ctx() ctx: RegistryContext, @Arg('id', () => ID) id: string) {
    return ctx.loaders.individual.load(Number(id));
  }

  @FieldResolver(() => Household, { nullable: true })
  async household(@Root() person: Individual, @Ctx() ctx: RegistryContext) {
    return person.householdId === null ? null : ctx.loaders.household.load(person.householdId);
  }

  @FieldResolver(() => [RegistryEnrolment], { description: 'The person’s own enrolments (not the household’s).' })
  async enrolments(@Root() person: Individual, @Ctx() ctx: RegistryContext) {
    return ctx.loaders.enrolmentsOfIndividual.load(person.id);
  }

  @FieldResolver(() => [RegistryPaymentRecord], { description: 'Payments to the person’s own enrolments.' })
  async payments(@Root() person: Individual, @Ctx() ctx: RegistryContext) {
    return ctx.loaders.paymentsOfIndividual.load(person.id);
  }
}

@Resolver(() => Household)
export class HouseholdResolver {
  @Authorized<Role>('registry-officer')
  @Query(() => HouseholdConnection, { description: 'Households of the registries, by hub id. Registry officers.' })
  async households(
    @Ctx() ctx: RegistryContext,
    @Info() info: GraphQLResolveInfo,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => RecordFilter, { nullable: true }) filter: RecordFilter | null,
  ) {
    const person = PERSON_FILTERS.find((name) => filter?.[name]);
    if (person)
      throw badInput(`filter households by programme, area or source; people by ${PERSON_FILTERS.join(', ')}`, `filter.${person}`);
    const search = await personalSearch(ctx.em, filter, await ctx.idHashKey());
    assertMaySearch(search, ctx.viewer);
    return audited(ctx, 'Household', search, await findHouseholds(ctx.em, filter, page), info);
  }

  @Authorized<Role>('registry-officer')
  @Query(() => Household, { nullable: true })
  async household(@Ctx() ctx: RegistryContext, @Arg('id', () => ID) id: string) {
    return ctx.loaders.household.load(Number(id));
  }

  @FieldResolver(() => [HouseholdMember], { description: 'Head first.' })
  async members(@Root() household: Household, @Ctx() ctx: RegistryContext): Promise<HouseholdMember[]> {
    const members = await ctx.loaders.members.load(household.id);
    const people = await Promise.all(members.map((m) => ctx.loaders.individual.load(m.individualId)));
    return members.flatMap((m, i) => {
      const individual = people[i];
      return individual ? [{ role: m.role, recipient: m.recipient, individual }] : [];
    });
  }

  @FieldResolver(() => [RegistryEnrolment])
  async enrolments(@Root() household: Household, @Ctx() ctx: RegistryContext) {
    return ctx.loaders.enrolmentsOfHousehold.load(household.id);
  }

  @FieldResolver(() => [RegistryPaymentRecord])
  async payments(@Root() household: Household, @Ctx() ctx: RegistryContext) {
    return ctx.loaders.paymentsOfHousehold.load(household.id);
  }
}
