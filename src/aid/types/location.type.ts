import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Decimal } from '../../graphql/scalars.js';
import { Code } from './code.type.js';

@ObjectType({ simpleResolvers: true, description: "An administrative area code of a location, in a gazetteer's vocabulary." })
export class AdministrativeCode {
  @Field(() => Code, {
    nullable: true,
    description: 'GeographicVocabulary: A1 GAUL, A2 SALB, A3 GADM, A4 ISO country, G1 GeoNames, G2 OSM.',
  })
  vocabulary!: Code | null;

  @Field(() => Int, { nullable: true, description: 'The administrative level (0 the country, 1 the first subdivision…).' })
  level!: number | null;

  @Field(() => String)
  code!: string;
}

@ObjectType({ simpleResolvers: true, description: 'A point in WGS 84 decimal degrees, as published.' })
export class GeoPoint {
  @Field(() => Decimal)
  latitude!: string;

  @Field(() => Decimal)
  longitude!: string;
}

/** An IATI `<location>` of the activity's authoritative report. */
@Directive('@key(fields: "id")')
@ObjectType({ simpleResolvers: true, description: 'Where an activity happens or its intended beneficiaries live (IATI location).' })
export class ActivityLocation {
  @Field(() => ID)
  id!: number;

  @Field(() => String, { nullable: true, description: "The publisher's own reference." })
  ref!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'What the activity does at this location.' })
  activityDescription!: string | null;

  @Field(() => [AdministrativeCode])
  administrative!: AdministrativeCode[];

  @Field(() => GeoPoint, { nullable: true })
  point!: GeoPoint | null;

  @Field(() => Code, { nullable: true, description: 'GeographicExactness: 1 exact, 2 approximate.' })
  exactness!: Code | null;

  @Field(() => Code, { nullable: true, description: 'GeographicLocationReach: 1 the activity, 2 its intended beneficiaries.' })
  reach!: Code | null;

  @Field(() => Code, {
    nullable: true,
    description: 'GeographicLocationClass: 1 administrative region, 2 populated place, 3 structure, 4 other.',
  })
  locationClass!: Code | null;

  @Field(() => Code, { nullable: true, description: 'LocationType (a GeoNames feature code), e.g. PPLC a capital.' })
  featureDesignation!: Code | null;
}
