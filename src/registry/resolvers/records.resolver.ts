import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Role } from '../../auth/viewer.js';
import { badInput } from '../../graphql/errors.js';
import { PageArgs } from '../../graphql/pagination.js';
import type { RegistryContext } from '../context.js';
import { hashNationalId } from '../national-id.js';
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
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => RecordFilter, { nullable: true }) filter: RecordFilter | null,
  ) {
    const key = filter?.nationalId ? await ctx.idHashKey() : null;
    if (filter?.nationalId && key === null) throw badInput('no national-ID hash key is configured (TRIBUTARY_ID_HASH_KEY)', 'nationalId');
    return findIndividuals(ctx.em, filter, page, (id) => hashNationalId(key ?? '', id));
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
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => RecordFilter, { nullable: true }) filter: RecordFilter | null,
  ) {
    if (filter?.nationalId) throw badInput('filter households by programme, area or source; people by national ID', 'nationalId');
    return findHouseholds(ctx.em, filter, page);
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
