import { Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../graphql/pagination.js';
import { Decimal, LocalDate } from '../../graphql/scalars.js';
import { Personal } from '../personal/personal.js';

@ObjectType({
  description: 'A person of a registry. Names, IDs, phone, birth date and village are personal: registry officers only, and audited.',
})
export class Individual {
  @Field(() => ID, { description: 'The hub’s own id (not the registry’s).' })
  id!: number;

  @Field(() => String, { description: 'The registry the record came from.' })
  source!: string;

  @Field(() => String, { description: 'F, M or X.' })
  sex!: string;

  @Field(() => String, { description: 'Age band today: 0-4, 5-17, 18-59 or 60+.' })
  ageBand!: string;

  @Field(() => String, { nullable: true, description: 'The district (admin level 2) the person lives in.' })
  district!: string | null;

  @Personal()
  @Field(() => String, { description: 'The registry’s own id for the person. Personal.' })
  key!: string;

  @Personal()
  @Field(() => String, { description: 'Personal.' })
  givenName!: string;

  @Personal()
  @Field(() => String, { description: 'Personal.' })
  familyName!: string;

  @Personal()
  @Field(() => LocalDate, { description: 'Personal.' })
  dateOfBirth!: string;

  @Personal()
  @Field(() => String, {
    nullable: true,
    description:
      'HMAC-SHA-256 of the national ID under the hub’s key: matches the same ID across registries, reveals nothing alone. Personal.',
  })
  nationalIdHash!: string | null;

  @Personal()
  @Field(() => String, { nullable: true, description: 'Personal.' })
  phone!: string | null;

  @Personal()
  @Field(() => String, { description: 'The lowest admin area known (the village): an exact location. Personal.' })
  areaCode!: string;

  householdId!: number | null;
}

@ObjectType()
export class HouseholdMember {
  @Field(() => String, { description: 'head, spouse, child or other.' })
  role!: string;

  @Field(() => Boolean, { description: 'Receives the household’s transfers.' })
  recipient!: boolean;

  @Field(() => Individual)
  individual!: Individual;
}

@ObjectType({ description: 'A household (group) of a registry.' })
export class Household {
  @Field(() => ID)
  id!: number;

  @Field(() => String)
  source!: string;

  @Field(() => String, { nullable: true, description: 'The district (admin level 2).' })
  district!: string | null;

  @Personal()
  @Field(() => String, { description: 'The registry’s own id for the household. Personal.' })
  key!: string;

  @Personal()
  @Field(() => String, { description: 'The village: an exact location. Personal.' })
  areaCode!: string;
}

@ObjectType({ description: 'An enrolment of a person or household in a programme.' })
export class RegistryEnrolment {
  @Field(() => String)
  programme!: string;

  @Field(() => String, { description: 'potential, active, suspended or graduated.' })
  status!: string;

  @Field(() => LocalDate)
  enrolledOn!: string;

  @Field(() => LocalDate, { nullable: true })
  exitedOn!: string | null;
}

@ObjectType({
  description: 'One payment (benefit consumption). Where it was paid and its receipt are personal: registry officers only, and audited.',
})
export class RegistryPaymentRecord {
  /** The hub's id of the payment: what the audit log names when its personal fields are read. */
  id!: number;

  @Field(() => String)
  programme!: string;

  @Field(() => String)
  cycle!: string;

  @Field(() => Decimal)
  amount!: string;

  @Field(() => String)
  currency!: string;

  @Field(() => LocalDate)
  dueDate!: string;

  @Field(() => LocalDate, { nullable: true })
  paidDate!: string | null;

  @Field(() => String, { description: 'pending, paid, failed or reconciled.' })
  status!: string;

  @Personal()
  @Field(() => String, {
    nullable: true,
    description: 'Where a cash or bank payment is collected: below the district, a location. Personal.',
  })
  paymentPoint!: string | null;

  @Field(() => String, { nullable: true })
  provider!: string | null;

  @Personal()
  @Field(() => String, {
    nullable: true,
    description: 'The provider’s receipt (a mobile-money transaction id): it leads to the person’s account. Personal.',
  })
  receipt!: string | null;
}

export const IndividualConnection = ConnectionType(Individual, 'Individual');
export const HouseholdConnection = ConnectionType(Household, 'Household');
