import { Field, Int, ObjectType } from 'type-graphql';
import { Decimal, LocalDate } from '../../graphql/scalars.js';
import { MappedActivity, MappedActivityLocation, MappedAdminArea } from './external.type.js';

@ObjectType({ description: 'An amount in one currency (as published, not converted).' })
export class LocatedAmount {
  @Field(() => String) currency!: string;
  @Field(() => Decimal) amount!: string;
}

@ObjectType({ description: "An activity's disbursements located in an admin area: its share by the area's part of its locations." })
export class LocatedActivityAid {
  @Field(() => MappedActivity) activity!: MappedActivity;
  @Field(() => Int, { description: 'Its locations matched to this area.' }) locationsHere!: number;
  @Field(() => Int, { description: 'All its locations (the split is even across them).' }) locations!: number;
  @Field(() => [LocatedAmount], { description: 'Its disbursements in the fiscal year located here, per currency, to the cent.' })
  disbursed!: LocatedAmount[];
}

@ObjectType({ description: 'Aid disbursed in a fiscal year at the IATI locations matched to an admin area (a registry district).' })
export class LocatedAid {
  @Field(() => String) country!: string;
  @Field(() => String) fiscalYear!: string;
  @Field(() => LocalDate) from!: string;
  @Field(() => LocalDate) to!: string;
  @Field(() => [LocatedAmount], { description: 'The sum over the activities, per currency.' }) disbursed!: LocatedAmount[];
  @Field(() => [LocatedActivityAid]) activities!: LocatedActivityAid[];
}

@ObjectType({ description: 'How an activity location was matched to a registry district, or why it was not.' })
export class LocationAreaMatch {
  @Field(() => MappedAdminArea, { nullable: true }) adminArea!: MappedAdminArea | null;
  @Field(() => String, { nullable: true, description: 'code (a location: rule through the chart’s location segment) or name.' })
  method!: string | null;
  @Field(() => String, { nullable: true, description: 'AMBIGUOUS_CODE, AMBIGUOUS_NAME or NO_DISTRICT when unmatched.' })
  problem!: string | null;
  @Field(() => [String], { description: 'The districts the code or name pointed to (several when ambiguous).' })
  candidates!: string[];
}

@ObjectType({ description: 'An activity location no registry district could be matched to, for an AIMS administrator to settle.' })
export class UnmatchedLocation {
  @Field(() => MappedActivityLocation) location!: MappedActivityLocation;
  @Field(() => MappedActivity) activity!: MappedActivity;
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => String, { description: 'AMBIGUOUS_CODE, AMBIGUOUS_NAME or NO_DISTRICT.' }) problem!: string;
  @Field(() => [String], { description: 'The districts an ambiguous code or name pointed to.' }) candidates!: string[];
}
